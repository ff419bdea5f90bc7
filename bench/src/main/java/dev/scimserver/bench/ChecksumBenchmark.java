package dev.scimserver.bench;

import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import dev.scimserver.store.memory.Journal;
import jakarta.json.JsonArrayBuilder;

import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * What the journal's checksums cost, measured alone (no disk, no HTTP, no JMH): nanoseconds per
 * record for the lines the server writes, a user's create (about 300 bytes of JSON with the bench's
 * users) and a one-member PATCH of a large group (a change record with one element delta), plus
 * fixed sizes. For each, from the record's JSON text: the line as the journal made it before
 * checksums ({@code (json + "\n").getBytes(UTF_8)}), the line as it makes it now
 * ({@code JournalFormat.line(json.getBytes(UTF_8))}: the bytes, their CRC32C, the header, one copy),
 * the difference, and the CRC32C alone; for scale, turning the record into its JSON text, which both
 * do first. Then the CRC32C's throughput on 64 KiB buffers, what checking a snapshot while it is
 * parsed costs.
 * {@code bin/bench checksum [seconds per figure, default 1]}.
 */
final class ChecksumBenchmark {
    private static volatile long sink;

    private ChecksumBenchmark() {
    }

    static void run(String[] args) throws Throwable {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        MethodHandle frame = packagePrivate("dev.scimserver.store.memory.JournalFormat", "line", byte[].class);
        List<byte[]> real = realRecords();
        System.out.printf("## journal checksums: ns per record (the fastest of 7 rounds taking turns, %.1f s per figure)%n%n", seconds);
        System.out.println("| record | JSON bytes | line bytes | before: (json + \"\\n\").getBytes() | now: JournalFormat.line(json.getBytes()) | added | of which CRC32C | record → JSON text, for scale |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        String[] names = {"user create (put)", "member PATCH of a 1,000-member group (change)"};
        for (int r = 0; r < real.size(); r++) {
            row(names[r], real.get(r), frame, seconds, true);
        }
        for (int size : new int[] {100, 300, 1_000, 10_000}) {
            row(size + "-byte record", record(size), frame, seconds, false);
        }
        byte[] chunk = new byte[64 << 10];
        ThreadLocalRandom.current().nextBytes(chunk);
        double ns = fastest(seconds, () -> crc(chunk))[0];
        System.out.printf("%nCRC32C of 64 KiB buffers: %.2f GB/s (%.0f ns per 64 KiB): a 477 MB snapshot checked in %.0f ms%n",
                chunk.length / ns, ns, 477e6 / (chunk.length / ns) / 1e6);
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    /**
     * One record, from its JSON text (the journal's starting point, then as now): the line as it was
     * made before checksums, the line as it is made now, and the CRC32C alone.
     */
    private static void row(String name, byte[] json, MethodHandle frame, double seconds, boolean real) throws Throwable {
        String text = new String(json, StandardCharsets.UTF_8);
        java.util.function.LongSupplier before = () -> (text + "\n").getBytes(StandardCharsets.UTF_8).length;
        java.util.function.LongSupplier now = () -> {
            try {
                return ((byte[]) frame.invokeExact(text.getBytes(StandardCharsets.UTF_8))).length;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        java.util.function.LongSupplier crc = () -> crc(json);
        double[] fastest = fastest(seconds, before, now, crc);
        String scale = "";
        if (real) {
            Object record = ScimJson.createReader(new StringReader(text)).readObject();
            scale = String.format("%.0f", fastest(seconds, () -> record.toString().length())[0]);
        }
        int lineBytes = ((byte[]) frame.invokeExact(json)).length;
        System.out.printf("| %s | %,d | %,d | %.0f | %.0f | %+.0f | %.0f | %s |%n", name, json.length, lineBytes, fastest[0], fastest[1],
                fastest[1] - fastest[0], fastest[2], scale);
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    /**
     * Nanoseconds per call of each: warmed up, then seven rounds that time each in turn for
     * {@code seconds / 7}, the fastest round of each. On a machine other builds keep busy, the
     * fastest round is the one least disturbed, and taking turns exposes every variant to the same noise.
     */
    private static double[] fastest(double seconds, java.util.function.LongSupplier... variants) {
        long acc = 0;
        for (java.util.function.LongSupplier work : variants) {
            acc += time(work, seconds / 2);
        }
        double[] fastest = new double[variants.length];
        Arrays.fill(fastest, Double.MAX_VALUE);
        for (int round = 0; round < 7; round++) {
            for (int v = 0; v < variants.length; v++) {
                fastest[v] = Math.min(fastest[v], time(variants[v], seconds / 7));
            }
        }
        sink = acc;
        return fastest;
    }

    /** Nanoseconds per call over about {@code seconds}. */
    private static double time(java.util.function.LongSupplier work, double seconds) {
        long acc = 0;
        long calls = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 200; i++) {
                acc += work.getAsLong();
            }
            calls += 200;
            now = System.nanoTime();
        } while (now < end);
        sink += acc;
        return (double) (now - start) / calls;
    }

    /** A JSON object of about {@code size} bytes, of the kind the journal holds. */
    private static byte[] record(int size) {
        StringBuilder json = new StringBuilder("{\"op\":\"put\",\"type\":\"User\",\"id\":\"2819c223-7f76-453a-919d-413861904646\",\"v\":\"");
        while (json.length() < size - 2) {
            json.append((char) ('a' + json.length() % 26));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The records the server writes, as a journal holds them: a user created from the bench's users,
     * and a member added to a group larger than the limit past which a change is an element delta.
     */
    private static List<byte[]> realRecords() throws Exception {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ResourceType userType = registry.resourceType("User");
        ResourceType groupType = registry.resourceType("Group");
        Path dir = Files.createTempDirectory("scim-bench-checksum");
        try {
            InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(registry));
            ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1_001; i++) {
                ids.add(service.create(userType, SearchBenchmark.user(i)).getString("id"));
            }
            JsonArrayBuilder members = ScimJson.createArrayBuilder();
            ids.subList(0, 1_000).forEach(id -> members.add(ScimJson.createObjectBuilder().add("value", id)));
            String group = service.create(groupType, ScimJson.createObjectBuilder()
                    .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                    .add("displayName", "everyone").add("members", members).build()).getString("id");
            Path file = dir.resolve("journal.jsonl");
            backend.attach(Journal.create(file, false), dir.resolve("resources.json"), Long.MAX_VALUE);
            service.create(userType, SearchBenchmark.user(5_000));
            service.patch(groupType, group, PatchRequest.parse(ScimJson.createReader(new StringReader(
                    "{\"schemas\":[\"" + PatchRequest.SCHEMA + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
                            + "\"value\":[{\"value\":\"" + ids.get(1_000) + "\"}]}]}")).readObject(), false), Preconditions.NONE);
            backend.close();
            List<byte[]> records = new ArrayList<>();
            for (String line : written(file)) {
                // The record's JSON: the line without the header the journal puts before it.
                records.add(("{" + line.substring(line.indexOf("\",\"op\"") + 2)).getBytes(StandardCharsets.UTF_8));
            }
            if (records.size() != 2) {
                throw new IllegalStateException("expected 2 journal lines, got " + records.size());
            }
            return records;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> written(Path journal) throws Exception {
        byte[] bytes = Files.readAllBytes(journal);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).lines().toList();
    }

    private static MethodHandle packagePrivate(String className, String name, Class<?>... parameters) throws Exception {
        Method method = Class.forName(className).getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method);
    }
}
