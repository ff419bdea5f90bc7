package dev.scimserver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * What every file and folder the server makes in the data folder gets: owner-only permissions (0600 files, 0700
 * folders; they hold every resource, passwords included), and renames made durable. The H2
 * backend's files get the same through {@code store.jdbc.OwnerOnlyFilePath}.
 */
public final class DataFiles {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private DataFiles() {
    }

    /** Readable and writable by the owner only: the files hold every resource, password hashes included. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Files.isDirectory(file) ? OWNER_FOLDER : OWNER_FILE);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform's default permissions apply.
        }
    }

    /** A new, empty file readable and writable by its owner only, never readable by others meanwhile. */
    public static void createOwnerOnlyFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        restrictToOwner(file); // a umask can only take bits away, but say it once more
    }

    /**
     * The folder and those above it that are missing, each new one for its owner only (folders that
     * exist keep their permissions).
     */
    public static void createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        FileAttribute<?>[] owner = {PosixFilePermissions.asFileAttribute(OWNER_FOLDER)};
        try {
            Files.createDirectory(absolute, owner);
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
    }

    /** Renames {@code from} over {@code to} in one step where the platform can. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates one folder (its parent exists), the owner's only from the start. */
    public static void createDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(directory);
        }
    }

    /**
     * Creates an empty file that is the owner's only from the start (no moment in which another
     * user could open it); false when it exists already.
     */
    public static boolean createFile(Path file) throws IOException {
        FileAttribute<?>[] attributes = posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(file, attributes);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
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
