package dev.scimserver.store.memory;

import dev.scimserver.query.ResolvedPath;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The resources of one type: by id, in creation order (the default order of lists and pages, stable
 * while the set is unchanged), and their equality indexes. Changed only under the backend's write lock.
 */
final class TypeStore {
    final Map<String, StoredResource> byId = new ConcurrentHashMap<>();
    final NavigableMap<String, StoredResource> inCreationOrder = new ConcurrentSkipListMap<>();
    final EqualityIndex index;

    TypeStore(List<ResolvedPath> indexedPaths) {
        this.index = new EqualityIndex(indexedPaths);
    }

    void put(StoredResource resource) {
        StoredResource previous = byId.get(resource.id());
        Runnable staleEntries = index.update(previous, resource);
        byId.put(resource.id(), resource);
        inCreationOrder.put(orderKey(resource), resource);
        if (previous != null) {
            String oldKey = orderKey(previous);
            if (!oldKey.equals(orderKey(resource))) {
                inCreationOrder.remove(oldKey);
            }
        }
        staleEntries.run();
    }

    /** A new resource during a bulk load: found by id at once, indexed by {@link #index} before anything searches. */
    void putById(StoredResource resource) {
        byId.put(resource.id(), resource);
    }

    /** Completes a resource {@link #putById} stored: its index entries and its place in creation order. */
    void index(StoredResource resource) {
        index.update(null, resource).run();
        inCreationOrder.put(orderKey(resource), resource);
    }

    void remove(StoredResource resource) {
        byId.remove(resource.id());
        inCreationOrder.remove(orderKey(resource));
        index.remove(resource);
    }

    /** Creation time (epoch milliseconds, zero-padded so keys sort as numbers) and id. */
    static String orderKey(StoredResource resource) {
        // Zero-padded by hand: String.format parses its pattern on every call, and this runs for every write.
        String millis = Long.toString(Math.max(0, createdMillis(resource.body())));
        StringBuilder key = new StringBuilder(21 + resource.id().length());
        key.repeat('0', 20 - millis.length()).append(millis).append('/').append(resource.id());
        return key.toString();
    }

    private static long createdMillis(JsonObject body) {
        JsonObject meta = body.getJsonObject("meta");
        String created = meta == null ? null : meta.getString("created", null);
        if (created == null) {
            return 0;
        }
        try {
            return OffsetDateTime.parse(created).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(created).toEpochMilli();
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }
}
