package dev.scimserver.store.memory;

import dev.scimserver.filter.AttributePath;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.schema.Uniqueness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which attributes the in-memory backend indexes for equality look-ups, per resource type: the
 * ones identity providers look resources up by ({@code externalId}, {@code userName},
 * {@code displayName}, {@code members.value}, {@code emails.value}) and every attribute marked unique.
 */
public record IndexPlan(Map<String, List<ResolvedPath>> pathsByType) {
    // No "id": a type's resources are kept by id already (TypeStore.lookup), and a second map of a
    // million ids was a million more entries to build and for the collector to copy.
    private static final List<String> WELL_KNOWN = List.of("externalId", "userName", "displayName",
            "members.value", "emails.value");

    public static IndexPlan none() {
        return new IndexPlan(Map.of());
    }

    public static IndexPlan of(SchemaRegistry registry) {
        Map<String, List<ResolvedPath>> plan = new LinkedHashMap<>();
        for (ResourceType type : registry.resourceTypes()) {
            Map<String, ResolvedPath> paths = new LinkedHashMap<>();
            for (String name : WELL_KNOWN) {
                int dot = name.indexOf('.');
                AttributePath path = dot < 0 ? AttributePath.of(name) : AttributePath.of(name.substring(0, dot), name.substring(dot + 1));
                add(paths, ResolvedPath.resolve(type, path));
            }
            addUnique(paths, null, type.schema().attributes());
            for (ResourceType.Extension extension : type.extensions()) {
                addUnique(paths, extension.schema().id(), extension.schema().attributes());
            }
            plan.put(type.id(), List.copyOf(paths.values()));
        }
        return new IndexPlan(plan);
    }

    public List<ResolvedPath> paths(String resourceType) {
        return pathsByType.getOrDefault(resourceType, List.of());
    }

    private static void addUnique(Map<String, ResolvedPath> paths, String extension, List<Attribute> attributes) {
        for (Attribute attribute : attributes) {
            if (attribute.uniqueness() != Uniqueness.NONE && !attribute.isComplex()) {
                add(paths, new ResolvedPath(extension, attribute, null));
            }
        }
    }

    private static void add(Map<String, ResolvedPath> paths, ResolvedPath path) {
        if (path != null && !path.target().isComplex()) {
            paths.putIfAbsent(path.key(), path); // key() is lower-case already
        }
    }
}
