package dev.scimserver.store.kit;

import dev.scimserver.core.Membership;
import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static dev.scimserver.store.kit.CrudChecks.assertSame;
import static dev.scimserver.store.kit.CrudChecks.search;
import static dev.scimserver.store.kit.Resources.GROUP;
import static dev.scimserver.store.kit.Resources.REGISTRY;
import static dev.scimserver.store.kit.Resources.USER;
import static dev.scimserver.store.kit.Resources.group;
import static dev.scimserver.store.kit.Resources.ids;
import static dev.scimserver.store.kit.Resources.member;
import static dev.scimserver.store.kit.Resources.memberIds;
import static dev.scimserver.store.kit.Resources.members;
import static dev.scimserver.store.kit.Resources.membersOf;
import static dev.scimserver.store.kit.Resources.user;
import static dev.scimserver.store.kit.Resources.withMembers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Obligation 6 of {@link BackendContract}: a group's members, and the search that finds the groups of a member. */
final class MemberChecks {
    /** Rounds of the race between a group's create and a delete of its member. */
    static final int RACE_ROUNDS = 25;
    static final int LARGE_GROUP = 10_000;

    private MemberChecks() {
    }

    /** The ids of the groups that list {@code id}, as core finds them to compute a User's {@code groups}. */
    static List<String> groupsOf(Backend backend, String id) {
        return ids(new Membership(backend, REGISTRY).directGroups(id));
    }

    private static List<StoredResource> users(Backend backend, int count) {
        List<StoredResource> users = IntStream.range(0, count)
                .mapToObj(i -> user(String.format("u-%05d", i), String.format("member%05d", i), i)).toList();
        users.forEach(backend::create);
        return users;
    }

    /** Replaces a group's members by {@code change(current members)}, as core's PATCH does: kept members are the same objects. */
    private static StoredResource change(Backend backend, String groupId, UnaryOperator<List<JsonObject>> change) {
        return backend.update("Group", groupId, current -> withMembers(current, change.apply(new ArrayList<>(membersOf(current)))));
    }

    static void membersAddedAndRemovedOneAtATime(Backend backend) {
        List<StoredResource> u = users(backend, 5);
        StoredResource g = group("g-1", "one at a time", 100, List.of(member(u.get(3), true), member(u.get(1), false)));
        backend.create(g);
        assertSame(backend.get("Group", "g-1"), g);

        StoredResource added = change(backend, "g-1", m -> {
            m.add(member(u.get(0), true));
            return m;
        });
        assertSame(backend.get("Group", "g-1"), added);
        assertThat(memberIds(added)).containsExactly("u-00003", "u-00001", "u-00000");
        assertThat(groupsOf(backend, "u-00000")).containsExactly("g-1");

        StoredResource removed = change(backend, "g-1", m -> {
            m.remove(1);
            return m;
        });
        assertSame(backend.get("Group", "g-1"), removed);
        assertThat(groupsOf(backend, "u-00001")).isEmpty();
        assertThat(groupsOf(backend, "u-00003")).containsExactly("g-1");

        StoredResource inFront = change(backend, "g-1", m -> {
            m.addFirst(member(u.get(4), true));
            return m;
        });
        assertThat(memberIds(backend.get("Group", "g-1").orElseThrow())).containsExactly("u-00004", "u-00003", "u-00000");
        assertSame(backend.get("Group", "g-1"), inFront);

        change(backend, "g-1", m -> List.of());
        assertThat(backend.get("Group", "g-1").orElseThrow().body()).doesNotContainKey("members");
        for (StoredResource user : u) {
            assertThat(groupsOf(backend, user.id())).isEmpty();
        }
    }

    static void manyMembersAddedAndRemovedAtOnce(Backend backend) {
        List<StoredResource> u = users(backend, 120);
        backend.create(group("g-many", "many", 1000, members(u.subList(0, 40))));
        backend.create(group("g-other", "other", 1001, members(u.subList(30, 60))));

        StoredResource grown = change(backend, "g-many", m -> {
            m.addAll(members(u.subList(40, 120)));
            return m;
        });
        assertThat(memberIds(backend.get("Group", "g-many").orElseThrow())).containsExactlyElementsOf(ids(u));
        assertSame(backend.get("Group", "g-many"), grown);

        StoredResource thinned = change(backend, "g-many", m -> {
            m.removeIf(member -> Integer.parseInt(member.getString("value").substring(2)) % 3 != 0);
            return m;
        });
        List<String> kept = ids(u).stream().filter(id -> Integer.parseInt(id.substring(2)) % 3 == 0).toList();
        assertThat(memberIds(backend.get("Group", "g-many").orElseThrow())).containsExactlyElementsOf(kept);
        assertSame(backend.get("Group", "g-many"), thinned);
        for (StoredResource user : u) {
            int n = Integer.parseInt(user.id().substring(2));
            List<String> expected = new ArrayList<>();
            if (n % 3 == 0) {
                expected.add("g-many");
            }
            if (n >= 30 && n < 60) {
                expected.add("g-other");
            }
            assertThat(groupsOf(backend, user.id())).as("the groups of %s", user.id()).containsExactlyInAnyOrderElementsOf(expected);
        }

        StoredResource reversed = change(backend, "g-many", m -> m.reversed());
        assertThat(memberIds(backend.get("Group", "g-many").orElseThrow())).containsExactlyElementsOf(kept.reversed());
        assertSame(backend.get("Group", "g-many"), reversed);
    }

    /** The search core runs on every read of a User (its {@code groups}), and the nesting core derives from it. */
    static void aMembersSearchFindsTheGroupsOfAMember(Backend backend) {
        List<StoredResource> u = users(backend, 4);
        StoredResource g1 = group("g-1", "direct", 100, List.of(member(u.get(0), true), member(u.get(1), true)));
        backend.create(g1);
        backend.create(group("g-2", "holds g-1", 101, List.of(member(u.get(1), false), member(g1, true))));
        backend.create(group("g-3", "no members", 102, List.of()));
        backend.create(group("g-4", "holds u2", 103, List.of(member(u.get(2), false))));

        assertThat(groupsOf(backend, "u-00001")).containsExactlyInAnyOrder("g-1", "g-2");
        assertThat(groupsOf(backend, "u-00000")).containsExactly("g-1");
        assertThat(groupsOf(backend, "g-1")).containsExactly("g-2");
        assertThat(groupsOf(backend, "u-00003")).isEmpty();
        assertThat(groupsOf(backend, "u-0000")).as("a prefix of an id is no member").isEmpty();
        assertThat(search(backend, GROUP, "members.value eq \"U-00002\"")).as("members.value is not caseExact").containsExactly("g-4");
        assertThat(search(backend, GROUP, "members[value eq \"u-00001\" and type eq \"user\"]")).containsExactlyInAnyOrder("g-1", "g-2");
        JsonArray groups = new Membership(backend, REGISTRY).groupsOf("u-00000", "https://scim.example/v2");
        assertThat(groups.stream().map(JsonValue::asJsonObject).map(g -> g.getString("value") + " " + g.getString("type")))
                .containsExactly("g-1 direct", "g-2 indirect");

        backend.delete("Group", "g-1", current -> { });
        assertThat(groupsOf(backend, "u-00000")).isEmpty();
        assertThat(groupsOf(backend, "u-00001")).containsExactly("g-2");
    }

    /**
     * {@link Backend#groupsNaming} answers for many ids at once exactly what one members search per id
     * answers (the same groups, in the same order), folded ids, prefixes and ids in no group included.
     */
    static void groupsNamingAnswersAsOneSearchPerId(Backend backend) {
        List<StoredResource> u = users(backend, 4);
        StoredResource g1 = group("g-1", "direct", 100, List.of(member(u.get(0), true), member(u.get(1), true)));
        backend.create(g1);
        backend.create(group("g-2", "holds g-1", 101, List.of(member(u.get(1), false), member(g1, true))));
        backend.create(group("g-3", "holds u2", 102, List.of(member(u.get(2), false))));
        List<String> asked = List.of("u-00000", "u-00001", "U-00002", "u-00003", "g-1", "u-0000", "nobody");
        java.util.Map<String, List<StoredResource>> together = backend.groupsNaming(GROUP, asked);
        assertThat(together.keySet()).containsExactlyElementsOf(asked);
        for (String id : asked) {
            assertThat(ids(together.get(id))).as("the groups naming %s", id).containsExactlyElementsOf(groupsOf(backend, id));
        }
        assertThat(ids(together.get("u-00001"))).containsExactly("g-1", "g-2");
        assertThat(ids(together.get("U-00002"))).as("members.value is not caseExact").containsExactly("g-3");
        Membership membership = new Membership(backend, REGISTRY);
        assertThat(membership.groupsOf(asked, "https://scim.example/v2").get("u-00000"))
                .isEqualTo(membership.groupsOf("u-00000", "https://scim.example/v2"));
    }

    /** A member that names nothing: a backend refuses the group, running {@code membersExist} or checking itself. */
    static void aGroupWithAMemberThatIsGoneIsNotStored(Backend backend) {
        Membership membership = new Membership(backend, REGISTRY);
        StoredResource alice = user("u-alice", "alice", 1);
        backend.create(alice);
        JsonObject ghost = ScimJson.createObjectBuilder().add("value", "u-ghost").add("type", "User").build();
        StoredResource haunted = group("g-1", "haunted", 2, List.of(member(alice, true), ghost));
        List<StoredResource> checked = new ArrayList<>();

        assertThatThrownBy(() -> backend.create(haunted, created -> {
            checked.add(created);
            membership.checkStillExist(created.body());
        })).isInstanceOf(RuntimeException.class);

        assertThat(checked).allSatisfy(created -> assertSame(created, haunted));
        assertThat(backend.get("Group", "g-1")).isEmpty();
        assertThat(backend.list("Group")).isEmpty();
        assertThat(groupsOf(backend, "u-alice")).isEmpty();

        StoredResource fine = group("g-1", "fine", 3, List.of(member(alice, true)));
        backend.create(fine, created -> membership.checkStillExist(created.body()));
        assertSame(backend.get("Group", "g-1"), fine);
        assertThat(groupsOf(backend, "u-alice")).containsExactly("g-1");
    }

    /**
     * Core's create of a group races core's delete of its member ({@link ResourceService}, as the
     * HTTP layer calls it): whichever wins, no group lists the deleted user afterwards.
     */
    static void aMemberDeletedWhileItsGroupIsCreatedIsNeverListed(Backend backend) {
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
        int refused = 0;
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String userId = service.create(USER, json("{\"schemas\":[\"" + USER.schema().id() + "\"],\"userName\":\"racer" + round + "\"}"))
                    .getString("id");
            String group = "{\"schemas\":[\"" + GROUP.schema().id() + "\"],\"displayName\":\"round " + round
                    + "\",\"members\":[{\"value\":\"" + userId + "\"}]}";
            List<Parallel.Outcome<String>> outcomes = Parallel.run(2, w -> () -> {
                if (w == 0) {
                    return service.create(GROUP, json(group)).getString("id");
                }
                service.delete(USER, userId, Preconditions.NONE);
                return userId;
            });
            assertThat(Parallel.unexpected(outcomes, ScimException.class)).isEmpty();
            assertThat(outcomes.get(1).succeeded()).as("the delete").isTrue();
            refused += outcomes.getFirst().succeeded() ? 0 : 1;
            assertThat(backend.get("User", userId)).isEmpty();
            assertThat(backend.list("Group")).as("round %d", round)
                    .allSatisfy(g -> assertThat(memberIds(g)).doesNotContain(userId));
            assertThat(groupsOf(backend, userId)).isEmpty();
        }
        assertThat(backend.list("Group")).hasSize(RACE_ROUNDS - refused);
    }

    static void aLargeGroupKeepsItsMembers(Backend backend) {
        List<StoredResource> u = users(backend, LARGE_GROUP);
        StoredResource newcomer = user("u-newcomer", "newcomer", LARGE_GROUP);
        backend.create(newcomer);
        StoredResource big = group("g-big", "big", 2 * LARGE_GROUP, members(u));
        backend.create(big);
        assertThat(memberIds(backend.get("Group", "g-big").orElseThrow())).containsExactlyElementsOf(ids(u));
        assertThat(groupsOf(backend, "u-05000")).containsExactly("g-big");
        assertThat(search(backend, GROUP, "members.value eq \"u-09999\"")).containsExactly("g-big");

        String middle = u.get(LARGE_GROUP / 2).id();
        StoredResource patched = change(backend, "g-big", m -> {
            m.remove(LARGE_GROUP / 2);
            m.add(member(newcomer, true));
            return m;
        });
        assertSame(backend.get("Group", "g-big"), patched);
        assertThat(groupsOf(backend, middle)).isEmpty();
        assertThat(groupsOf(backend, "u-newcomer")).containsExactly("g-big");

        StoredResource halved = change(backend, "g-big", m -> IntStream.range(0, m.size()).filter(i -> i % 2 == 0).mapToObj(m::get).toList());
        assertThat(memberIds(backend.get("Group", "g-big").orElseThrow())).hasSize(LARGE_GROUP / 2)
                .containsExactlyElementsOf(memberIds(halved));
        assertThat(groupsOf(backend, "u-00001")).isEmpty();
        assertThat(groupsOf(backend, "u-00002")).containsExactly("g-big");

        backend.delete("Group", "g-big", current -> { });
        assertThat(groupsOf(backend, "u-00002")).isEmpty();
    }

    private static JsonObject json(String text) {
        try (var reader = ScimJson.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
