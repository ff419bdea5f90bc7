package dev.scimserver.core;

import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.TestBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.JsonObject;
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
 * Restoring the groups of a dump: groups nested in any file order and groups that list each other
 * come back whole, with the ids and versions of the dump; a dump of the Python scim2-server, which
 * leaves deleted resources in the groups that listed them, restores without those members by
 * default (with a warning) and stops a strict server at the group. Runs on both backends.
 */
class DumpRestoreGroupsTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    @TempDir
    Path dir;

    /** A service over the backend under test (the build runs this class on both, see {@link TestBackends}). */
    private static ResourceService service(boolean strict) {
        return new ResourceService(TestBackends.create(REGISTRY), Clock.systemUTC(), REGISTRY, strict);
    }

    private Path dump(String... resources) throws IOException {
        Path file = dir.resolve("dump.json");
        Files.writeString(file, "[" + String.join(",\n", resources) + "]");
        return file;
    }

    private static String user(String id, String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"%s",
                 "meta":{"resourceType":"User","created":"2024-01-02T03:04:05Z","lastModified":"2024-01-02T03:04:05Z","version":"W/\\"u-%s\\""}}"""
                .formatted(id, userName, id);
    }

    private static String group(String id, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String member : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"%s","members":[%s],
                 "meta":{"resourceType":"Group","created":"2024-01-02T03:04:05Z","lastModified":"2024-02-03T04:05:06Z","version":"W/\\"g-%s\\""}}"""
                .formatted(id, id, members, id);
    }

    private static List<String> members(ResourceService service, String groupId) {
        JsonObject group = service.get(GROUP, groupId);
        return group.containsKey("members")
                ? group.getJsonArray("members").stream().map(m -> m.asJsonObject().getString("value")).toList()
                : List.of();
    }

    @Test
    void aGroupMayComeBeforeTheGroupsItLists() throws IOException {
        ResourceService target = service(false);
        // outer lists middle lists inner, written outermost first.
        Path file = dump(group("outer", "middle", "u1"), group("middle", "inner"), group("inner", "u1"), user("u1", "ann"));

        assertThat(DumpRestore.restore(file, REGISTRY, target, warning -> { throw new AssertionError(warning); })).isEqualTo(4);

        assertThat(members(target, "outer")).containsExactly("middle", "u1");
        assertThat(members(target, "middle")).containsExactly("inner");
        assertThat(members(target, "inner")).containsExactly("u1");
        assertThat(target.get(GROUP, "outer").getJsonObject("meta").getString("version")).isEqualTo("W/\"g-outer\"");
        assertThat(target.membership().groupsOf("u1", "").stream().map(g -> g.asJsonObject().getString("value")))
                .containsExactlyInAnyOrder("inner", "outer", "middle");
    }

    @Test
    void groupsThatListEachOtherComeBackWhole() throws IOException {
        // A server may hold such a cycle (nesting allows it), so its own snapshot must restore.
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        ResourceService source = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
        String a = source.create(GROUP, ScimAssertions.json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"A\"}"))
                .getString("id");
        String b = source.create(GROUP, ScimAssertions.json(("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"B\",\"members\":[{\"value\":\"%s\"}]}").formatted(a))).getString("id");
        source.patch(GROUP, a, PatchRequest.parse(ScimAssertions.json(("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"%s\"}]}]}").formatted(b)), false),
                Preconditions.NONE);
        Path snapshot = dir.resolve("snapshot.json");
        ResourceDump.write(backend.all(), snapshot);

        for (boolean strict : new boolean[] {false, true}) {
            ResourceService target = service(strict);
            assertThat(DumpRestore.restore(snapshot, REGISTRY, target, warning -> { throw new AssertionError(warning); })).isEqualTo(2);
            assertThat(target.get(GROUP, a)).isEqualTo(source.get(GROUP, a));
            assertThat(target.get(GROUP, b)).isEqualTo(source.get(GROUP, b));
            assertThat(members(target, a)).containsExactly(b);
            assertThat(members(target, b)).containsExactly(a);
        }
    }

    @Test
    void membersThatNameNothingAreLeftOutWithAWarningAsThePythonServersDumpsNeed() throws IOException {
        // scim2-server does not take a deleted user out of its groups: "gone" is such a leftover.
        Path file = dump(user("u1", "ann"), group("g1", "u1", "gone", "g2"), group("g2", "gone"));
        ResourceService target = service(false);
        List<String> warnings = new ArrayList<>();

        assertThat(DumpRestore.restore(file, REGISTRY, target, warnings::add)).isEqualTo(3);

        assertThat(members(target, "g1")).containsExactly("u1", "g2");
        assertThat(members(target, "g2")).isEmpty();
        assertThat(target.get(GROUP, "g1").getJsonObject("meta").getString("version")).isEqualTo("W/\"g-g1\"");
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("dump.json", "1 member(s) that name no User or Group", "gone"));
        assertThat(warnings.get(0)).contains("resource #2 (Group g2)");
        assertThat(warnings.get(1)).contains("resource #1 (Group g1)");
    }

    @Test
    void aStrictServerStopsAtAMemberThatNamesNothing() throws IOException {
        Path file = dump(user("u1", "ann"), group("g1", "u1", "gone"));
        assertThatThrownBy(() -> DumpRestore.restore(file, REGISTRY, service(true), warning -> { }))
                .isInstanceOf(DumpRestore.RestoreException.class)
                .hasMessageContaining("resource #1 cannot be restored")
                .hasMessageContaining("there is no User or Group with id \"gone\"");
    }

    @Test
    void aGroupThatFailsForAnotherReasonStillStopsTheRestore() throws IOException {
        Path file = dump(user("u1", "ann"), group("g1", "gone").replace("\"displayName\":\"g1\",", ""));
        assertThatThrownBy(() -> DumpRestore.restore(file, REGISTRY, service(false), warning -> { }))
                .hasMessageContaining("resource #1 cannot be restored").hasMessageContaining("displayName");
    }
}
