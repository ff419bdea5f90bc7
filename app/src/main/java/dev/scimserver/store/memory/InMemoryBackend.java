package dev.scimserver.store.memory;

import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.store.Backend;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** Read without the lock by writers waiting for their flush; set under it. */
    private volatile Journal journal;
    private Path snapshot;
    private long compactAtBytes;
    private final AtomicBoolean compacting = new AtomicBoolean();
    /** One compaction at a time: the periodic one, the one a large journal starts, the one at stop. */
    private final ReentrantLock compactionLock = new ReentrantLock();
    /** The journal a failed compaction moved aside, until a snapshot holds it; guarded by {@link #compactionLock}. */
    private Journal leftAside;

    /** A backend without equality indexes (every search scans). */
    public InMemoryBackend() {
        this(IndexPlan.none());
    }

    /** A backend that keeps the equality indexes of this plan. */
    public InMemoryBackend(IndexPlan indexPlan) {
        this.indexPlan = indexPlan;
    }

    @Override
    public void create(StoredResource resource, Consumer<StoredResource> membersExist) {
        long sequence;
        Journal logged;
        // The journal line (JSON, length, checksum) depends on the resource alone: made before the lock,
        // so writers queue for the lock only as long as the write itself takes.
        byte[] line = journal == null ? null : Journal.putLine(resource);
        writeLock.lock();
        try {
            TypeStore store = store(resource.resourceType());
            if (store.byId.containsKey(resource.id())) {
                throw new IllegalStateException("duplicate id " + resource.id());
            }
            membersExist.accept(resource);
            checkClaims(resource, null);
            logged = journal;
            sequence = logged == null ? 0 : logged.append(line != null ? line : Journal.putLine(resource));
            takeClaims(resource);
            store.put(resource);
        } finally {
            writeLock.unlock();
        }
        durable(logged, sequence);
    }

    @Override
    public Optional<StoredResource> get(String resourceType, String id) {
        return Optional.ofNullable(store(resourceType).byId.get(id));
    }

    @Override
    public StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change) {
        long sequence;
        Journal logged;
        StoredResource next;
        writeLock.lock();
        try {
            TypeStore store = store(resourceType);
            StoredResource current = existing(store, resourceType, id);
            next = change.apply(current);
            if (next == current) {
                return current; // nothing changed: nothing to write
            }
            checkClaims(next, current);
            logged = journal;
            sequence = logged == null ? 0 : logged.appendChange(current, next);
            takeClaims(next);
            release(current, next);
            store.put(next);
        } finally {
            writeLock.unlock();
        }
        durable(logged, sequence);
        return next;
    }

    @Override
    public void delete(String resourceType, String id, Consumer<StoredResource> precondition) {
        long sequence;
        Journal logged;
        byte[] line = journal == null ? null : Journal.deleteLine(resourceType, id);
        writeLock.lock();
        try {
            TypeStore store = store(resourceType);
            StoredResource current = existing(store, resourceType, id);
            precondition.accept(current);
            logged = journal;
            sequence = logged == null ? 0 : logged.append(line != null ? line : Journal.deleteLine(resourceType, id));
            release(current, null);
            store.remove(current);
        } finally {
            writeLock.unlock();
        }
        durable(logged, sequence);
    }

    /**
     * From now on, every write goes to {@code journal} before it is acknowledged; once the journal
     * passes {@code compactAtBytes}, the state is written to {@code snapshot} and the journal starts over.
     */
    public void attach(Journal journal, Path snapshot, long compactAtBytes) {
        writeLock.lock();
        try {
            this.journal = journal;
            this.snapshot = snapshot;
            this.compactAtBytes = compactAtBytes;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether the current state (just loaded from the snapshot) already holds every one of these
     * journal entries. A snapshot is taken with the journal complete, so it holds all of a journal or
     * none of it: the last write that names a version tells which.
     */
    public boolean holdsAll(List<Journal.Entry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Journal.Entry entry = entries.get(i);
            if (entry instanceof Journal.Put put) {
                StoredResource current = store(put.resource().resourceType()).byId.get(put.resource().id());
                return current != null && Objects.equals(StoredResource.versionOf(current.body()), StoredResource.versionOf(put.resource().body()));
            }
            if (entry instanceof Journal.Change change) {
                StoredResource current = store(change.resourceType()).byId.get(change.id());
                return current != null && change.isIn(current);
            }
        }
        for (Journal.Entry entry : entries) {
            Journal.Delete delete = (Journal.Delete) entry;
            if (store(delete.resourceType()).byId.containsKey(delete.id())) {
                return false;
            }
        }
        return true; // only deletions, all of them already done
    }

    /**
     * Folds the journal into a new snapshot every {@code seconds} when it has writes in it, so a
     * restart replays at most that much. Runs on a virtual thread until the backend is closed.
     */
    public void compactEvery(long seconds) {
        Thread.ofVirtual().name("scim-periodic-compaction").start(() -> {
            while (true) {
                try {
                    Thread.sleep(java.time.Duration.ofSeconds(seconds));
                } catch (InterruptedException e) {
                    return;
                }
                Journal current = journal;
                if (current == null) {
                    return; // closed
                }
                if (current.size() > 0 && compacting.compareAndSet(false, true)) {
                    try {
                        compact();
                    } catch (IOException | RuntimeException e) {
                        System.getLogger(InMemoryBackend.class.getName()).log(System.Logger.Level.ERROR,
                                "periodic compaction failed; the journal keeps every write", e);
                    } finally {
                        compacting.set(false);
                    }
                }
            }
        });
    }

    /** Applies one journal entry during start-up, before requests are served. */
    public void replay(Journal.Entry entry) {
        writeLock.lock();
        try {
            switch (entry) {
                case Journal.Change change -> {
                    TypeStore store = store(change.resourceType());
                    StoredResource current = store.byId.get(change.id());
                    if (current == null) {
                        throw new Journal.CorruptJournalException("a change to " + change.resourceType() + " "
                                + change.id() + ", which the snapshot and the journal before it do not have");
                    }
                    if (!change.follows(current)) {
                        throw new Journal.CorruptJournalException("a change to " + change.resourceType() + " " + change.id()
                                + " was made to version " + change.fromVersion() + ", but the state before it is "
                                + "another version: the journal does not belong to this snapshot");
                    }
                    StoredResource next = change.applyTo(current);
                    checkClaims(next, current);
                    takeClaims(next);
                    release(current, next);
                    store.put(next);
                }
                case Journal.Put put -> {
                    StoredResource next = put.resource();
                    TypeStore store = store(next.resourceType());
                    StoredResource current = store.byId.get(next.id());
                    checkClaims(next, current);
                    takeClaims(next);
                    if (current != null) {
                        release(current, next);
                    }
                    store.put(next);
                }
                case Journal.Delete delete -> {
                    TypeStore store = store(delete.resourceType());
                    StoredResource current = store.byId.get(delete.id());
                    if (current != null) {
                        release(current, null);
                        store.remove(current);
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes every resource to the snapshot and starts the journal over, while writes go on. Writers
     * wait only while the state is copied (references, in creation order) and the journal is swapped
     * for a new one; the old one is moved aside ({@link Journal#previous}) until the snapshot, which
     * holds exactly what it held, is on disk. A crash in between leaves the old snapshot, the previous
     * journal and the new journal, which replay in that order ({@link Journal#replayAll}).
     */
    public void compact() throws IOException {
        compactionLock.lock();
        try {
            Journal before;
            Path target;
            writeLock.lock();
            try {
                before = journal;
                target = snapshot;
            } finally {
                writeLock.unlock();
            }
            if (target == null) {
                return;
            }
            if (before == null || Files.exists(Journal.previous(before.file()))) {
                // No journal to swap, or the previous compaction failed after its swap: that journal holds
                // writes no snapshot has, so this snapshot is taken with writes stopped and covers both.
                compactWithWritesStopped(target);
                return;
            }
            Journal next = Journal.prepare(before.file(), before.fsyncs());
            List<StoredResource[]> state;
            writeLock.lock();
            try {
                state = inCreationOrderByType();
                before.moveToPrevious();
                next.install();
                journal = next;
            } catch (IOException | RuntimeException e) {
                // Writes go on into the old journal, wherever it is now; a restart replays it, and with
                // it moved aside the next compaction stops writes (see above).
                next.close();
                throw e;
            } finally {
                writeLock.unlock();
            }
            try {
                snapshotWriter.write(merged(state), target);
            } catch (IOException | RuntimeException e) {
                leftAside = before; // still open for the writers waiting on it; closed by the compaction that covers it
                throw e;
            }
            before.close();
            Journal.deletePrevious(before.file());
        } finally {
            compactionLock.unlock();
        }
    }

    private void compactWithWritesStopped(Path target) throws IOException {
        writeLock.lock();
        try {
            snapshotWriter.write(all(), target);
            if (leftAside != null) {
                leftAside.close();
                leftAside = null;
            }
            if (journal != null) {
                Path file = journal.file();
                boolean fsync = journal.fsyncs();
                journal.close();
                Journal.deletePrevious(file);
                journal = Journal.create(file, fsync);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Starts the journal of a server that has just restored its state: writes that state as the
     * snapshot, then replaces the journals it was restored from with a new, empty one. In that order,
     * so a crash in between finds a snapshot that holds the old journals, which are then not applied again.
     */
    public void openJournal(Path file, boolean fsync, Path snapshotFile, long compactAt) throws IOException {
        compactionLock.lock();
        try {
            snapshotWriter.write(all(), snapshotFile);
            Journal.deletePrevious(file);
            attach(Journal.create(file, fsync), snapshotFile, compactAt);
        } finally {
            compactionLock.unlock();
        }
    }

    /** How a snapshot is written; a test stops it halfway to see what writers and a crash would find. */
    @FunctionalInterface
    interface SnapshotWriter {
        void write(List<StoredResource> resources, Path file) throws IOException;
    }

    private volatile SnapshotWriter snapshotWriter = ResourceDump::writeSnapshot;

    void snapshotWriter(SnapshotWriter writer) {
        this.snapshotWriter = writer;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (journal != null) {
                journal.close();
                journal = null;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Waits for the write's line to be on disk, in the journal it went to (a compaction may have
     * started a new one since), then compacts in the background when the journal is large.
     */
    private void durable(Journal logged, long sequence) {
        if (logged == null) {
            return;
        }
        Map<Journal, Long> deferred = DEFERRED.get();
        if (deferred != null) {
            deferred.merge(logged, sequence, Math::max);
            return;
        }
        logged.awaitDurable(sequence);
        compactWhenLarge();
    }

    /** The journal positions this thread's writes wait for at the end of {@link #durableTogether}, or null outside one. */
    private static final ThreadLocal<Map<Journal, Long>> DEFERRED = new ThreadLocal<>();

    /** One wait for the journal's flush after all the writes, instead of one each (group commit across them). */
    @Override
    public <T> T durableTogether(java.util.function.Supplier<T> writes) {
        if (DEFERRED.get() != null) {
            return writes.get();
        }
        Map<Journal, Long> deferred = new java.util.LinkedHashMap<>();
        DEFERRED.set(deferred);
        try {
            return writes.get();
        } finally {
            DEFERRED.remove();
            deferred.forEach(Journal::awaitDurable);
            if (!deferred.isEmpty()) {
                compactWhenLarge();
            }
        }
    }

    private void compactWhenLarge() {
        Journal current = journal;
        if (current != null && current.size() > compactAtBytes && compacting.compareAndSet(false, true)) {
            Thread.ofVirtual().name("scim-compaction").start(() -> {
                try {
                    compact();
                } catch (IOException | RuntimeException e) {
                    System.getLogger(InMemoryBackend.class.getName()).log(System.Logger.Level.ERROR,
                            "compaction failed; the journal keeps growing", e);
                } finally {
                    compacting.set(false);
                }
            });
        }
    }

    @Override
    public List<StoredResource> list(String resourceType) {
        return new ArrayList<>(store(resourceType).inCreationOrder.values());
    }

    @Override
    public List<StoredResource> all() {
        return merged(inCreationOrderByType());
    }

    /** Each type's resources in creation order: copies of references, the least a consistent view can take under the lock. */
    private List<StoredResource[]> inCreationOrderByType() {
        List<StoredResource[]> types = new ArrayList<>();
        for (TypeStore store : stores.values()) {
            types.add(store.inCreationOrder.values().toArray(StoredResource[]::new));
        }
        return types;
    }

    /** One list in creation order from each type's list in that order (a merge, outside the lock). */
    private static List<StoredResource> merged(List<StoredResource[]> types) {
        record Cursor(StoredResource[] resources, int at, TypeStore.CreationKey key) {
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparing(Cursor::key));
        int total = 0;
        for (StoredResource[] resources : types) {
            total += resources.length;
            if (resources.length > 0) {
                heads.add(new Cursor(resources, 0, TypeStore.orderKey(resources[0])));
            }
        }
        List<StoredResource> result = new ArrayList<>(total);
        while (!heads.isEmpty()) {
            Cursor head = heads.poll();
            StoredResource[] resources = head.resources();
            int at = head.at();
            Cursor other = heads.peek();
            // Take this type's resources while they come before the other types' first.
            do {
                result.add(resources[at++]);
            } while (at < resources.length
                    && (other == null || TypeStore.orderKey(resources[at]).compareTo(other.key()) <= 0));
            if (at < resources.length) {
                heads.add(new Cursor(resources, at, TypeStore.orderKey(resources[at])));
            }
        }
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

    /** Throws when a unique value of {@code next} is held by another resource than {@code previous}. */
    private void checkClaims(StoredResource next, StoredResource previous) {
        for (UniqueValue value : next.uniqueValues()) {
            String owner = uniqueOwners.get(value);
            if (owner != null && !(previous != null && owner.equals(owner(previous, value)))) {
                throw new UniquenessConflictException(value);
            }
        }
    }

    private void takeClaims(StoredResource next) {
        for (UniqueValue value : next.uniqueValues()) {
            uniqueOwners.put(value, owner(next, value));
        }
    }

    /**
     * Who holds a unique value: its id, when the value's scope is the resource's own type; type and
     * id for a global value, as ids need only be unique within a type. The id itself is the resource's
     * own String, so a million owners cost no String of their own.
     */
    private static String owner(StoredResource resource, UniqueValue value) {
        return UniqueValue.GLOBAL.equals(value.scope()) ? resource.resourceType() + "/" + resource.id() : resource.id();
    }

    private void release(StoredResource previous, StoredResource next) {
        for (UniqueValue value : previous.uniqueValues()) {
            if (next == null || !next.uniqueValues().contains(value)) {
                uniqueOwners.remove(value);
            }
        }
    }
}
