package dev.scimserver.bench;

import dev.scimserver.core.Argon2id;
import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Issue "Hardening", item 9: what a stored password costs. {@code bin/bench passwords [hashes] [users]}:
 * the time of one hash (Argon2id as the server stores it, and PBKDF2-HMAC-SHA256 at 600,000
 * iterations, the alternative), a create with and without a password, the creates without one
 * while another thread creates with one, and a restore of a dump of {@code users} cleartext
 * passwords against the same dump once hashed. The restore hashes on the reader's thread and on the
 * storing one (DumpReader hands out work by batches of 256), so it needs several batches to use both.
 */
final class PasswordBenchmark {
    private static final String PASSWORD = "Secret-Passw0rd-XYZ";

    private PasswordBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int hashes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 2_048;
        System.out.printf("## passwords (%d cores)%n%n%s%n", Runtime.getRuntime().availableProcessors(), Latencies.header());
        hashes(hashes);
        creates(Math.max(50, hashes / 3));
        overHttp(0);
        overHttp(2);
        overHttp(8);
        System.out.println();
        if (users > 0) {
            restore(users);
        }
    }

    private static void hashes(int count) throws Exception {
        Argon2id argon2 = Argon2id.owasp();
        for (int i = 0; i < 20; i++) {
            argon2.hash(PASSWORD); // the JIT first
        }
        Latencies argon = new Latencies();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            argon2.hash(PASSWORD);
            argon.add(System.nanoTime() - t);
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        System.out.println(argon.row("one Argon2id hash, m=19456 KiB, t=2, p=1 (stored; "
                + String.format("%.1f", cpu / 1e6 / count) + " ms CPU each on average)"));
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salt = new byte[16];
        Latencies pbkdf = new Latencies();
        for (int i = 0; i < Math.max(10, count / 10) + 3; i++) {
            long t = System.nanoTime();
            pbkdf2.generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, 600_000, 256)).getEncoded();
            if (i >= 3) {
                pbkdf.add(System.nanoTime() - t);
            }
        }
        System.out.println(pbkdf.row("one PBKDF2-HMAC-SHA256 hash, 600,000 iterations (not used)"));
    }

    /** Creates through the service (no HTTP) on the in-memory backend without a journal: the hash is the difference. */
    private static void creates(int count) throws Exception {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ResourceType userType = registry.resourceType("User");
        ResourceService service = new ResourceService(new InMemoryBackend(IndexPlan.of(registry)), Clock.systemUTC(),
                registry, false);
        for (int i = 0; i < 2_000; i++) {
            service.create(userType, SearchBenchmark.user(1_000_000 + i));
        }
        Latencies without = new Latencies();
        Latencies with = new Latencies();
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            service.create(userType, SearchBenchmark.user(i));
            without.add(System.nanoTime() - t);
            t = System.nanoTime();
            service.create(userType, withPassword(SearchBenchmark.user(100_000 + i)));
            with.add(System.nanoTime() - t);
        }
        System.out.println(without.row("create without a password"));
        System.out.println(with.row("create with a password"));

        // One thread creates users with passwords without a pause; the creates without one go on beside it.
        AtomicBoolean hashing = new AtomicBoolean(true);
        int[] hashed = new int[1];
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; hashing.get(); i++) {
                service.create(userType, withPassword(SearchBenchmark.user(200_000 + i)));
                hashed[0]++;
            }
        });
        Latencies beside = new Latencies();
        long end = System.nanoTime() + 5_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            long t = System.nanoTime();
            service.create(userType, SearchBenchmark.user(300_000 + i));
            beside.add(System.nanoTime() - t);
        }
        hashing.set(false);
        writer.join();
        System.out.println(beside.row("create without a password while another thread creates with one (it made "
                + hashed[0] + " in those 5 s)"));
    }

    /**
     * Over HTTP: one client creates users without a password for 5 s, one at a time, while
     * {@code hashing} clients create users with one. Helidon runs each request on a virtual thread;
     * a hash must not hold the carrier threads the other requests need.
     */
    private static void overHttp(int hashing) throws Exception {
        try (InProcessServer server = new InProcessServer(dev.scimserver.config.ServerSettings.defaults())) {
            AtomicBoolean running = new AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger hashed = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 200; i++) {
                post(server, SearchBenchmark.user(names.incrementAndGet())); // warm the server up first
            }
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, hashing))) {
                for (int c = 0; c < hashing; c++) {
                    pool.submit(() -> {
                        while (running.get()) {
                            post(server, withPassword(SearchBenchmark.user(names.incrementAndGet())));
                            hashed.incrementAndGet();
                        }
                        return null;
                    });
                }
                Latencies plain = new Latencies();
                long end = System.nanoTime() + 5_000_000_000L;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    post(server, SearchBenchmark.user(names.incrementAndGet()));
                    plain.add(System.nanoTime() - t);
                }
                running.set(false);
                System.out.println(plain.row("POST without a password over HTTP, " + hashing
                        + " clients posting with one meanwhile (" + hashed.get() + " in 5 s)"));
            }
        }
    }

    /** The CPU time of the whole process: with other work on the machine, the restore's own cost. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void post(InProcessServer server, JsonObject user) throws Exception {
        var response = server.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/Users"))
                .header("Content-Type", "application/scim+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(user.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /Users: " + response.statusCode());
        }
    }

    private static JsonObject withPassword(JsonObject user) {
        return ScimJson.createObjectBuilder(user).add("password", PASSWORD).build();
    }

    /** A dump of cleartext passwords (the Python scim2-server's kind) against the same users once hashed. */
    private static void restore(int users) throws Exception {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ResourceType userType = registry.resourceType("User");
        Path dir = Files.createTempDirectory("scim-bench-passwords");
        Path cleartext = dir.resolve("cleartext.json");
        Path hashed = dir.resolve("hashed.json");
        try {
            InMemoryBackend source = new InMemoryBackend(IndexPlan.of(registry));
            ResourceService service = new ResourceService(source, Clock.systemUTC(), registry, false);
            for (int i = 0; i < users; i++) {
                service.create(userType, SearchBenchmark.user(i));
            }
            // The stored users with a cleartext password put in, as such a dump holds them.
            StringBuilder dump = new StringBuilder("[");
            for (var resource : source.all()) {
                dump.append(dump.length() > 1 ? ",\n" : "")
                        .append(ScimJson.createObjectBuilder(resource.body()).add("password", PASSWORD + "-" + resource.id()).build());
            }
            Files.writeString(cleartext, dump.append("]"));
            System.out.println("| restore | users | seconds | ms per user | CPU seconds (all threads) |");
            System.out.println("|---|---|---|---|---|");
            InMemoryBackend restored = new InMemoryBackend(IndexPlan.of(registry));
            long t = System.nanoTime();
            long cpu = cpuNanos();
            DumpRestore.restore(cleartext, registry, new ResourceService(restored, Clock.systemUTC(), registry, false));
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf("| cleartext passwords (hashed on restore) | %,d | %.2f | %.1f | %.1f |%n", users, seconds,
                    seconds * 1000 / users, (cpuNanos() - cpu) / 1e9);
            ResourceDump.write(restored.all(), hashed);
            InMemoryBackend again = new InMemoryBackend(IndexPlan.of(registry));
            t = System.nanoTime();
            cpu = cpuNanos();
            DumpRestore.restore(hashed, registry, new ResourceService(again, Clock.systemUTC(), registry, false));
            seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf("| our hashes (kept as they are) | %,d | %.2f | %.2f | %.1f |%n", users, seconds,
                    seconds * 1000 / users, (cpuNanos() - cpu) / 1e9);
        } finally {
            Files.deleteIfExists(cleartext);
            Files.deleteIfExists(hashed);
            Files.deleteIfExists(dir);
        }
    }
}
