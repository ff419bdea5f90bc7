package dev.scimserver.store.jdbc;

import dev.scimserver.store.DataFiles;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * H2's files as the server's other files are: the owner's only. H2 creates its files itself (the
 * database {@code scim.mv.db}, {@code scim.trace.db}, the {@code .tempFile} of a compaction, any lock
 * file) with the process's umask, usually 0644, so another user of the machine could read every
 * resource. Every file H2 opens goes through its pluggable file system ({@link FilePath}); a URL
 * whose file name starts with {@value #SCHEME}{@code :} goes through this wrapper around the disk
 * file system, which creates each new file 0600 and each new folder 0700 before H2 writes to it
 * (so there is no moment in which another user could open it), and makes H2's temporary files
 * 0600. {@link JdbcBackends#open} registers it and puts H2 file URLs on it. H2's temporary result
 * files go to {@code java.io.tmpdir}, not the data folder, and are 0600 already (created by
 * {@code Files.createTempFile}).
 */
public final class OwnerOnlyFilePath extends FilePathWrapper {
    /** The prefix of database names on this file system: {@code jdbc:h2:scim-owner-only:/path/scim}. */
    static final String SCHEME = "scim-owner-only";

    private static final OwnerOnlyFilePath REGISTERED = new OwnerOnlyFilePath();

    static {
        FilePath.register(REGISTERED);
    }

    /** H2 makes one per path with this constructor. */
    public OwnerOnlyFilePath() {
    }

    /** Makes sure the file system is registered with H2 (the first use of the class does it). */
    static void register() {
        // The static initializer did it.
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    private Path path() {
        return Path.of(getBase().toString());
    }

    @Override
    public void createDirectory() {
        try {
            DataFiles.createDirectory(path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + path(), e);
        }
    }

    @Override
    public boolean createFile() {
        try {
            return DataFiles.createFile(path());
        } catch (IOException e) {
            return false; // as FilePathDisk answers: the file could not be created
        }
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        createOwnerOnly();
        return super.newOutputStream(append);
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (mode.contains("w")) {
            createOwnerOnly();
        }
        return super.open(mode);
    }

    /** Creates the file (and any missing folder above it) the owner's only, unless it is there. */
    private void createOwnerOnly() throws IOException {
        Path file = path().toAbsolutePath();
        if (file.getParent() != null) {
            DataFiles.createDirectories(file.getParent());
        }
        DataFiles.createFile(file);
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath temp = super.createTempFile(suffix, inTempDir);
        DataFiles.restrictToOwner(Path.of(temp.unwrap().toString()));
        return temp;
    }
}
