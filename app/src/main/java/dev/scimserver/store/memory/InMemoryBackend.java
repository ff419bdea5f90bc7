package dev.scimserver.store.memory;

import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;

import java.util.ArrayList;
import java.util.Comparator;
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
    private static final Comparator<StoredResource> CREATION_ORDER = Comparator
            .comparing((StoredResource r) -> created(r))
            .thenComparing(StoredResource::id);

    private final Map<String, Map<String, StoredResource>> byType = new ConcurrentHashMap<>();
    private final Map<UniqueValue, String> uniqueOwners = new HashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();

    @Override
    public void create(StoredResource resource) {
        writeLock.lock();
        try {
            Map<String, StoredResource> resources = resources(resource.resourceType());
            if (resources.containsKey(resource.id())) {
                throw new IllegalStateException("duplicate id " + resource.id());
            }
            claim(resource, null);
            resources.put(resource.id(), resource);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<StoredResource> get(String resourceType, String id) {
        return Optional.ofNullable(resources(resourceType).get(id));
    }

    @Override
    public StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change) {
        writeLock.lock();
        try {
            Map<String, StoredResource> resources = resources(resourceType);
            StoredResource current = resources.get(id);
            if (current == null) {
                throw new ResourceNotFoundException(resourceType, id);
            }
            StoredResource next = change.apply(current);
            claim(next, current);
            release(current, next);
            resources.put(id, next);
            return next;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void delete(String resourceType, String id, Consumer<StoredResource> precondition) {
        writeLock.lock();
        try {
            Map<String, StoredResource> resources = resources(resourceType);
            StoredResource current = resources.get(id);
            if (current == null) {
                throw new ResourceNotFoundException(resourceType, id);
            }
            precondition.accept(current);
            release(current, null);
            resources.remove(id);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<StoredResource> list(String resourceType) {
        List<StoredResource> result = new ArrayList<>(resources(resourceType).values());
        result.sort(CREATION_ORDER);
        return result;
    }

    @Override
    public List<StoredResource> all() {
        List<StoredResource> result = new ArrayList<>();
        for (Map<String, StoredResource> resources : byType.values()) {
            result.addAll(resources.values());
        }
        result.sort(CREATION_ORDER);
        return result;
    }

    private Map<String, StoredResource> resources(String resourceType) {
        return byType.computeIfAbsent(resourceType, t -> new ConcurrentHashMap<>());
    }

    /** Takes the unique values of {@code next}; those already held by {@code previous} (the same resource) are fine. */
    private void claim(StoredResource next, StoredResource previous) {
        for (UniqueValue value : next.uniqueValues()) {
            String owner = uniqueOwners.get(value);
            if (owner != null && !(previous != null && owner.equals(previous.id()))) {
                throw new UniquenessConflictException(value);
            }
        }
        for (UniqueValue value : next.uniqueValues()) {
            uniqueOwners.put(value, next.id());
        }
    }

    private void release(StoredResource previous, StoredResource next) {
        for (UniqueValue value : previous.uniqueValues()) {
            if (next == null || !next.uniqueValues().contains(value)) {
                uniqueOwners.remove(value);
            }
        }
    }

    private static String created(StoredResource resource) {
        var meta = resource.body().getJsonObject("meta");
        return meta == null ? "" : meta.getString("created", "");
    }
}
