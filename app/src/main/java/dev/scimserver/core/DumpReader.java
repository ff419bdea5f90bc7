package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.store.dump.DumpParser;
import dev.scimserver.core.DumpRestore.RestoreException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.SnapshotChecksum;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;

/**
 * The reading half of a restore: parses a dump on a thread of its own and hands its resources over
 * in file order, each with its index and resource type, while the caller's thread checks and stores
 * the ones before. Parsing ({@link DumpParser}) and checking each take a good part of a restore, so
 * on two cores the two overlap. A fault (bad JSON, an unknown type) reaches the caller after every
 * resource before it.
 */
final class DumpReader implements AutoCloseable {
    /**
     * One resource of the dump: its position in the array, its type and its JSON; once prepared, its
     * stored form instead of the JSON, or the fault its checks found.
     */
    record Parsed(int index, ResourceType type, JsonObject resource, StoredResource prepared, ScimException fault) {
        Parsed prepared(StoredResource stored) {
            return new Parsed(index, type, null, stored, null);
        }

        Parsed failed(ScimException e) {
            return new Parsed(index, type, null, null, e);
        }
    }

    private record Batch(List<Parsed> resources, RestoreException fault, boolean last) {
    }

    /** Resources per hand-over: one queue operation for each resource would cost more than it saves. */
    private static final int BATCH_SIZE = 256;

    private final Path file;
    private final SchemaRegistry registry;
    private final UnaryOperator<Parsed> prepare;
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private List<Parsed> filling = new ArrayList<>(BATCH_SIZE);
    private List<Parsed> taken = List.of();
    private int position;
    private boolean finished;
    /** The length and CRC32C of the file, once it has been read to its end without a fault. */
    private volatile SnapshotChecksum.Sum sum;

    /**
     * Starts reading. {@code prepare} (the checks that need no stored state) runs on whichever
     * thread has time for it, see {@link #handOver}; {@link #next} returns only prepared resources.
     * It must return a resource it does not prepare (a group) unchanged.
     */
    DumpReader(Path file, SchemaRegistry registry, UnaryOperator<Parsed> prepare) {
        this.file = file;
        this.registry = registry;
        this.prepare = prepare;
        this.thread = Thread.ofPlatform().name("scim-dump-reader").daemon().start(this::read);
    }

    /** The next resource in file order, or null after the last; throws the fault the reader met at this point. */
    Parsed next() {
        while (position == taken.size()) {
            if (finished) {
                return null;
            }
            Batch batch;
            try {
                batch = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreException(file + ": the restore was interrupted");
            }
            taken = batch.resources();
            position = 0;
            finished = batch.last();
            if (batch.fault() != null) {
                throw batch.fault();
            }
        }
        Parsed parsed = taken.get(position++);
        return parsed.resource() == null ? parsed : prepare.apply(parsed);
    }

    /** The length and CRC32C of the whole file, once {@link #next} has returned null. */
    SnapshotChecksum.Sum sum() {
        return sum;
    }

    /** Stops the reader when the caller gives up early (a resource failed its checks). */
    @Override
    public void close() {
        thread.interrupt();
    }

    /** Thrown inside the reader thread when the caller has stopped listening. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void read() {
        int index = 0;
        try (SnapshotChecksum.Counting in = new SnapshotChecksum.Counting(Files.newInputStream(file))) {
            DumpParser parser = new DumpParser(in);
            if (!parser.openArray()) {
                throw new RestoreException(file + ": a dump is a JSON array of resources");
            }
            for (JsonObject resource = parser.nextObject(); resource != null; resource = parser.nextObject()) {
                ResourceType type = typeOf(resource);
                if (type == null) {
                    throw DumpRestore.fault(file, index, "its type is unknown (meta.resourceType \""
                            + resourceTypeName(resource) + "\", no registered core schema in \"schemas\")");
                }
                filling.add(new Parsed(index++, type, resource, null, null));
                if (filling.size() == BATCH_SIZE) {
                    handOver(false);
                }
            }
            in.transferTo(OutputStream.nullOutputStream()); // the parser read to the end; the checksum covers every byte
            sum = in.sum();
            handOver(true);
        } catch (Stopped e) {
            // The caller gave up; nobody waits for the rest.
        } catch (RestoreException e) {
            fail(e);
        } catch (DumpParser.NotAnObjectException e) {
            fail(DumpRestore.fault(file, index, "it is not a JSON object"));
        } catch (NoSuchFileException e) {
            fail(new RestoreException(file + ": no such file"));
        } catch (DumpParser.InvalidJsonException e) {
            fail(new RestoreException(file + ": invalid JSON at line " + e.line() + ", column " + e.column()
                    + " (resource #" + index + "): " + e.getMessage()));
        } catch (IOException e) {
            fail(new RestoreException(file + ": cannot be read (" + e.getMessage() + ")"));
        } catch (RuntimeException e) {
            // A fault of this server, not of the dump; the caller must still hear of it rather than wait.
            fail(new RestoreException(file + ": resource #" + index + " could not be read: " + e));
        }
    }

    private void fail(RestoreException fault) {
        try {
            handOver(false);
            put(new Batch(List.of(), fault, true));
        } catch (Stopped e) {
            // The caller gave up already.
        }
    }

    /**
     * Hands the resources read so far to the caller. When the caller has batches waiting, it is the
     * slower half, so this thread prepares the batch first; when it has none, it would wait, so it
     * gets them unprepared and prepares them itself. Either way both cores stay busy, whatever the
     * mix of parsing and checking a dump needs.
     */
    private void handOver(boolean last) {
        if (!batches.isEmpty()) {
            try {
                filling.replaceAll(prepare);
            } catch (RuntimeException e) {
                // A fault of this server: the rest stay unprepared, and the caller, preparing them in
                // order, meets it at the resource it belongs to.
            }
        }
        put(new Batch(filling, null, last));
        filling = new ArrayList<>(BATCH_SIZE);
    }

    private void put(Batch batch) {
        try {
            batches.put(batch);
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private ResourceType typeOf(JsonObject resource) {
        String name = resourceTypeName(resource);
        if (name != null) {
            for (ResourceType type : registry.resourceTypes()) {
                if (type.name().equalsIgnoreCase(name) || type.id().equalsIgnoreCase(name)) {
                    return type;
                }
            }
            return null;
        }
        if (resource.get("schemas") instanceof JsonArray schemas) {
            for (JsonValue urn : schemas) {
                ResourceType type = urn instanceof JsonString s ? registry.resourceTypeWithSchema(s.getString()) : null;
                if (type != null) {
                    return type;
                }
            }
        }
        return null;
    }

    private static String resourceTypeName(JsonObject resource) {
        return resource.get("meta") instanceof JsonObject meta && meta.get("resourceType") instanceof JsonString s
                ? s.getString() : null;
    }
}
