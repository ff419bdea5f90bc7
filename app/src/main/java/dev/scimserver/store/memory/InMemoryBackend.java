package dev.scimserver.store.memory;

import dev.scimserver.query.SearchPage;
import dev.scimserver.query.SearchQuery;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The default backend: resources in memory. Reads go straight to concurrent maps; writes take one
 * lock, so the uniqueness check and the write it guards are one step (no check-then-act race) and an
 * update's function sees the state it replaces.
 */
public final class InMemoryBackend implements Backend {
    private final Map<String, TypeStore> stores = new ConcurrentHashMap<>();
    private final Map<UniqueValue, String> uniqueOwners = new HashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final IndexPlan indexPlan;

    /** A backend without equality indexes (every search scans). */
    public InMemoryBackend() {
        this(IndexPlan.none());
    }

    /** A backend that keeps the equality indexes of this plan. */
    public InMemoryBackend(IndexPlan indexPlan) {
        this.indexPlan = indexPlan;
    }

    @Override
    public void create(StoredResource resource) {
        writeLock.lock();
        try {
            TypeStore store = store(resource.resourceType());
            if (store.byId.containsKey(resource.id())) {
                throw new IllegalStateException("duplicate id " + resource.id());
            }
            claim(resource, null);
            store.put(resource);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<StoredResource> get(String resourceType, String id) {
        return Optional.ofNullable(store(resourceType).byId.get(id));
    }

    @Override
    public StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change) {
        writeLock.lock();
        try {
            TypeStore store = store(resourceType);
            StoredResource current = existing(store, resourceType, id);
            StoredResource next = change.apply(current);
            claim(next, current);
            release(current, next);
            store.put(next);
            return next;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void delete(String resourceType, String id, Consumer<StoredResource> precondition) {
        writeLock.lock();
        try {
            TypeStore store = store(resourceType);
            StoredResource current = existing(store, resourceType, id);
            precondition.accept(current);
            release(current, null);
            store.remove(current);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<StoredResource> list(String resourceType) {
        return new ArrayList<>(store(resourceType).inCreationOrder.values());
    }

    @Override
    public List<StoredResource> all() {
        List<StoredResource> result = new ArrayList<>();
        for (TypeStore store : stores.values()) {
            result.addAll(store.inCreationOrder.values());
        }
        result.sort(java.util.Comparator.comparing(TypeStore::orderKey));
        return result;
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return MemorySearch.search(store(query.type().id()), query);
    }

    private TypeStore store(String resourceType) {
        return stores.computeIfAbsent(resourceType, t -> new TypeStore(indexPlan.paths(t)));
    }

    private static StoredResource existing(TypeStore store, String resourceType, String id) {
        StoredResource current = store.byId.get(id);
        if (current == null) {
            throw new ResourceNotFoundException(resourceType, id);
        }
        return current;
    }

    /** Takes the unique values of {@code next}; those already held by {@code previous} (the same resource) are fine. */
    private void claim(StoredResource next, StoredResource previous) {
        for (UniqueValue value : next.uniqueValues()) {
            String owner = uniqueOwners.get(value);
            if (owner != null && !(previous != null && owner.equals(ownerKey(previous)))) {
                throw new UniquenessConflictException(value);
            }
        }
        for (UniqueValue value : next.uniqueValues()) {
            uniqueOwners.put(value, ownerKey(next));
        }
    }

    /** Owners are named by type and id: ids need only be unique within a type. */
    private static String ownerKey(StoredResource resource) {
        return resource.resourceType() + "/" + resource.id();
    }

    private void release(StoredResource previous, StoredResource next) {
        for (UniqueValue value : previous.uniqueValues()) {
            if (next == null || !next.uniqueValues().contains(value)) {
                uniqueOwners.remove(value);
            }
        }
    }
}
