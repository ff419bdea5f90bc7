package dev.scimserver.store.memory;

import dev.scimserver.query.IndexHint;
import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.query.SortSpec;
import dev.scimserver.store.StoredResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Answers a search over one type's resources (kept in creation order): from an equality index when the
 * filter requires an indexed value, else by one scan; then sorts and cuts the page.
 */
final class MemorySearch {
    private MemorySearch() {
    }

    static SearchPage search(TypeStore store, SearchQuery query) {
        Collection<StoredResource> resources = store.inCreationOrder.values();
        Predicate<jakarta.json.JsonObject> predicate = query.compiled().predicate();
        int skip = query.startIndex() - 1;
        if (query.filter() == null && query.sort() == null) {
            // Every resource in id order: no need to look at the ones before the page.
            List<StoredResource> page = new ArrayList<>(Math.min(query.count(), 1024));
            int total = store.byId.size();
            if (query.count() > 0 && skip < total) {
                for (StoredResource r : resources) {
                    if (skip-- > 0) {
                        continue;
                    }
                    if (page.size() == query.count()) {
                        break;
                    }
                    page.add(r);
                }
            }
            return new SearchPage(total, page);
        }
        Collection<StoredResource> indexed = indexed(store, query.compiled().hints());
        boolean ordered = indexed == null;
        Collection<StoredResource> candidates = ordered ? resources : indexed;
        if (!ordered && query.compiled().exact()) {
            predicate = r -> true; // the index entry is the whole filter: the candidates are the matches
        }
        List<StoredResource> matches = new ArrayList<>();
        for (StoredResource r : candidates) {
            if (predicate.test(r.body())) {
                matches.add(r);
            }
        }
        if (query.sort() != null) {
            SortSpec.Key key = query.sort().keyFor(query.type(), query.acrossTypes());
            List<SortSpec.Keyed<StoredResource>> keyed = new ArrayList<>(matches.size());
            for (StoredResource r : matches) {
                keyed.add(new SortSpec.Keyed<>(r, r.id(), key.of(r.body())));
            }
            keyed.sort(query.sort().comparator());
            matches = keyed.stream().map(SortSpec.Keyed::resource).toList();
        } else if (!ordered) {
            matches.sort(Comparator.comparing(TypeStore::orderKey));
        }
        int from = Math.min(matches.size(), skip);
        int to = (int) Math.min(matches.size(), (long) from + query.count());
        return new SearchPage(matches.size(), matches.subList(from, to));
    }

    /** The resources an index narrows the search to (the smallest set any hint gives), or null without one. */
    private static Collection<StoredResource> indexed(TypeStore store, List<IndexHint> hints) {
        Set<String> best = null;
        for (IndexHint hint : hints) {
            Set<String> ids = store.lookup(hint.key(), hint.value());
            if (ids != null && (best == null || ids.size() < best.size())) {
                best = ids;
            }
        }
        if (best == null) {
            return null;
        }
        List<StoredResource> found = new ArrayList<>(best.size());
        for (String id : best.toArray(String[]::new)) {
            StoredResource r = store.byId.get(id);
            if (r != null) {
                found.add(r);
            }
        }
        return found;
    }
}
