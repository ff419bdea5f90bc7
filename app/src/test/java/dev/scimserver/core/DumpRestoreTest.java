package dev.scimserver.core;

import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Restoring a dump of more resources than the reader hands over at once: everything comes back as
 * it was (ids, versions, group members listed before they are defined), and the first bad resource
 * stops the restore with its index and reason, whatever the reader found after it.
 */
class DumpRestoreTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final int USERS = 700;

    @TempDir
    Path dir;
    private InMemoryBackend source;
    private ResourceService sourceService;

    @BeforeEach
    void fill() {
        source = new InMemoryBackend(IndexPlan.of(REGISTRY));
        sourceService = new ResourceService(source, Clock.systemUTC(), REGISTRY, false);
        for (int i = 0; i < USERS; i++) {
            sourceService.create(USER, ScimAssertions.json("""
                    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "user%d",
                     "name": {"givenName": "G%d"}, "emails": [{"value": "u%d@example.com", "type": "work"}]}
                    """.formatted(i, i, i)));
        }
    }

    private ResourceService restored() {
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        return new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
    }

    private Path dump(List<String> resources) throws IOException {
        Path file = dir.resolve("dump.json");
        Files.writeString(file, "[" + String.join(",\n", resources) + "]");
        return file;
    }

    private static List<?> read(Path file) throws IOException {
        try (var reader = ScimJson.createReader(Files.newInputStream(file))) {
            return reader.readArray();
        }
    }

    private List<String> sourceResources() {
        List<String> resources = new ArrayList<>();
        source.all().forEach(r -> resources.add(r.body().toString()));
        return resources;
    }

    @Test
    void everyResourceComesBackWithItsIdVersionAndMembers() throws IOException {
        List<JsonObject> users = sourceService.list(USER);
        JsonObject group = sourceService.create(GROUP, ScimAssertions.json("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "all",
                 "members": [{"value": "%s"}, {"value": "%s"}]}
                """.formatted(users.getFirst().getString("id"), users.getLast().getString("id"))));
        List<String> resources = sourceResources();
        resources.addFirst(resources.removeLast()); // the group before the users it lists
        ResourceService target = restored();

        assertThat(DumpRestore.restore(dump(resources), REGISTRY, target)).isEqualTo(USERS + 1);

        assertThat(target.list(USER)).isEqualTo(users);
        JsonObject last = users.getLast();
        ResourceSearch search = new ResourceSearch(target.backend(), 1000);
        assertThat(search.search(USER, new SearchRequest("userName eq \"" + last.getString("userName") + "\"", null, null, 1,
                null, Projection.DEFAULT)).resources()).extracting(f -> f.resource().body()).containsExactly(last);
        assertThat(search.search(USER, new SearchRequest("emails.value eq \"u7@example.com\"", null, null, 1,
                null, Projection.DEFAULT)).resources()).hasSize(1);
        assertThat(target.get(GROUP, group.getString("id"))).isEqualTo(group);
        assertThat(target.membership().directGroups(users.getLast().getString("id")))
                .extracting(r -> r.id()).containsExactly(group.getString("id"));
        Path again = dir.resolve("again.json");
        ResourceDump.write(target.backend().all(), again);
        assertThat(read(again)).isEqualTo(read(dump(sourceResources())));
    }

    @Test
    void theFirstBadResourceIsNamedEvenWhenTheFileBreaksLater() throws IOException {
        List<String> resources = sourceResources();
        resources.set(400, resources.get(400).replaceFirst("\"userName\":\"[^\"]*\",", ""));
        resources.set(650, "{\"broken\": ");
        assertThatThrownBy(() -> DumpRestore.restore(dump(resources), REGISTRY, restored()))
                .isInstanceOf(DumpRestore.RestoreException.class)
                .hasMessageContaining("dump.json: resource #400 cannot be restored")
                .hasMessageContaining("userName");
    }

    @Test
    void brokenJsonAndUnknownTypesAfterManyGoodResourcesAreReportedWhereTheyAre() throws IOException {
        List<String> broken = new ArrayList<>(sourceResources().subList(0, 300));
        broken.add("{\"id\": ");
        assertThatThrownBy(() -> DumpRestore.restore(dump(broken), REGISTRY, restored()))
                .hasMessageContaining("invalid JSON").hasMessageContaining("(resource #300)");

        List<String> unknown = sourceResources();
        unknown.set(257, "{\"id\": \"x\", \"schemas\": [\"urn:example:Nothing\"]}");
        assertThatThrownBy(() -> DumpRestore.restore(dump(unknown), REGISTRY, restored()))
                .hasMessageContaining("resource #257 cannot be restored: its type is unknown");
    }

    @Test
    void brokenJsonIsNamedByLineAndColumnAndAnElementThatIsNoObjectByItsIndex() throws IOException {
        List<String> three = new ArrayList<>(sourceResources().subList(0, 3));
        three.set(2, "{\"id\": x}");
        assertThatThrownBy(() -> DumpRestore.restore(dump(three), REGISTRY, restored()))
                .hasMessageEndingWith("dump.json: invalid JSON at line 3, column 8 (resource #2): expected a JSON value");

        three.set(2, "42");
        assertThatThrownBy(() -> DumpRestore.restore(dump(three), REGISTRY, restored()))
                .hasMessageEndingWith("dump.json: resource #2 cannot be restored: it is not a JSON object");

        Path trailing = dump(three.subList(0, 2));
        Files.writeString(trailing, "\n]", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> DumpRestore.restore(trailing, REGISTRY, restored()))
                .hasMessageEndingWith("dump.json: invalid JSON at line 3, column 1 (resource #2): "
                        + "nothing but whitespace may follow the dump's closing ']'");
    }

    @Test
    void twiceTheSameIdOrUserNameStopsTheRestore() throws IOException {
        List<String> sameId = sourceResources();
        sameId.add(sameId.get(3).replaceFirst("\"userName\":\"[^\"]*\"", "\"userName\":\"someone-else\""));
        assertThatThrownBy(() -> DumpRestore.restore(dump(sameId), REGISTRY, restored()))
                .hasMessageContaining("resource #" + USERS + " cannot be restored").hasMessageContaining("used twice");

        List<String> sameName = sourceResources();
        String taken = ScimAssertions.json(sameName.get(3)).getString("userName").toUpperCase(java.util.Locale.ROOT);
        sameName.set(500, sameName.get(500).replaceFirst("\"userName\":\"[^\"]*\"", "\"userName\":\"" + taken + "\""));
        assertThatThrownBy(() -> DumpRestore.restore(dump(sameName), REGISTRY, restored()))
                .hasMessageContaining("resource #500 cannot be restored").hasMessageContaining("userName");
    }

    @Test
    void aMissingFileOrANonArrayIsNamed() throws IOException {
        assertThatThrownBy(() -> DumpRestore.restore(dir.resolve("none.json"), REGISTRY, restored()))
                .hasMessageEndingWith("none.json: no such file");
        Path object = dir.resolve("object.json");
        Files.writeString(object, "{}");
        assertThatThrownBy(() -> DumpRestore.restore(object, REGISTRY, restored()))
                .hasMessageContaining("a dump is a JSON array of resources");
    }
}
