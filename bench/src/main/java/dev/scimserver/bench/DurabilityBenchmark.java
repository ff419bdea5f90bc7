package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import dev.scimserver.store.memory.Journal;
import dev.scimserver.store.memory.MemoryBackendProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.management.ObjectName;

/**
 * Issue 5's figures: writing and restoring a snapshot of N users (default 1,000,000), with the
 * time and the peak heap of each; and create throughput over HTTP with 16 concurrent clients with
 * the journal fsynced, the journal without fsync, and no journal.
 */
final class DurabilityBenchmark {
    private DurabilityBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("scim-bench-durability");
        try {
            snapshot(users, dir);
            System.out.println();
            // The first seconds of a fresh JVM run the compiler beside the clients: warm up with
            // the journal off and print nothing, so the first measured row is not the slowest.
            throughput(null, dir.resolve("j0"), false, false, Math.max(2, seconds / 2));
            System.out.println("| journal | clients | seconds | creates | creates/s | CPU ms per create (server and clients) |");
            System.out.println("|---|---|---|---|---|---|");
            throughput("fsync (default)", dir.resolve("j1"), true, true, seconds);
            throughput("no fsync", dir.resolve("j2"), true, false, seconds);
            throughput("off", dir.resolve("j3"), false, false, seconds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void snapshot(int users, Path dir) throws Exception {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Path file = dir.resolve("resources.json");
        Written written = write(users, registry, file);
        System.gc();
        resetPeaks();
        long t = System.nanoTime();
        InMemoryBackend restored = new InMemoryBackend(IndexPlan.of(registry));
        int count = DumpRestore.restore(file, registry, new ResourceService(restored, Clock.systemUTC(), registry, false));
        double restoreSeconds = (System.nanoTime() - t) / 1e9;
        long restorePeak = heapPeak();
        if (count != users || restored.all().size() != users) {
            throw new IllegalStateException("restored " + count + " of " + users);
        }
        System.out.printf("## durability: snapshot of %,d users (%,d MB on disk)%n%n", users, Files.size(file) / 1_000_000);
        System.out.println("| step | seconds | peak heap MB |");
        System.out.println("|---|---|---|");
        System.out.printf("| write the snapshot (temp file, fsync, rename) | %.1f | %,d |%n", written.seconds(), written.peakBytes() / 1_000_000);
        System.out.printf("| restore it (parse, check every resource, index) | %.1f | %,d |%n", restoreSeconds, restorePeak / 1_000_000);
        writesDuringCompaction(restored, registry, dir.resolve("compaction"));
    }

    /**
     * What a compaction of the restored state costs the writers: one client creates users, one at a
     * time with the journal fsynced, while the snapshot is written; its longest wait is the time
     * writes were held up.
     */
    private static void writesDuringCompaction(InMemoryBackend backend, SchemaRegistry registry, Path data) throws Exception {
        Files.createDirectories(data);
        backend.attach(Journal.create(data.resolve("journal.jsonl"), true), data.resolve("resources.json"), Long.MAX_VALUE);
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
        ResourceType userType = registry.resourceType("User");
        AtomicBoolean compacting = new AtomicBoolean(true);
        Latencies during = new Latencies();
        long start = System.nanoTime();
        Thread compaction = Thread.ofPlatform().start(() -> {
            try {
                backend.compact();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                compacting.set(false);
            }
        });
        for (int i = 0; compacting.get(); i++) {
            long t = System.nanoTime();
            service.create(userType, SearchBenchmark.user(2_000_000_000 + i));
            during.add(System.nanoTime() - t);
        }
        compaction.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        backend.close();
        System.out.printf("%n| creates during a %.1f-s compaction | count | p50 ms | p99 ms | longest ms |%n|---|---|---|---|---|%n", seconds);
        System.out.printf("| one client, journal fsynced | %,d | %.2f | %.2f | %.0f |%n", during.count(),
                during.percentileMillis(50), during.percentileMillis(99), during.percentileMillis(100));
    }

    /**
     * {@code bin/bench restore FILE [users] [runs]}: restores a dump (written first with that many
     * generated users when FILE does not exist) into a fresh backend, {@code runs} times, printing
     * the seconds and peak heap of each. Kept apart from the write so a profile shows the restore alone.
     */
    static void restoreOnly(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bin/bench restore FILE [users] [runs]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        SchemaRegistry registry = SchemaRegistry.defaults();
        if (!Files.exists(file)) {
            write(users, registry, file);
        }
        System.out.printf("## restore of %s (%,d MB)%n%n| run | resources | seconds | peak heap MB |%n|---|---|---|---|%n",
                file, Files.size(file) / 1_000_000);
        for (int run = 1; run <= runs; run++) {
            System.gc();
            resetPeaks();
            long t = System.nanoTime();
            InMemoryBackend restored = new InMemoryBackend(IndexPlan.of(registry));
            int count = DumpRestore.restore(file, registry, new ResourceService(restored, Clock.systemUTC(), registry, false));
            System.out.printf("| %d | %,d | %.1f | %,d |%n", run, count, (System.nanoTime() - t) / 1e9, heapPeak() / 1_000_000);
            if (run == runs && Boolean.getBoolean("scim.bench.histogram")) {
                // What the restored state is made of: the classes with the most live bytes.
                Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
                histogram.toString().lines().limit(30).forEach(System.out::println);
                System.out.println(restored.all().size() + " resources still held");
            }
        }
    }

    /** Create throughput of 16 HTTP clients against the backend {@link InProcessServer} chooses, as one table. */
    static void createThroughput(String name, int seconds) throws Exception {
        System.out.printf("%n## create throughput%n%n| backend | clients | seconds | creates | creates/s | CPU ms per create |%n|---|---|---|---|---|---|%n");
        throughput(name, null, false, false, seconds);
    }

    /** How long writing the snapshot took and the heap's peak meanwhile. */
    private record Written(double seconds, long peakBytes) {
    }

    /**
     * Creates the users and writes the snapshot. A method of its
     * own so that the users are unreachable once it returns: held in a local of the caller's frame,
     * they stayed live through the restore, doubling the heap the collector had to mark.
     */
    private static Written write(int users, SchemaRegistry registry, Path file) throws Exception {
        ResourceType userType = registry.resourceType("User");
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(registry));
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
        for (int i = 0; i < users; i++) {
            service.create(userType, SearchBenchmark.user(i));
        }
        resetPeaks();
        long t = System.nanoTime();
        ResourceDump.write(backend.all(), file);
        return new Written((System.nanoTime() - t) / 1e9, heapPeak());
    }

    private static void throughput(String name, Path data, boolean journal, boolean fsync, int seconds) throws Exception {
        try (InProcessServer server = new InProcessServer(ServerSettings.defaults())) {
            if (journal) {
                Files.createDirectories(data);
                ((InMemoryBackend) server.backend).attach(Journal.create(data.resolve("journal.jsonl"), fsync),
                        data.resolve("resources.json"), MemoryBackendProvider.DEFAULT_COMPACT_AT_BYTES);
            }
            Creates result = creates(java.util.List.of(server.base()), server.client, seconds);
            if (name != null) {
                System.out.printf("| %s | %d | %.1f | %,d | %,.0f | %.2f |%n", name, CLIENTS, result.seconds(), result.created(),
                        result.created() / result.seconds(), result.cpuMillisPerCreate());
            }
        }
    }

    static final int CLIENTS = 16;

    /** What {@link #creates} counted: creates answered 201 in the seconds it ran, and the process's CPU per create. */
    record Creates(int created, double seconds, double cpuMillisPerCreate) {
    }

    /** 16 HTTP clients creating users for that long, client i against the server at base i mod n. */
    static Creates creates(java.util.List<String> bases, java.net.http.HttpClient client, int seconds) throws Exception {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger names = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        long start;
        long cpuStart = processCpuNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            start = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                String base = bases.get(c % bases.size());
                pool.submit(() -> {
                    while (running.get()) {
                        String body = SearchBenchmark.user(names.incrementAndGet()).toString();
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(base + "/Users"))
                                .header("Content-Type", "application/scim+json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 201) {
                            created.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(seconds * 1000L);
            running.set(false);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Creates(created.get(), elapsed, (processCpuNanos() - cpuStart) / 1e6 / Math.max(1, created.get()));
    }

    /** CPU time of the whole process: the server and the driver's clients share it, alike in every build. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peak use since the last reset (an upper bound of the true peak). */
    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
