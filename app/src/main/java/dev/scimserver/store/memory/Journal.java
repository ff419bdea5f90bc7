package dev.scimserver.store.memory;

import dev.scimserver.json.ArrayDiff;
import dev.scimserver.json.ScimJson;
import dev.scimserver.store.DataFiles;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The write-ahead journal of the in-memory backend: one JSON line per acknowledged write, appended
 * in the order the writes happened. With fsync on (the default) a write is acknowledged only once
 * its line is on disk; writers that arrive together share one fsync (group commit), so durability
 * costs one disk flush per burst, not per request. On start the snapshot plus this journal give
 * back every acknowledged write, even after kill -9.
 *
 * <p>The file is preallocated: zeros are written ahead ({@link #PREALLOCATE} at a time) and lines
 * overwrite them, so an append does not change the file's size and the flush is an fdatasync of the
 * data alone, without a file-system journal commit for the new size (which on this kind of disk is
 * what makes a flush slow when other writers keep the disk busy). Each line carries its length and
 * a CRC32C ({@link JournalFormat}, which has the bytes) and never holds a zero byte, so the first
 * zero byte after the last complete line begins the zero tail, and replay tells a last line cut short
 * by a crash (skipped with a warning) from damage anywhere else (the start stops, naming the line).
 * Journals written before checksums, and before the zero tail, read as they did.
 */
public final class Journal implements AutoCloseable {
    /** One replayed entry: a resource as it was written, or a deletion. */
    public sealed interface Entry permits Put, Change, Delete {
    }

    /**
     * A resource rewritten: the top-level attributes that are new objects ({@code set}), those gone
     * ({@code unset}), and for a large array changed in a few elements only those elements with their
     * positions. A one-member PATCH of a 100,000-member group is then a short line, not the group.
     */
    public record Change(String resourceType, String id, String fromVersion, Set<UniqueValue> uniqueValues, JsonObject set,
                         List<String> unset, Map<String, Delta> arrays) implements Entry {

        /**
         * Whether this change is already in {@code current}: a snapshot written just before a crash may
         * hold it while the journal still lists it. Deltas must not be applied twice, so replay skips these.
         */
        public boolean isIn(StoredResource current) {
            String now = StoredResource.versionOf(current.body());
            return now != null && now.equals(StoredResource.versionOf(set));
        }

        /** Whether this change was made to exactly {@code current}. */
        public boolean follows(StoredResource current) {
            return fromVersion != null && fromVersion.equals(StoredResource.versionOf(current.body()));
        }

        /** Positions removed from the old array, and elements inserted at positions of the new one. */
        public record Delta(List<Integer> removedAt, List<Integer> addedAt, List<JsonValue> added) {
        }

        /** The resource after this change, given the one before it. */
        public StoredResource applyTo(StoredResource before) {
            JsonObjectBuilder body = ScimJson.createObjectBuilder(before.body());
            unset.forEach(body::remove);
            set.forEach(body::add);
            for (Map.Entry<String, Delta> entry : arrays.entrySet()) {
                Delta delta = entry.getValue();
                JsonArray old = before.body().getJsonArray(entry.getKey());
                List<JsonValue> rebuilt = new ArrayDiff(List.of(), delta.added(), delta.removedAt(), delta.addedAt())
                        .applyTo(old == null ? List.of() : old);
                body.add(entry.getKey(), ScimJson.createArrayBuilder(rebuilt));
            }
            return new StoredResource(resourceType, id, body.build(), uniqueValues);
        }
    }

    public record Put(StoredResource resource) implements Entry {
    }

    public record Delete(String resourceType, String id) implements Entry {
    }

    /** The journal cannot be read back: corruption before its last line. */
    public static final class CorruptJournalException extends RuntimeException {
        CorruptJournalException(String message) {
            super(message, null, false, false);
        }
    }

    /** How many zero bytes are written ahead of the lines at a time. */
    static final int PREALLOCATE = 4 << 20;

    private final Path file;
    private final boolean fsync;
    private final FileChannel channel;
    private final Object syncLock = new Object();
    private volatile long appended;
    private long durable;
    private boolean closed;
    /** Where the next line goes: the bytes of lines written so far. */
    private volatile long position;
    /** The end of the zeros written ahead. */
    private long allocated;

    private Journal(Path file, boolean fsync, FileChannel channel, long allocated) {
        this.file = file;
        this.fsync = fsync;
        this.channel = channel;
        this.allocated = allocated;
    }

    /**
     * Opens a new, empty journal at {@code file}, replacing one that was there in one step (a rename):
     * the preallocated file is made and flushed beside it first, so there is never a moment without one.
     */
    public static Journal create(Path file, boolean fsync) throws IOException {
        Journal journal = prepare(file, fsync);
        journal.install();
        return journal;
    }

    /**
     * A new, empty journal made and flushed beside {@code file} ({@code .new}) but not yet in its
     * place: {@link #install} puts it there. The slow part (megabytes of zeros and a flush) comes
     * first, so a compaction can do it before it stops writers for the moment of the swap.
     */
    static Journal prepare(Path file, boolean fsync) throws IOException {
        Path fresh = fresh(file);
        DataFiles.createDirectories(fresh.toAbsolutePath().getParent());
        Files.deleteIfExists(fresh);
        DataFiles.createOwnerOnlyFile(fresh);
        FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE);
        try {
            zeros(channel, 0, PREALLOCATE);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new Journal(file, fsync, channel, PREALLOCATE);
    }

    /** Puts a {@link #prepare prepared} journal in its place, replacing the file there. */
    void install() throws IOException {
        try {
            Files.move(fresh(file), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            DataFiles.syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Path fresh(Path file) {
        return file.resolveSibling(file.getFileName() + ".new");
    }

    /**
     * Where a compaction moves the journal it is folding into a snapshot, while writes go on to a new
     * one. Present only while that snapshot is being written, or after a crash meanwhile: then it
     * holds writes the snapshot on disk may not have, and is replayed before the journal.
     */
    public static Path previous(Path file) {
        return file.resolveSibling(file.getFileName() + ".previous");
    }

    /** Moves this journal's file to {@link #previous}; it stays open, for writers still waiting for their flush. */
    void moveToPrevious() throws IOException {
        Files.move(file, previous(file), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the {@link #previous} journal of {@code file}, if there is one, once a snapshot holds it. */
    static void deletePrevious(Path file) throws IOException {
        if (Files.deleteIfExists(previous(file))) {
            DataFiles.syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    private static void zeros(FileChannel channel, long from, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
        for (long at = from; at < from + length; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), from + length - at));
            at += channel.write(zeros, at);
        }
    }

    public Path file() {
        return file;
    }

    boolean fsyncs() {
        return fsync;
    }

    /**
     * The line that records the creation of {@code resource}, with its length and checksum
     * ({@link JournalFormat}). It depends on nothing but the resource, so a writer makes it before it
     * takes the backend's write lock; {@link #append} then only writes it.
     */
    static byte[] putLine(StoredResource resource) {
        return line(ScimJson.createObjectBuilder()
                .add("op", "put")
                .add("type", resource.resourceType())
                .add("id", resource.id())
                .add("unique", unique(resource))
                .add("resource", resource.body())
                .build());
    }

    /** The line that records the deletion of a resource; made before the write lock, as {@link #putLine}. */
    static byte[] deleteLine(String resourceType, String id) {
        return line(ScimJson.createObjectBuilder().add("op", "delete").add("type", resourceType).add("id", id).build());
    }

    private static byte[] line(JsonObject record) {
        return JournalFormat.line(record.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a write; returns its sequence number for {@link #awaitDurable}. Callers serialise appends. */
    long appendPut(StoredResource resource) {
        return append(putLine(resource));
    }

    /** Appends the change from {@code before} to {@code after} (the same resource). */
    long appendChange(StoredResource before, StoredResource after) {
        JsonObjectBuilder set = ScimJson.createObjectBuilder();
        JsonArrayBuilder unset = ScimJson.createArrayBuilder();
        JsonObjectBuilder arrays = ScimJson.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : after.body().entrySet()) {
            JsonValue old = before.body().get(entry.getKey());
            JsonValue now = entry.getValue();
            if (old == now) {
                continue;
            }
            ArrayDiff diff = old instanceof JsonArray a && now instanceof JsonArray b && b.size() > ArrayDiff.LIMIT
                    ? ArrayDiff.of(a, b) : null;
            if (diff == null) {
                set.add(entry.getKey(), now);
                continue;
            }
            JsonArrayBuilder added = ScimJson.createArrayBuilder();
            diff.added().forEach(added::add);
            arrays.add(entry.getKey(), ScimJson.createObjectBuilder()
                    .add("removedAt", ints(diff.removedAt()))
                    .add("addedAt", ints(diff.addedAt()))
                    .add("added", added));
        }
        for (String key : before.body().keySet()) {
            if (!after.body().containsKey(key)) {
                unset.add(key);
            }
        }
        return append(line(ScimJson.createObjectBuilder()
                .add("op", "change")
                .add("type", after.resourceType())
                .add("id", after.id())
                .add("from", Objects.requireNonNullElse(StoredResource.versionOf(before.body()), ""))
                .add("unique", unique(after))
                .add("set", set)
                .add("unset", unset)
                .add("arrays", arrays)
                .build()));
    }

    private static JsonArrayBuilder ints(List<Integer> values) {
        JsonArrayBuilder out = ScimJson.createArrayBuilder();
        values.forEach(out::add);
        return out;
    }

    private static JsonArrayBuilder unique(StoredResource resource) {
        JsonArrayBuilder unique = ScimJson.createArrayBuilder();
        for (UniqueValue value : resource.uniqueValues()) {
            unique.add(ScimJson.createArrayBuilder().add(value.scope()).add(value.attribute()).add(value.value()));
        }
        return unique;
    }

    /**
     * Writes a line ({@link #putLine}, {@link #deleteLine}; {@link #appendChange} makes its own) after
     * the lines before it; returns its sequence number for {@link #awaitDurable}. Callers serialise appends.
     */
    long append(byte[] line) {
        try {
            long at = position;
            if (at + line.length > allocated) {
                // The next zeros, once per PREALLOCATE bytes of lines: the one flush that follows also
                // records the new size; the flushes after it are of data alone again.
                long more = Math.max(PREALLOCATE, line.length);
                zeros(channel, allocated, more);
                allocated += more;
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            position = at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file, e);
        }
        return ++appended;
    }

    /** Returns once the write with this sequence number is on disk (at once when fsync is off). */
    void awaitDurable(long sequence) {
        if (!fsync) {
            return;
        }
        synchronized (syncLock) {
            if (durable >= sequence) {
                return; // an earlier writer's fsync covered this line too
            }
            if (closed) {
                // close() flushes everything; only a flush that failed there leaves a line behind.
                throw new UncheckedIOException(new IOException("the journal " + file + " was closed before this write was flushed"));
            }
            long upTo = appended;
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the journal " + file, e);
            }
            durable = upTo;
        }
    }

    /** The bytes of the lines written (not the zeros ahead of them): 0 for a journal with no writes. */
    public long size() {
        return position;
    }

    /**
     * Flushes every line written and closes the journal, so a writer still waiting for its flush may
     * take the close as durable.
     */
    @Override
    public void close() {
        synchronized (syncLock) {
            if (!closed && fsync && durable < appended) {
                try {
                    channel.force(false);
                    durable = appended;
                } catch (IOException e) {
                    // Not flushed: the writers still waiting will not hear "durable" from this journal.
                    System.getLogger(Journal.class.getName()).log(System.Logger.Level.ERROR,
                            "cannot flush the journal " + file + " while closing it", e);
                }
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing more to do
            }
        }
    }

    /**
     * Reads a journal back, entry by entry. A last line that is cut short (a crash mid-append) is
     * skipped with a warning; any other unreadable line stops the start, since what follows it
     * would be applied to the wrong state. Returns the number of entries read.
     */
    public static int replay(Path file, Consumer<Entry> apply, Consumer<String> warn) {
        return replay(file, entries -> false, apply, warn);
    }

    /**
     * Replays what a server left in its data folder after the snapshot: the {@link #previous} journal
     * of a compaction that was under way, then the journal. Both are read and checked before either
     * is applied. Each is skipped when the snapshot already holds all of it (see
     * {@link #replay(Path, java.util.function.Predicate, Consumer, Consumer)}).
     */
    public static int replayAll(Path file, java.util.function.Predicate<List<Entry>> coveredBySnapshot,
                                Consumer<Entry> apply, Consumer<String> warn) {
        List<Entry> previous = read(previous(file), warn);
        List<Entry> current = read(file, warn);
        return apply(previous(file), previous, coveredBySnapshot, apply, warn) + apply(file, current, coveredBySnapshot, apply, warn);
    }

    /**
     * As {@link #replay(Path, Consumer, Consumer)}, but first asks {@code coveredBySnapshot} whether the
     * snapshot already holds the whole journal. A compaction moves the journal aside, writes the
     * snapshot, then deletes it; a crash between the last two leaves a journal whose changes must not
     * be applied again.
     */
    public static int replay(Path file, java.util.function.Predicate<List<Entry>> coveredBySnapshot,
                             Consumer<Entry> apply, Consumer<String> warn) {
        return apply(file, read(file, warn), coveredBySnapshot, apply, warn);
    }

    /** The entries of a journal file, every line checked; none for a file that is not there. */
    private static List<Entry> read(Path file, Consumer<String> warn) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CorruptJournalException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return entries(bytes, file, warn);
    }

    private static int apply(Path file, List<Entry> entries, java.util.function.Predicate<List<Entry>> coveredBySnapshot,
                             Consumer<Entry> apply, Consumer<String> warn) {
        if (!entries.isEmpty() && coveredBySnapshot.test(entries)) {
            warn.accept(file + ": the snapshot already holds these " + entries.size()
                    + " entries (the server stopped while compacting); not applied again");
            return 0;
        }
        entries.forEach(apply);
        return entries.size();
    }

    /**
     * The entries of a journal file's bytes, every line checked ({@link JournalFormat#read}) before any
     * is returned: damage anywhere but in a last line cut short by a crash throws, naming the line.
     */
    static List<Entry> entries(byte[] bytes, Path file, Consumer<String> warn) {
        List<Entry> entries = new ArrayList<>();
        JournalFormat.read(bytes, file, warn, line -> {
            Entry entry;
            try {
                entry = parse(line.json());
            } catch (RuntimeException e) {
                if (line.unterminated()) {
                    // A journal without checksums: a last line that does not parse is one the server was writing when it died.
                    warn.accept(file + ": line " + line.number() + " is incomplete (the server stopped while writing it); skipped");
                    return; // the last line: nothing follows it
                }
                throw JournalFormat.corrupt(file, line.number(), String.valueOf(e.getMessage()));
            }
            entries.add(entry);
        });
        return entries;
    }

    private static Set<UniqueValue> uniqueValues(JsonObject record) {
        Set<UniqueValue> unique = new HashSet<>();
        for (JsonValue value : record.getJsonArray("unique")) {
            JsonArray triple = value.asJsonArray();
            unique.add(new UniqueValue(triple.getString(0), triple.getString(1), triple.getString(2)));
        }
        return unique;
    }

    private static List<Integer> integers(JsonArray values) {
        List<Integer> out = new ArrayList<>(values.size());
        for (JsonValue value : values) {
            out.add(((JsonNumber) value).intValueExact());
        }
        return out;
    }

    private static Entry parse(String line) {
        JsonObject record;
        try (JsonReader reader = ScimJson.createReader(new StringReader(line))) {
            record = reader.readObject();
        }
        String type = record.getString("type");
        String id = record.getString("id");
        return switch (record.getString("op")) {
            case "put" -> new Put(new StoredResource(type, id, record.getJsonObject("resource"), uniqueValues(record)));
            case "change" -> {
                List<String> unset = new ArrayList<>();
                for (JsonValue key : record.getJsonArray("unset")) {
                    unset.add(((JsonString) key).getString());
                }
                Map<String, Change.Delta> arrays = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> entry : record.getJsonObject("arrays").entrySet()) {
                    JsonObject delta = entry.getValue().asJsonObject();
                    arrays.put(entry.getKey(), new Change.Delta(integers(delta.getJsonArray("removedAt")),
                            integers(delta.getJsonArray("addedAt")), delta.getJsonArray("added")));
                }
                yield new Change(type, id, record.getString("from", null), uniqueValues(record), record.getJsonObject("set"),
                        unset, arrays);
            }
            case "delete" -> new Delete(type, id);
            default -> throw new IllegalArgumentException("unknown op " + record.getString("op"));
        };
    }
}
