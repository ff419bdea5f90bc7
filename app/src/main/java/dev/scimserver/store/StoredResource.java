package dev.scimserver.store;

import jakarta.json.JsonObject;

import java.util.Set;

/**
 * One resource as a backend keeps it: its type and id, the full representation (with
 * {@code schemas}, {@code id} and {@code meta}, but no {@code meta.location}, which depends on
 * the request), and the values that must stay unique.
 */
public record StoredResource(String resourceType, String id, JsonObject body, Set<UniqueValue> uniqueValues) {
    public StoredResource {
        uniqueValues = Set.copyOf(uniqueValues);
    }

    /** The version (weak ETag) in {@code meta.version}, or null when there is none. */
    public String version() {
        return versionOf(body);
    }

    /** The version (weak ETag) in a representation's {@code meta.version}, or null when there is none. */
    public static String versionOf(JsonObject body) {
        return body.get("meta") instanceof JsonObject meta ? meta.getString("version", null) : null;
    }
}
