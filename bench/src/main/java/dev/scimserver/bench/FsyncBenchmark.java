package dev.scimserver.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The floor under a journalled write: what one flush of a small journal line costs on this disk,
 * with nothing of the server around it. A 300-byte line written and flushed, N times, the two ways a
 * journal can grow: appended (the file's size changes every time, so the flush commits metadata too)
 * and written over zeros written ahead (the size stays; {@code force(false)} is an fdatasync of the
 * data alone), which is how the journal writes.
 */
final class FsyncBenchmark {
    private static final int LINE = 300;

    private FsyncBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")),
                "scim-bench-fsync");
        System.out.printf("## fsync, %d writes of %d bytes each, in %s%n%n", writes, LINE, dir);
        System.out.println(Latencies.header());
        try {
            System.out.println(measure(dir.resolve("appended"), writes, false).row("append, then force(false)"));
            System.out.println(measure(dir.resolve("preallocated"), writes, true).row("write over zeros, then force(false)"));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static Latencies measure(Path file, int writes, boolean preallocate) throws Exception {
        Latencies latencies = new Latencies();
        byte[] line = new byte[LINE];
        Arrays.fill(line, (byte) 'x');
        line[LINE - 1] = '\n';
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (preallocate) {
                channel.write(ByteBuffer.allocate(LINE * (writes + 100)), 0);
                channel.force(true);
            }
            for (int i = 0; i < writes + 100; i++) {
                long t = System.nanoTime();
                channel.write(ByteBuffer.wrap(line), (long) i * LINE);
                channel.force(false);
                if (i >= 100) {
                    latencies.add(System.nanoTime() - t); // the first 100 warm up
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latencies;
    }
}
