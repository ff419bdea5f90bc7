package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a resource dump (a JSON array of resources with {@code schemas}, {@code id} and
 * {@code meta}: what {@code --dump-resources} and the snapshot in {@code data/} write, and what the
 * Python scim2-server's dump holds) into an empty server. Every resource is checked against the
 * registered schemas and resource types; the first bad one stops the load with its index and why.
 * Groups are loaded after everything else so their members can be checked to exist.
 */
public final class DumpRestore {
    private DumpRestore() {
    }

    /** Why a dump cannot be restored; the message names the file, the resource's index and the fault. */
    public static final class RestoreException extends RuntimeException {
        RestoreException(String message) {
            super(message, null, false, false);
        }
    }

    /** Restores every resource of the file; returns how many. */
    public static int restore(Path file, SchemaRegistry registry, ResourceService service) {
        JsonArray resources = read(file);
        List<Integer> groupsLast = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        ResourceType[] types = new ResourceType[resources.size()];
        for (int i = 0; i < resources.size(); i++) {
            if (!(resources.get(i) instanceof JsonObject resource)) {
                throw fault(file, i, "it is not a JSON object");
            }
            types[i] = typeOf(resource, registry);
            if (types[i] == null) {
                throw fault(file, i, "its type is unknown (meta.resourceType \"" + resourceTypeName(resource)
                        + "\", no registered core schema in \"schemas\")");
            }
            (service.membership().isGroupType(types[i]) ? groupsLast : others).add(i);
        }
        others.addAll(groupsLast);
        for (int i : others) {
            try {
                service.restore(types[i], resources.getJsonObject(i));
            } catch (ScimException e) {
                throw fault(file, i, e.detail());
            }
        }
        return resources.size();
    }

    private static JsonArray read(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonReader reader = ScimJson.createReader(in)) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonArray array)) {
                throw new RestoreException(file + ": a dump is a JSON array of resources");
            }
            return array;
        } catch (NoSuchFileException e) {
            throw new RestoreException(file + ": no such file");
        } catch (JsonParsingException e) {
            throw new RestoreException(file + ": invalid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber());
        } catch (IOException | JsonException e) {
            throw new RestoreException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static ResourceType typeOf(JsonObject resource, SchemaRegistry registry) {
        String name = resourceTypeName(resource);
        if (name != null) {
            for (ResourceType type : registry.resourceTypes()) {
                if (type.name().equalsIgnoreCase(name) || type.id().equalsIgnoreCase(name)) {
                    return type;
                }
            }
            return null;
        }
        if (resource.get("schemas") instanceof JsonArray schemas) {
            for (JsonValue urn : schemas) {
                for (ResourceType type : registry.resourceTypes()) {
                    if (urn instanceof JsonString s && type.schema().id().equalsIgnoreCase(s.getString())) {
                        return type;
                    }
                }
            }
        }
        return null;
    }

    private static String resourceTypeName(JsonObject resource) {
        return resource.get("meta") instanceof JsonObject meta && meta.get("resourceType") instanceof JsonString s
                ? s.getString() : null;
    }

    private static RestoreException fault(Path file, int index, String why) {
        return new RestoreException(file + ": resource #" + index + " cannot be restored: " + why);
    }
}
