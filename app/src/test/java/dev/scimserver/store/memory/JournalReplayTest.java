package dev.scimserver.store.memory;

import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static dev.scimserver.store.memory.JournalFixtures.bodies;
import static dev.scimserver.store.memory.JournalFixtures.entries;
import static dev.scimserver.store.memory.JournalFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/** What the journal records, replayed on a fresh backend, gives back exactly the state it recorded. */
class JournalReplayTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    @TempDir
    Path dir;

    private static void patch(ResourceService service, String id, String operations) {
        JournalFixtures.patch(service, service.backend().get("Group", id).isPresent() ? GROUP : USER, id, operations);
    }

    @Test
    void everyKindOfWriteReplaysToTheSameState() throws Exception {
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        Path journalFile = dir.resolve("journal.jsonl");
        backend.attach(Journal.create(journalFile, true), dir.resolve("resources.json"), Long.MAX_VALUE);
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);

        List<String> users = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            users.add(service.create(USER, user("user" + i)).getString("id"));
        }
        JsonArrayBuilder members = ScimJson.createArrayBuilder();
        users.subList(0, 100).forEach(id -> members.add(ScimJson.createObjectBuilder().add("value", id)));
        String group = service.create(GROUP, ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                .add("displayName", "big").add("members", members).build()).getString("id");
        // Member changes on a group larger than ArrayDiff.LIMIT are journalled as element deltas.
        patch(service, group, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(110) + "\"}]}");
        patch(service, group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + users.get(50) + "\\\"]\"}");
        patch(service, group, "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(0) + "\"}]},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(111) + "\"}]},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"bigger\"}");
        patch(service, users.get(1), "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"renamed\"}");
        service.delete(USER, users.get(2), Preconditions.NONE); // also leaves the group
        backend.close();

        assertThat(Files.readAllLines(journalFile)).as("a member change is a short line, not the whole group")
                .filteredOn(line -> line.contains("\"op\":\"change\"") && line.contains("\"arrays\":{\"members\""))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.length()).isLessThan(2_000));

        InMemoryBackend replayed = new InMemoryBackend(IndexPlan.of(REGISTRY));
        int entries = Journal.replay(journalFile, replayed::replay, warning -> {
            throw new AssertionError(warning);
        });
        assertThat(entries).isGreaterThan(120);
        assertThat(bodies(replayed.all())).isEqualTo(bodies(backend.all()));

        // A crash after the compaction's snapshot but before the journal was emptied: the journal must
        // not be applied again (its member deltas would be applied twice).
        Path snapshot = dir.resolve("snapshot.json");
        dev.scimserver.store.dump.ResourceDump.write(backend.all(), snapshot);
        InMemoryBackend fromSnapshot = new InMemoryBackend(IndexPlan.of(REGISTRY));
        dev.scimserver.core.DumpRestore.restore(snapshot, REGISTRY, new ResourceService(fromSnapshot, Clock.systemUTC(), REGISTRY, false));
        List<String> warnings = new ArrayList<>();
        assertThat(Journal.replay(journalFile, fromSnapshot::holdsAll, fromSnapshot::replay, warnings::add)).isZero();
        assertThat(warnings).singleElement().asString().contains("already holds");
        assertThat(bodies(fromSnapshot.all())).isEqualTo(bodies(backend.all()));

        JsonObject restoredGroup = replayed.get("Group", group).orElseThrow().body();
        assertThat(restoredGroup.getString("displayName")).isEqualTo("bigger");
        assertThat(restoredGroup.getJsonArray("members")).hasSize(99); // 100 + 2 added − 2 removed − 1 deleted user
        assertThat(replayed.get("User", users.get(2))).isEmpty();
    }

    @Test
    void aJournalWithWritesIsFoldedIntoTheSnapshotPeriodically() throws Exception {
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        Path journalFile = dir.resolve("journal.jsonl");
        Path snapshot = dir.resolve("resources.json");
        backend.attach(Journal.create(journalFile, true), snapshot, Long.MAX_VALUE);
        backend.compactEvery(1);
        new ResourceService(backend, Clock.systemUTC(), REGISTRY, false).create(USER, user("periodic"));
        assertThat(entries(journalFile)).isPositive();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        // A compaction starts a new journal before it renames the snapshot into place: wait for both.
        while ((entries(journalFile) > 0 || !Files.exists(snapshot)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        backend.close();
        assertThat(entries(journalFile)).as("the journal was folded into the snapshot").isZero();
        assertThat(Files.readString(snapshot)).contains("\"userName\":\"periodic\"");
    }
}
