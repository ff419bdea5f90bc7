package dev.scimserver.example;

import dev.scimserver.query.SortSpec;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The smallest {@link Backend} that keeps every obligation of its javadoc: one map per resource type,
 * one lock, no index. Start a fork's backend from here and replace the maps with your store.
 *
 * <p>Every write takes the write lock, so a write and the uniqueness check it needs are one step, and
 * an update's function sees the state it replaces. Reads take the read lock, which a writer may take
 * too: the functions core runs inside a write (an update's change, a create's {@code membersExist})
 * read the backend, and a read lock inside the write lock does not deadlock.
 *
 * <p>The one thing it gives up for brevity is speed: every search walks every resource of its type,
 * including the {@code members.value eq "<id>"} search core makes on every read of a User (to compute
 * {@code groups}). Fine for thousands of resources; a real backend answers that one from an index
 * (the in-memory backend's {@code EqualityIndex}, the JDBC backend's member rows).
 */
public final class MapBackend implements Backend {
    /** A resource and its place in creation order, which {@link #all()} needs across types. */
    private record Entry(long order, StoredResource resource) {
    }

    private final int initialCapacity;
    /** Type → id → entry. LinkedHashMap: iteration is creation order, the default order of lists and pages. */
    private final Map<String, Map<String, Entry>> types = new HashMap<>();
    /** Who holds each unique value: "type/id" (a global value's scope spans types, so the type is in it). */
    private final Map<UniqueValue, String> claims;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private long nextOrder; // guarded by the write lock

    /** @param initialCapacity how many resources each type's map (and the claims) hold before they first grow */
    public MapBackend(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.claims = new HashMap<>(initialCapacity);
    }

    int initialCapacity() {
        return initialCapacity;
    }

    @Override
    public void create(StoredResource resource, Consumer<StoredResource> membersExist) {
        write.lock();
        try {
            Map<String, Entry> type = types.computeIfAbsent(resource.resourceType(),
                    t -> new LinkedHashMap<>(initialCapacity));
            if (type.containsKey(resource.id())) {
                throw new IllegalStateException("duplicate id " + resource.id()); // core makes ids: a bug, not a 409
            }
            // Under the lock, so no delete comes between core's check of the members and the write:
            // a member never names a resource that is gone. It throws to refuse; nothing is written then.
            membersExist.accept(resource);
            checkClaims(resource);
            claim(resource, null);
            type.put(resource.id(), new Entry(nextOrder++, resource));
        } finally {
            write.unlock();
        }
    }

    @Override
    public Optional<StoredResource> get(String resourceType, String id) {
        read.lock();
        try {
            Entry entry = typeOf(resourceType).get(id);
            return Optional.ofNullable(entry == null ? null : entry.resource());
        } finally {
            read.unlock();
        }
    }

    @Override
    public StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change) {
        write.lock();
        try {
            Entry current = existing(resourceType, id);
            // The function runs with no other write in between: what makes If-Match and PATCH safe.
            // When it throws, we have not touched anything yet, so nothing is written.
            StoredResource next = change.apply(current.resource());
            if (next == current.resource()) {
                return next; // nothing changed
            }
            checkClaims(next);
            claim(next, current.resource());
            types.get(resourceType).put(id, new Entry(current.order(), next)); // same place in creation order
            return next;
        } finally {
            write.unlock();
        }
    }

    @Override
    public void delete(String resourceType, String id, Consumer<StoredResource> precondition) {
        write.lock();
        try {
            Entry current = existing(resourceType, id);
            precondition.accept(current.resource()); // If-Match, checked against the state we delete
            claim(null, current.resource());
            types.get(resourceType).remove(id);
            // The groups that listed it are cleaned by core right after (ResourceService.delete), by update.
        } finally {
            write.unlock();
        }
    }

    @Override
    public List<StoredResource> list(String resourceType) {
        read.lock();
        try {
            return typeOf(resourceType).values().stream().map(Entry::resource).toList();
        } finally {
            read.unlock();
        }
    }

    /**
     * Filters with the compiled predicate (the reference answer for every filter the grammar has),
     * then sorts and cuts the page outside the lock. The SortSpec breaks ties by id; without one the
     * order is creation order, so paging through an unchanged set is stable either way.
     */
    @Override
    public SearchPage search(SearchQuery query) {
        // Resolved first: a sortBy the type does not have is the client's error, before any work.
        SortSpec.Key key = query.sort() == null ? null : query.sort().keyFor(query.type(), query.acrossTypes());
        Predicate<JsonObject> filter = query.compiled() == null ? body -> true : query.compiled().predicate();
        List<StoredResource> matches = new ArrayList<>();
        read.lock();
        try {
            for (Entry entry : typeOf(query.type().id()).values()) {
                if (filter.test(entry.resource().body())) {
                    matches.add(entry.resource());
                }
            }
        } finally {
            read.unlock();
        }
        if (key != null) {
            List<SortSpec.Keyed<StoredResource>> keyed = new ArrayList<>(matches.size());
            for (StoredResource r : matches) {
                keyed.add(new SortSpec.Keyed<>(r, r.id(), key.of(r.body()))); // each key computed once
            }
            keyed.sort(query.sort().comparator());
            matches = keyed.stream().map(SortSpec.Keyed::resource).toList();
        }
        int from = Math.min(matches.size(), Math.max(0, query.startIndex() - 1)); // startIndex is 1-based
        int to = (int) Math.min(matches.size(), (long) from + query.count());
        return new SearchPage(matches.size(), matches.subList(from, to));
    }

    /** Every resource of every type in creation order: what --dump-resources writes. */
    @Override
    public List<StoredResource> all() {
        List<Entry> entries = new ArrayList<>();
        read.lock();
        try {
            types.values().forEach(type -> entries.addAll(type.values()));
        } finally {
            read.unlock();
        }
        entries.sort(Comparator.comparingLong(Entry::order));
        return entries.stream().map(Entry::resource).toList();
    }

    @Override
    public boolean isEmpty() {
        read.lock();
        try {
            return types.values().stream().allMatch(Map::isEmpty);
        } finally {
            read.unlock();
        }
    }

    /** A type's map for reading; never creates one (that would change the outer map under a read lock). */
    private Map<String, Entry> typeOf(String resourceType) {
        return types.getOrDefault(resourceType, Map.of());
    }

    private Entry existing(String resourceType, String id) {
        Entry entry = typeOf(resourceType).get(id);
        if (entry == null) {
            throw new ResourceNotFoundException(resourceType, id);
        }
        return entry;
    }

    /** Throws when another resource holds one of these values. The values come normalised: compared exactly. */
    private void checkClaims(StoredResource next) {
        for (UniqueValue value : next.uniqueValues()) {
            String owner = claims.get(value);
            if (owner != null && !owner.equals(owner(next))) {
                throw new UniquenessConflictException(value);
            }
        }
    }

    /** Moves the claims from {@code previous} to {@code next} (either may be null); only after checkClaims passed. */
    private void claim(StoredResource next, StoredResource previous) {
        if (previous != null) {
            for (UniqueValue value : previous.uniqueValues()) {
                claims.remove(value);
            }
        }
        if (next != null) {
            for (UniqueValue value : next.uniqueValues()) {
                claims.put(value, owner(next));
            }
        }
    }

    private static String owner(StoredResource resource) {
        return resource.resourceType() + "/" + resource.id();
    }
}
