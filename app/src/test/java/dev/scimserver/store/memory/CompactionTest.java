package dev.scimserver.store.memory;

import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.scimserver.store.memory.JournalFixtures.bodies;
import static dev.scimserver.store.memory.JournalFixtures.entries;
import static dev.scimserver.store.memory.JournalFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compaction writes the snapshot while writes go on, and whenever the server stops (cleanly, or
 * by a crash at any step of the compaction) the data folder gives back every acknowledged write,
 * each applied once.
 */
class CompactionTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private InMemoryBackend backend;
    private ResourceService service;

    private void start() throws IOException {
        backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        backend.attach(Journal.create(data().resolve("journal.jsonl"), true), data().resolve("resources.json"), Long.MAX_VALUE);
        service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
    }

    @Test
    void writesGoOnWhileTheSnapshotIsWrittenAndACrashAtAnyStepLosesNothing() throws Exception {
        start();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(service.create(USER, user("before" + i)).getString("id"));
        }
        String group = service.create(GROUP, group("team", users.subList(0, 5))).getString("id");
        addMember(group, users.get(5)); // journalled as a change, which must not be applied twice

        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path crashedAfterSnapshot = dir.resolve("crashed-after-snapshot");
        backend.snapshotWriter((resources, file) -> {
            writing.countDown();
            await(release);
            ResourceDump.writeSnapshot(resources, file);
            copy(data(), crashedAfterSnapshot); // the snapshot is on disk, the previous journal not yet deleted
        });
        // Threads of their own: the common pool has one worker on a two-core machine.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> compaction = CompletableFuture.runAsync(() -> {
            try {
                backend.compact();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, threads);
        await(writing);

        // The snapshot is being written; writers go on meanwhile, into the new journal.
        CompletableFuture.runAsync(() -> {
            users.add(service.create(USER, user("during")).getString("id"));
            addMember(group, users.getLast());
        }, threads).get(30, TimeUnit.SECONDS);
        assertThat(Journal.previous(data().resolve("journal.jsonl"))).exists();
        Path crashedBeforeSnapshot = dir.resolve("crashed-before-snapshot");
        copy(data(), crashedBeforeSnapshot);

        release.countDown();
        compaction.get(30, TimeUnit.SECONDS);
        threads.shutdown();
        assertThat(Journal.previous(data().resolve("journal.jsonl"))).doesNotExist();
        assertThat(Files.readString(data().resolve("resources.json")))
                .as("the snapshot holds the state when the journal was swapped")
                .contains("\"before9\"").doesNotContain("\"during\"");

        List<JsonObject> expected = bodies(backend.all());
        assertThat(expected).hasSize(12);
        assertThat(restart(data(), List.of())).isEqualTo(expected);
        assertThat(restart(crashedBeforeSnapshot, List.of())).isEqualTo(expected);
        assertThat(restart(crashedAfterSnapshot, List.of("already holds"))).isEqualTo(expected);
        backend.close();
    }

    @Test
    void aSnapshotThatFailsKeepsEveryWriteAndTheNextCompactionCoversBothJournals() throws Exception {
        start();
        service.create(USER, user("first"));
        backend.snapshotWriter((resources, file) -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(backend::compact).hasMessageContaining("disk full");
        service.create(USER, user("second"));
        List<JsonObject> expected = bodies(backend.all());
        assertThat(restart(data(), List.of())).as("the moved journal and the new one").isEqualTo(expected);

        backend.snapshotWriter(ResourceDump::writeSnapshot);
        backend.compact();
        service.create(USER, user("third"));
        assertThat(Journal.previous(data().resolve("journal.jsonl"))).doesNotExist();
        assertThat(Files.readString(data().resolve("resources.json"))).contains("\"first\"", "\"second\"");
        assertThat(restart(data(), List.of())).isEqualTo(bodies(backend.all())).hasSize(3);
        backend.close();
    }

    @Test
    void aRestartedServerWritesItsSnapshotBeforeItDropsTheJournalsItCameFrom() throws Exception {
        start();
        service.create(USER, user("kept"));
        backend.close();

        InMemoryBackend restarted = new InMemoryBackend(IndexPlan.of(REGISTRY));
        Journal.replayAll(data().resolve("journal.jsonl"), restarted::holdsAll, restarted::replay, warning -> { });
        Path crashed = dir.resolve("crashed-while-opening");
        restarted.snapshotWriter((resources, file) -> {
            ResourceDump.writeSnapshot(resources, file);
            copy(data(), crashed); // the new snapshot is written, the old journal not yet replaced
        });
        restarted.openJournal(data().resolve("journal.jsonl"), true, data().resolve("resources.json"), Long.MAX_VALUE);
        restarted.close();

        assertThat(entries(data().resolve("journal.jsonl"))).isZero();
        assertThat(restart(data(), List.of())).isEqualTo(bodies(restarted.all())).hasSize(1);
        assertThat(restart(crashed, List.of("already holds"))).isEqualTo(bodies(restarted.all()));
    }

    /** What a server starting on {@code folder} restores: the snapshot, then the journals. */
    private static List<JsonObject> restart(Path folder, List<String> expectedWarnings) {
        InMemoryBackend restored = new InMemoryBackend(IndexPlan.of(REGISTRY));
        Path snapshot = folder.resolve("resources.json");
        if (Files.exists(snapshot)) {
            DumpRestore.restore(snapshot, REGISTRY, new ResourceService(restored, Clock.systemUTC(), REGISTRY, false));
        }
        List<String> warnings = new ArrayList<>();
        Journal.replayAll(folder.resolve("journal.jsonl"), restored::holdsAll, restored::replay, warnings::add);
        assertThat(warnings).hasSameSizeAs(expectedWarnings);
        for (int i = 0; i < warnings.size(); i++) {
            assertThat(warnings.get(i)).contains(expectedWarnings.get(i));
        }
        return bodies(restored.all());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void addMember(String group, String user) {
        JournalFixtures.patch(service, GROUP, group, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}");
    }

    private static JsonObject group(String name, List<String> members) {
        var array = ScimJson.createArrayBuilder();
        members.forEach(id -> array.add(ScimJson.createObjectBuilder().add("value", id)));
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                .add("displayName", name).add("members", array).build();
    }
}
