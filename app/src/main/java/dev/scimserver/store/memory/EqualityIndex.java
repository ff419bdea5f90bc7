package dev.scimserver.store.memory;

import dev.scimserver.query.ResolvedPath;
import dev.scimserver.store.StoredResource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The equality indexes of one resource type: index name → normalised value → ids. Written only
 * under the backend's write lock; read without it. A write adds the new entries before the
 * resource is replaced and removes the old ones after, so a concurrent reader that re-checks the
 * resource it finds never misses a match that holds before or after the write.
 */
final class EqualityIndex {
    private final List<ResolvedPath> paths;
    private final Map<String, Map<String, Set<String>>> indexes = new ConcurrentHashMap<>();

    EqualityIndex(List<ResolvedPath> paths) {
        this.paths = paths;
        for (ResolvedPath path : paths) {
            indexes.put(path.key(), new ConcurrentHashMap<>());
        }
    }

    boolean has(String key) {
        return indexes.containsKey(key);
    }

    /** The ids with this value, or null when there is no such index. */
    Set<String> lookup(String key, String value) {
        Map<String, Set<String>> index = indexes.get(key);
        if (index == null) {
            return null;
        }
        Set<String> ids = index.get(value);
        return ids == null ? Set.of() : ids;
    }

    void add(StoredResource resource) {
        for (ResolvedPath path : paths) {
            Map<String, Set<String>> index = indexes.get(path.key());
            for (String value : path.indexValues(resource.body())) {
                index.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(resource.id());
            }
        }
    }

    /** Removes the entries of {@code old} that {@code current} (may be null) does not have. */
    void remove(StoredResource old, StoredResource current) {
        for (ResolvedPath path : paths) {
            Map<String, Set<String>> index = indexes.get(path.key());
            Set<String> keep = current == null ? Set.of() : new HashSet<>(path.indexValues(current.body()));
            for (String value : path.indexValues(old.body())) {
                if (keep.contains(value)) {
                    continue;
                }
                Set<String> ids = index.get(value);
                if (ids != null) {
                    ids.remove(old.id());
                    if (ids.isEmpty()) {
                        index.remove(value, ids);
                    }
                }
            }
        }
    }
}
