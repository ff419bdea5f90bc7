package dev.scimserver.store.dump;

import dev.scimserver.store.DataFiles;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The checksum of a snapshot, kept beside it so that the snapshot stays a plain JSON array any tool
 * reads: {@code resources.json.crc32c} holds one line,
 * <pre>crc32c hhhhhhhh N\n</pre>
 * the CRC32C of the snapshot's bytes (8 lowercase hex digits) and their number (decimal).
 *
 * <p>{@link ResourceDump#writeSnapshot} writes it as {@code resources.json.crc32c.new} and flushes it
 * before the snapshot's rename, then renames it into place: a crash between the two renames leaves
 * the new snapshot with the old checksum and the new one pending, so a snapshot matches either
 * ({@link #expected}). A snapshot without a checksum (one from before checksums, a dump of
 * {@code --dump-resources} or of the Python server) is read without this check.
 */
public final class SnapshotChecksum {
    private static final Pattern LINE = Pattern.compile("crc32c ([0-9a-f]{8}) (0|[1-9][0-9]{0,18})\n");

    private SnapshotChecksum() {
    }

    /** A file's length and CRC32C. */
    public record Sum(long length, int crc) {
        String line() {
            return "crc32c " + String.format("%08x", crc) + " " + length + "\n";
        }

        @Override
        public String toString() {
            return String.format("CRC32C %08x over %,d bytes", crc, length);
        }
    }

    /**
     * What a snapshot must match: its checksum, and one a crash left pending (see the class comment).
     * Empty when the file has no checksum beside it.
     *
     * @param required whether a mismatch is damage: false when only a pending checksum is there, which
     *                 a crash before the first snapshot with a checksum was renamed can leave beside a
     *                 snapshot that never had one
     */
    public record Expected(Path file, List<Sum> sums, boolean required) {
        public boolean present() {
            return !sums.isEmpty();
        }

        public boolean matches(Sum actual) {
            return sums.contains(actual);
        }
    }

    /** The checksum file of {@code snapshot}. */
    public static Path sidecar(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".crc32c");
    }

    /** Where a new checksum waits for its snapshot's rename. */
    static Path pending(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".crc32c.new");
    }

    /** Thrown when the checksum file itself cannot be read as one. */
    public static final class UnreadableException extends IOException {
        UnreadableException(String message) {
            super(message);
        }
    }

    /** The checksums beside {@code snapshot}. */
    public static Expected expected(Path snapshot) throws IOException {
        List<Sum> sums = new ArrayList<>(2);
        Sum current = read(sidecar(snapshot));
        if (current == null && Files.exists(sidecar(snapshot))) {
            throw new UnreadableException(sidecar(snapshot) + " is damaged: it does not hold \"crc32c <8 hex digits> <length>\"");
        }
        if (current != null) {
            sums.add(current);
        }
        Sum pending = read(pending(snapshot)); // a pending one may be cut short by a crash: then it is no checksum
        if (pending != null) {
            sums.add(pending);
        }
        return new Expected(snapshot, List.copyOf(sums), current != null);
    }

    /** The checksum in {@code file}: null when there is none, or it does not hold one. */
    private static Sum read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        Matcher m = LINE.matcher(new String(bytes, StandardCharsets.US_ASCII));
        return m.matches() ? new Sum(Long.parseLong(m.group(2)), Integer.parseUnsignedInt(m.group(1), 16)) : null;
    }

    /** The length and CRC32C of a file, read through. */
    public static Sum of(Path file) throws IOException {
        try (Counting in = new Counting(Files.newInputStream(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.sum();
        }
    }

    /** Writes {@code sum} to {@link #pending}, owner-only, and flushes it. */
    static void writePending(Path snapshot, Sum sum) throws IOException {
        Path file = pending(snapshot);
        Files.deleteIfExists(file);
        DataFiles.createOwnerOnlyFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(sum.line().getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
    }

    /**
     * Before a new snapshot's checksum goes to {@link #pending}: a checksum a crash left there may be
     * the one that matches the snapshot on disk (the crash came after the snapshot's rename), so it
     * takes its place; otherwise (the crash came before) it is dropped. Only a crash during a
     * snapshot write leaves one, so reading the snapshot through here is rare.
     */
    static void settlePending(Path snapshot) throws IOException {
        Path pending = pending(snapshot);
        if (!Files.exists(pending)) {
            return;
        }
        Sum sum = read(pending);
        if (sum != null && Files.isRegularFile(snapshot) && sum.equals(of(snapshot))) {
            DataFiles.moveAtomically(pending, sidecar(snapshot));
        } else {
            Files.delete(pending);
        }
        DataFiles.syncDirectory(snapshot.toAbsolutePath().getParent());
    }

    /** A stream that keeps the length and CRC32C of the bytes read through it. */
    public static final class Counting extends FilterInputStream {
        private final CRC32C crc = new CRC32C();
        private long length;

        public Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                crc.update(b);
                length++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            int read = in.read(buffer, offset, count);
            if (read > 0) {
                crc.update(buffer, offset, read);
                length += read;
            }
            return read;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("every byte is counted");
        }

        /** What was read so far; call it after the end of the file for the file's. */
        public Sum sum() {
            return new Sum(length, (int) crc.getValue());
        }
    }

    /** A stream that keeps the length and CRC32C of the bytes written through it. */
    static final class CountingOutput extends FilterOutputStream {
        private final CRC32C crc = new CRC32C();
        private long length;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            length++;
        }

        @Override
        public void write(byte[] buffer, int offset, int count) throws IOException {
            out.write(buffer, offset, count);
            crc.update(buffer, offset, count);
            length += count;
        }

        Sum sum() {
            return new Sum(length, (int) crc.getValue());
        }
    }
}
