package dev.scimserver.store.memory;

import dev.scimserver.core.ScimJson;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The write-ahead journal of the in-memory backend: one JSON line per acknowledged write, appended
 * in the order the writes happened. With fsync on (the default) a write is acknowledged only once
 * its line is on disk; writers that arrive together share one fsync (group commit), so durability
 * costs one disk flush per burst, not per request. On start the snapshot plus this journal give
 * back every acknowledged write, even after kill -9.
 */
public final class Journal implements AutoCloseable {
    /** One replayed entry: a resource as it was written, or a deletion. */
    public sealed interface Entry permits Put, Delete {
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

    private final Path file;
    private final boolean fsync;
    private final FileChannel channel;
    private final Object syncLock = new Object();
    private volatile long appended;
    private long durable;

    private Journal(Path file, boolean fsync, FileChannel channel) {
        this.file = file;
        this.fsync = fsync;
        this.channel = channel;
    }

    /** Opens a new, empty journal at {@code file} (replacing one that was there). */
    public static Journal create(Path file, boolean fsync) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        channel.force(true);
        return new Journal(file, fsync, channel);
    }

    public Path file() {
        return file;
    }

    boolean fsyncs() {
        return fsync;
    }

    /** Appends a write; returns its sequence number for {@link #awaitDurable}. Callers serialise appends. */
    long appendPut(StoredResource resource) {
        JsonArrayBuilder unique = ScimJson.createArrayBuilder();
        for (UniqueValue value : resource.uniqueValues()) {
            unique.add(ScimJson.createArrayBuilder().add(value.scope()).add(value.attribute()).add(value.value()));
        }
        return append(ScimJson.createObjectBuilder()
                .add("op", "put")
                .add("type", resource.resourceType())
                .add("id", resource.id())
                .add("unique", unique)
                .add("resource", resource.body())
                .build());
    }

    long appendDelete(String resourceType, String id) {
        return append(ScimJson.createObjectBuilder().add("op", "delete").add("type", resourceType).add("id", id).build());
    }

    private long append(JsonObject record) {
        byte[] line = (record.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
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
            long upTo = appended;
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the journal " + file, e);
            }
            durable = upTo;
        }
    }

    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing at shutdown: nothing more to do
        }
    }

    /**
     * Reads a journal back, entry by entry. A last line that is cut short (a crash mid-append) is
     * skipped with a warning; any other unreadable line stops the start, since what follows it
     * would be applied to the wrong state. Returns the number of entries read.
     */
    public static int replay(Path file, Consumer<Entry> apply, Consumer<String> warn) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new CorruptJournalException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        String[] lines = text.split("\n", -1);
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            // Only the final piece can lack its newline: that is a line the server was writing when it died.
            boolean torn = i == lines.length - 1;
            Entry entry;
            try {
                entry = parse(line);
            } catch (RuntimeException e) {
                if (torn) {
                    warn.accept(file + ": line " + (i + 1) + " is incomplete (the server stopped while writing it); skipped");
                    break;
                }
                throw new CorruptJournalException(file + ": line " + (i + 1) + " is corrupt (" + e.getMessage()
                        + "); the journal cannot be replayed past it");
            }
            apply.accept(entry);
            count++;
        }
        return count;
    }

    private static Entry parse(String line) {
        JsonObject record;
        try (JsonReader reader = ScimJson.createReader(new StringReader(line))) {
            record = reader.readObject();
        }
        String type = record.getString("type");
        String id = record.getString("id");
        return switch (record.getString("op")) {
            case "put" -> {
                Set<UniqueValue> unique = new HashSet<>();
                for (JsonValue value : record.getJsonArray("unique")) {
                    JsonArray triple = value.asJsonArray();
                    unique.add(new UniqueValue(triple.getString(0), triple.getString(1), triple.getString(2)));
                }
                yield new Put(new StoredResource(type, id, record.getJsonObject("resource"), unique));
            }
            case "delete" -> new Delete(type, id);
            default -> throw new IllegalArgumentException("unknown op " + record.getString("op"));
        };
    }
}
