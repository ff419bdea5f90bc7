package dev.scimserver.store.memory;

import dev.scimserver.json.ArrayDiff;
import dev.scimserver.json.ScimJson;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The equality indexes of one resource type: index name → normalised value → ids, each id with the
 * number of its values that are equal (two emails may share a value), so removing one of them needs
 * no look at the others. Most values (ids, userNames, emails) belong to one resource once: such an
 * entry holds just that id, and becomes a map of counted ids only when a second id or a second equal
 * value comes; a map for each of a million userNames was a fifth of the memory of a restored dump,
 * all of it copied by the collector while the dump loaded. Written only
 * under the backend's write lock; read without it. A write adds the new entries before the
 * resource is replaced and removes the old ones after, so a concurrent reader that re-checks the
 * resource it finds never misses a match that holds before or after the write.
 */
final class EqualityIndex {
    /** One index: its path and its entries, normalised value → the one id that has it once (a String) or the ids with their counts (a map). */
    private record Index(ResolvedPath path, Map<String, Object> entries) {
    }

    /** The indexes, and the same by {@link ResolvedPath#key()} (computed once: it lower-cases). */
    private final List<Index> all;
    private final Map<String, Index> byKey;

    EqualityIndex(List<ResolvedPath> paths) {
        List<Index> built = new ArrayList<>();
        Map<String, Index> keyed = new HashMap<>();
        for (ResolvedPath path : paths) {
            Index index = new Index(path, new ConcurrentHashMap<>());
            built.add(index);
            keyed.put(path.key(), index);
        }
        byKey = Map.copyOf(keyed);
        all = List.copyOf(built);
    }

    /** The ids with this value, or null when there is no such index. */
    Set<String> lookup(String key, String value) {
        Index index = byKey.get(key);
        if (index == null) {
            return null;
        }
        return switch (index.entries().get(value)) {
            case null -> Set.of();
            case String id -> Set.of(id);
            case Object ids -> counted(ids).keySet();
        };
    }

    /**
     * Indexes {@code next} (which replaces {@code previous}, or is new when that is null) and returns
     * the removals of {@code previous}'s stale entries, to run once {@code next} is visible. An
     * attribute that is the same object in both is skipped; a large multi-valued one that changed in
     * a few elements (a member added to a big group) costs those elements, not the whole list.
     */
    Runnable update(StoredResource previous, StoredResource next) {
        List<Runnable> removals = new ArrayList<>();
        for (Index entries : all) {
            ResolvedPath path = entries.path();
            Map<String, Object> index = entries.entries();
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
        for (Index entries : all) {
            Map<String, Object> index = entries.entries();
            for (String value : entries.path().indexValues(resource.body())) {
                remove(index, value, resource.id());
            }
        }
    }

    private static void add(Map<String, Object> index, String value, String id) {
        Object ids = index.get(value);
        if (ids == null) {
            index.put(value, id);
        } else if (ids instanceof String only) {
            // Filled before it is published, so a reader sees the single id or both, never neither.
            Map<String, Integer> many = new ConcurrentHashMap<>();
            many.put(only, 1);
            many.merge(id, 1, Integer::sum);
            index.put(value, many);
        } else {
            counted(ids).merge(id, 1, Integer::sum);
        }
    }

    private static void remove(Map<String, Object> index, String value, String id) {
        Object ids = index.get(value);
        if (ids instanceof String only) {
            if (only.equals(id)) {
                index.remove(value, only);
            }
        } else if (ids != null) {
            Map<String, Integer> many = counted(ids);
            many.computeIfPresent(id, (k, count) -> count > 1 ? count - 1 : null);
            if (many.isEmpty()) {
                index.remove(value, many);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counted(Object ids) {
        return (Map<String, Integer>) ids;
    }

    private static JsonArray array(List<JsonValue> elements) {
        JsonArrayBuilder builder = ScimJson.createArrayBuilder();
        elements.forEach(builder::add);
        return builder.build();
    }
}
