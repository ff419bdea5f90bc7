package dev.scimserver.store.kit;

import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.dump.ResourceDump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.scimserver.store.kit.MemberChecks.groupsOf;
import static dev.scimserver.store.kit.Resources.REGISTRY;
import static dev.scimserver.store.kit.Resources.createdOf;
import static dev.scimserver.store.kit.Resources.group;
import static dev.scimserver.store.kit.Resources.ids;
import static dev.scimserver.store.kit.Resources.lastModifiedOf;
import static dev.scimserver.store.kit.Resources.member;
import static dev.scimserver.store.kit.Resources.memberIds;
import static dev.scimserver.store.kit.Resources.user;
import static dev.scimserver.store.kit.Resources.withMembers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Obligation 7 of {@link BackendContract}: what a dump of one backend holds comes back, through
 * core's restore ({@link DumpRestore}, the path of {@code --restore} and of a start from the
 * snapshot), into another with the same ids, versions, times and memberships.
 */
final class RestoreChecks {
    private RestoreChecks() {
    }

    /**
     * Users (some with the enterprise extension), and groups that list users, a nested group, each
     * other (a cycle, which a restore writes twice), and nobody.
     */
    static void fill(Backend backend) {
        List<StoredResource> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            StoredResource u = user(String.format("%s-%02d", i % 2 == 0 ? "u" : "U", (i * 7) % 30), "restored" + i, i,
                    b -> {
                        b.add("displayName", "Restored " + n).add("active", n % 3 == 0);
                        if (n % 4 == 0) {
                            b.add("emails", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                                    .add("value", "r" + n + "@example.com").add("type", "work").add("primary", true)));
                        }
                        if (n % 5 == 0) {
                            b.add(Resources.ENTERPRISE, ScimJson.createObjectBuilder().add("employeeNumber", String.valueOf(n)));
                        }
                    });
            users.add(u);
            backend.create(u);
        }
        StoredResource team = group("g-team", "Team", 100, List.of(member(users.get(0), true), member(users.get(1), true)));
        StoredResource dept = group("g-dept", "Department", 101, List.of(member(team, true), member(users.get(2), false)));
        StoredResource ping = group("g-ping", "Ping", 102, List.of(member(users.get(3), true)));
        StoredResource pong = group("g-pong", "Pong", 103, List.of(member(ping, true), member(users.get(0), true)));
        StoredResource empty = group("g-empty", "Nobody", 104, List.of());
        StoredResource all = group("g-all", "Everyone", 105, Resources.members(users));
        List.of(team, dept, ping, pong, empty, all).forEach(backend::create);
        backend.update("Group", "g-ping", current -> withMembers(current,
                List.of(member(users.get(3), true), member(pong, true)))); // ping and pong list each other
    }

    static void aRestoredDumpKeepsIdsVersionsTimesAndMembers(Backend source, Backend target, Path folder) throws IOException {
        fill(source);
        List<StoredResource> dumped = source.all();
        Path file = folder.resolve("resources.json");
        ResourceDump.write(dumped, file);
        List<String> warnings = new ArrayList<>();

        int restored = DumpRestore.restore(file, REGISTRY, new ResourceService(target, Clock.systemUTC(), REGISTRY, false),
                warnings::add);

        assertThat(restored).isEqualTo(dumped.size());
        assertThat(warnings).isEmpty();
        for (String type : List.of("User", "Group")) {
            assertThat(target.list(type)).as("the %ss", type).hasSameSizeAs(source.list(type));
        }
        assertThat(ids(target.list("User"))).as("users in creation order").containsExactlyElementsOf(ids(source.list("User")));
        Map<String, StoredResource> groups = target.list("Group").stream()
                .collect(Collectors.toMap(StoredResource::id, Function.identity()));
        assertThat(groups.keySet()).containsExactlyInAnyOrderElementsOf(ids(source.list("Group")));
        for (StoredResource expected : dumped) {
            StoredResource actual = target.get(expected.resourceType(), expected.id()).orElseThrow();
            assertThat(actual.version()).as("version of %s", expected.id()).isEqualTo(expected.version());
            assertThat(createdOf(actual)).as("created of %s", expected.id()).isEqualTo(createdOf(expected));
            assertThat(lastModifiedOf(actual)).as("lastModified of %s", expected.id()).isEqualTo(lastModifiedOf(expected));
            assertThat(actual.uniqueValues()).isEqualTo(expected.uniqueValues());
            assertThat(memberIds(actual)).as("members of %s", expected.id()).containsExactlyElementsOf(memberIds(expected));
            assertThat(groupsOf(target, expected.id())).as("groups of %s", expected.id())
                    .containsExactlyInAnyOrderElementsOf(groupsOf(source, expected.id()));
            assertThat(actual.body()).as("%s %s", expected.resourceType(), expected.id()).isEqualTo(expected.body());
        }
    }
}
