package dev.scimserver.store.dump;

import dev.scimserver.store.DataFiles;
import dev.scimserver.store.StoredResource;
import dev.scimserver.json.ScimJson;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * The resource dump: every resource as one JSON array, each with {@code schemas}, {@code id} and
 * {@code meta} (the shape the Python scim2-server's {@code --dump-resources} writes). Written to a
 * temporary file, fsynced, then renamed over the target, so a crash never leaves a torn dump;
 * the file is readable by its owner only, since it holds every resource (password hashes included).
 * The snapshot in the data folder is the same JSON with its checksum beside it ({@link SnapshotChecksum}).
 */
public final class ResourceDump {
    private ResourceDump() {
    }

    /** A plain dump ({@code --dump-resources}); a checksum beside {@code target}, which would no longer match, goes. */
    public static void write(Collection<StoredResource> resources, Path target) throws IOException {
        write(resources, target, false);
    }

    /**
     * The snapshot: the dump, and its CRC32C in {@code target.crc32c}, flushed before the rename so
     * that whatever a crash leaves, the snapshot on disk has a checksum it matches.
     */
    public static void writeSnapshot(Collection<StoredResource> resources, Path target) throws IOException {
        write(resources, target, true);
    }

    private static void write(Collection<StoredResource> resources, Path target, boolean checksum) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        DataFiles.createDirectories(directory);
        if (checksum) {
            SnapshotChecksum.settlePending(absolute);
        }
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            DataFiles.restrictToOwner(temp);
            SnapshotChecksum.Sum sum;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                SnapshotChecksum.CountingOutput out = new SnapshotChecksum.CountingOutput(Channels.newOutputStream(channel));
                JsonGenerator generator = ScimJson.createGenerator(out);
                generator.writeStartArray();
                for (StoredResource resource : resources) {
                    generator.write(resource.body());
                }
                generator.writeEnd();
                generator.flush();
                channel.force(true);
                sum = out.sum();
            }
            if (checksum) {
                SnapshotChecksum.writePending(absolute, sum);
            } else {
                boolean deleted = Files.deleteIfExists(SnapshotChecksum.pending(absolute));
                deleted |= Files.deleteIfExists(SnapshotChecksum.sidecar(absolute));
                if (deleted) {
                    DataFiles.syncDirectory(directory); // gone before the file it would not match is there
                }
            }
            DataFiles.moveAtomically(temp, absolute);
            DataFiles.syncDirectory(directory);
            if (checksum) {
                // The snapshot's rename is durable; now its checksum takes the old one's place.
                DataFiles.moveAtomically(SnapshotChecksum.pending(absolute), SnapshotChecksum.sidecar(absolute));
                DataFiles.syncDirectory(directory);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
