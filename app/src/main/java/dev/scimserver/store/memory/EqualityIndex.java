package dev.scimserver.store.memory;

import dev.scimserver.core.ArrayDiff;
import dev.scimserver.core.ScimJson;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The equality indexes of one resource type: index name → normalised value → ids, each id with the
 * number of its values that are equal (two emails may share a value), so removing one of them needs
 * no look at the others. Written only
 * under the backend's write lock; read without it. A write adds the new entries before the
 * resource is replaced and removes the old ones after, so a concurrent reader that re-checks the
 * resource it finds never misses a match that holds before or after the write.
 */
final class EqualityIndex {
    private final List<ResolvedPath> paths;
    private final Map<String, Map<String, Map<String, Integer>>> indexes = new ConcurrentHashMap<>();

    EqualityIndex(List<ResolvedPath> paths) {
        this.paths = paths;
        for (ResolvedPath path : paths) {
            indexes.put(path.key(), new ConcurrentHashMap<>());
        }
    }

    /** The ids with this value, or null when there is no such index. */
    Set<String> lookup(String key, String value) {
        Map<String, Map<String, Integer>> index = indexes.get(key);
        if (index == null) {
            return null;
        }
        Map<String, Integer> ids = index.get(value);
        return ids == null ? Set.of() : ids.keySet();
    }

    /**
     * Indexes {@code next} (which replaces {@code previous}, or is new when that is null) and returns
     * the removals of {@code previous}'s stale entries, to run once {@code next} is visible. An
     * attribute that is the same object in both is skipped; a large multi-valued one that changed in
     * a few elements (a member added to a big group) costs those elements, not the whole list.
     */
    Runnable update(StoredResource previous, StoredResource next) {
        List<Runnable> removals = new ArrayList<>();
        for (ResolvedPath path : paths) {
            Map<String, Map<String, Integer>> index = indexes.get(path.key());
            JsonValue before = previous == null ? null : path.attributeValue(previous.body());
            JsonValue after = path.attributeValue(next.body());
            if (previous != null && before == after) {
                continue;
            }
            ArrayDiff diff = before instanceof JsonArray a && after instanceof JsonArray b ? ArrayDiff.of(a, b) : null;
            List<String> added = path.indexValuesOf(diff != null ? array(diff.added()) : after);
            List<String> removed = previous == null ? List.of() : path.indexValuesOf(diff != null ? array(diff.removed()) : before);
            for (String value : added) {
                add(index, value, next.id());
            }
            if (!removed.isEmpty()) {
                removals.add(() -> removed.forEach(value -> remove(index, value, previous.id())));
            }
        }
        return () -> removals.forEach(Runnable::run);
    }

    /** Removes every entry of a resource that is gone. */
    void remove(StoredResource resource) {
        for (ResolvedPath path : paths) {
            Map<String, Map<String, Integer>> index = indexes.get(path.key());
            for (String value : path.indexValues(resource.body())) {
                remove(index, value, resource.id());
            }
        }
    }

    private static void add(Map<String, Map<String, Integer>> index, String value, String id) {
        index.computeIfAbsent(value, v -> new ConcurrentHashMap<>()).merge(id, 1, Integer::sum);
    }

    private static void remove(Map<String, Map<String, Integer>> index, String value, String id) {
        Map<String, Integer> ids = index.get(value);
        if (ids != null) {
            ids.computeIfPresent(id, (k, count) -> count > 1 ? count - 1 : null);
            if (ids.isEmpty()) {
                index.remove(value, ids);
            }
        }
    }

    private static JsonArray array(List<JsonValue> elements) {
        JsonArrayBuilder builder = ScimJson.createArrayBuilder();
        elements.forEach(builder::add);
        return builder.build();
    }
}
