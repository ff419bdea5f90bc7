package dev.scimserver.store;

import dev.scimserver.core.ScimJson;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * The resource dump: every resource as one JSON array, each with {@code schemas}, {@code id} and
 * {@code meta} (the shape the Python scim2-server's {@code --dump-resources} writes). Written to a
 * temporary file, fsynced, then renamed over the target, so a crash never leaves a torn dump;
 * the file is readable by its owner only, since it holds every resource (passwords included).
 */
public final class ResourceDump {
    private ResourceDump() {
    }

    public static void write(Collection<StoredResource> resources, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        DataFiles.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            DataFiles.restrictToOwner(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                JsonGenerator generator = ScimJson.createGenerator(out);
                generator.writeStartArray();
                for (StoredResource resource : resources) {
                    generator.write(resource.body());
                }
                generator.writeEnd();
                generator.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            DataFiles.syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
