package dev.scimserver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** What every file in the data folder gets: owner-only permissions, and renames made durable. */
public final class DataFiles {
    private DataFiles() {
    }

    /** Readable and writable by the owner only: the files hold every resource, password hashes included. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform's default permissions apply.
        }
    }

    /** Makes a rename or deletion in this folder durable; not every platform can open a folder, which is fine to skip. */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // Best effort.
        }
    }
}
