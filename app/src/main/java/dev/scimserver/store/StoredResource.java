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
}
