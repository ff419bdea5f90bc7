package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
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

    /**
     * Restores every resource of the file; returns how many. The file is read one resource at a time
     * (a million-user dump must not sit in memory twice); only groups wait, until everything they
     * may list is in.
     */
    public static int restore(Path file, SchemaRegistry registry, ResourceService service) {
        List<Integer> groupIndexes = new ArrayList<>();
        List<JsonObject> groups = new ArrayList<>();
        List<ResourceType> groupTypes = new ArrayList<>();
        int index = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser parser = ScimJson.createParser(in)) {
            JsonValueReader reader = new JsonValueReader(parser);
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_ARRAY) {
                throw new RestoreException(file + ": a dump is a JSON array of resources");
            }
            while (true) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_ARRAY) {
                    break;
                }
                if (event != JsonParser.Event.START_OBJECT) {
                    throw fault(file, index, "it is not a JSON object");
                }
                JsonObject resource = reader.object();
                ResourceType type = typeOf(resource, registry);
                if (type == null) {
                    throw fault(file, index, "its type is unknown (meta.resourceType \"" + resourceTypeName(resource)
                            + "\", no registered core schema in \"schemas\")");
                }
                if (service.membership().isGroupType(type)) {
                    groupIndexes.add(index);
                    groups.add(resource);
                    groupTypes.add(type);
                } else {
                    restoreOne(file, index, type, resource, service);
                }
                index++;
            }
        } catch (NoSuchFileException e) {
            throw new RestoreException(file + ": no such file");
        } catch (JsonParsingException e) {
            throw new RestoreException(file + ": invalid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + " (resource #" + index + ")");
        } catch (IOException | JsonException | java.util.NoSuchElementException e) {
            throw new RestoreException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < groups.size(); i++) {
            restoreOne(file, groupIndexes.get(i), groupTypes.get(i), groups.get(i), service);
        }
        return index;
    }

    private static void restoreOne(Path file, int index, ResourceType type, JsonObject resource, ResourceService service) {
        try {
            service.restore(type, resource);
        } catch (ScimException e) {
            throw fault(file, index, e.detail());
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
