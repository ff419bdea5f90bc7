package dev.scimserver.store.memory;

import dev.scimserver.json.DateTimes;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The resources of one type: by id, in creation order (the default order of lists and pages, stable
 * while the set is unchanged), and their equality indexes. Changed only under the backend's write lock.
 */
final class TypeStore {
    final Map<String, StoredResource> byId = new ConcurrentHashMap<>();
    final NavigableMap<CreationKey, StoredResource> inCreationOrder = new ConcurrentSkipListMap<>();
    final EqualityIndex index;

    TypeStore(List<ResolvedPath> indexedPaths) {
        this.index = new EqualityIndex(indexedPaths);
    }

    /**
     * The ids with this value of an indexed attribute ({@link ResolvedPath#key()}), or null when it
     * is not indexed. {@code id} is answered by the resources themselves (ids are case-exact).
     */
    Set<String> lookup(String key, String value) {
        if (key.equals(ID_KEY)) {
            return byId.containsKey(value) ? Set.of(value) : Set.of();
        }
        return index.lookup(key, value);
    }

    private static final String ID_KEY = Attribute.key(CommonAttributes.ID);

    void put(StoredResource resource) {
        StoredResource previous = byId.get(resource.id());
        Runnable staleEntries = index.update(previous, resource);
        byId.put(resource.id(), resource);
        CreationKey key = orderKey(resource);
        inCreationOrder.put(key, resource);
        if (previous != null) {
            CreationKey oldKey = orderKey(previous);
            if (!oldKey.equals(key)) {
                inCreationOrder.remove(oldKey);
            }
        }
        staleEntries.run();
    }

    void remove(StoredResource resource) {
        byId.remove(resource.id());
        inCreationOrder.remove(orderKey(resource));
        index.remove(resource);
    }

    /**
     * A resource's place in creation order: {@code meta.created} (epoch milliseconds; none or
     * unreadable counts as 0), then the id, so resources created in the same millisecond keep one order.
     */
    record CreationKey(long millis, String id) implements Comparable<CreationKey> {
        @Override
        public int compareTo(CreationKey other) {
            int byTime = Long.compare(millis, other.millis);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    static CreationKey orderKey(StoredResource resource) {
        return new CreationKey(Math.max(0, createdMillis(resource.body())), resource.id());
    }

    private static long createdMillis(JsonObject body) {
        JsonObject meta = body.getJsonObject("meta");
        String created = meta == null ? null : meta.getString("created", null);
        if (created == null) {
            return 0;
        }
        try {
            return DateTimes.epochMillis(created);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(created).toEpochMilli();
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }
}
