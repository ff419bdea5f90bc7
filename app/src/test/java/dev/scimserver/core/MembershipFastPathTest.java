package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast paths of group membership ({@link Membership#checkMembers}, {@link Membership#rulesFor},
 * {@link PatchEngine}'s member rules, which ask the {@code members.value} index instead of walking
 * the list) through {@link ResourceService} over an indexed backend: they must give the members a
 * walk of the list would give, no duplicates, a checked {@code type}, no stored {@code $ref}, and an
 * untouched version when nothing changes.
 */
class MembershipFastPathTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final Instant START = Instant.parse("2024-06-01T09:00:00.000Z");

    private MutableClock clock;
    private ResourceService service;

    @BeforeEach
    void newService() {
        clock = new MutableClock(START);
        service = new ResourceService(new InMemoryBackend(IndexPlan.of(REGISTRY)), clock, REGISTRY, false);
    }

    // ---- helpers

    private static JsonObject withSchema(ResourceType type, JsonObject body) {
        return Json.createObjectBuilder(body).add("schemas", Json.createArrayBuilder().add(type.schema().id())).build();
    }

    private String user(String userName) {
        return service.create(USER, withSchema(USER, Json.createObjectBuilder().add("userName", userName).build())).getString("id");
    }

    private List<String> users(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(user("user" + i));
        }
        return ids;
    }

    private static JsonArrayBuilder members(List<String> ids) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        ids.forEach(id -> members.add(Json.createObjectBuilder().add("value", id)));
        return members;
    }

    private String group(String displayName, List<String> memberIds) {
        var body = Json.createObjectBuilder().add("displayName", displayName);
        if (!memberIds.isEmpty()) {
            body.add("members", members(memberIds));
        }
        return service.create(GROUP, withSchema(GROUP, body.build())).getString("id");
    }

    private JsonObject patch(String groupId, String operations) {
        clock.advance(Duration.ofSeconds(1));
        String body = "{\"schemas\": [\"" + PatchRequest.SCHEMA + "\"], \"Operations\": " + operations + "}";
        return service.patch(GROUP, groupId, PatchRequest.parse(json(body), false), Preconditions.NONE);
    }

    private JsonObject put(String groupId, String displayName, JsonArrayBuilder members) {
        clock.advance(Duration.ofSeconds(1));
        return service.replace(GROUP, groupId, withSchema(GROUP, Json.createObjectBuilder()
                .add("displayName", displayName).add("members", members).build()), Preconditions.NONE);
    }

    private static String add(String... ids) {
        JsonArrayBuilder value = Json.createArrayBuilder();
        for (String id : ids) {
            value.add(Json.createObjectBuilder().add("value", id));
        }
        return "{\"op\": \"add\", \"path\": \"members\", \"value\": " + value.build() + "}";
    }

    private static String removeByFilter(String id) {
        return "{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + id + "\\\"]\"}";
    }

    private static List<String> memberIds(JsonObject group) {
        if (!(group.get("members") instanceof JsonArray members)) {
            return List.of();
        }
        return members.stream().map(m -> m.asJsonObject().getString("value")).toList();
    }

    private List<String> storedMemberIds(String groupId) {
        return memberIds(service.get(GROUP, groupId));
    }

    private static String version(JsonObject resource) {
        return ResourceService.version(resource);
    }

    /** The groups the index says list this id, as ids. */
    private List<String> indexedGroupsOf(String memberId) {
        return service.membership().directGroups(memberId).stream().map(StoredResource::id).toList();
    }

    /** Brute force: the groups whose stored members list this id (ignoring case, as members.value compares). */
    private List<String> scannedGroupsOf(String memberId) {
        List<String> ids = new ArrayList<>();
        for (StoredResource g : service.backend().list(GROUP.id())) {
            if (memberIds(g.body()).stream().anyMatch(v -> v.equalsIgnoreCase(memberId))) {
                ids.add(g.id());
            }
        }
        return ids;
    }

    private void assertIndexMatchesScan(List<String> ids) {
        for (String id : ids) {
            assertThat(indexedGroupsOf(id)).as("groups listing %s", id).containsExactlyElementsOf(scannedGroupsOf(id));
        }
    }

    // ---- adding a member already there

    @Test
    void addingAMemberAlreadyPresentChangesNothing() {
        String member = user("bjensen");
        String g = group("G", List.of(member));
        JsonObject before = service.get(GROUP, g);

        JsonObject after = patch(g, "[" + add(member) + "]");

        assertThat(memberIds(after)).containsExactly(member);
        assertThat(version(after)).isEqualTo(version(before));
        assertThat(after.getJsonObject("meta").getString("lastModified"))
                .isEqualTo(before.getJsonObject("meta").getString("lastModified"));
        assertThat(after).isEqualTo(before);
    }

    /**
     * members.value is caseExact false (RFC 7643 §8.7.1), so the upper-cased id of a member is that
     * member: RFC 7644 §3.5.2.1 says adding a value already there changes nothing. Before the fast
     * path (commit a807a8c) this PATCH answered 200 without a change.
     */
    @Test
    void addingAMemberAlreadyPresentInAnotherCaseChangesNothing() {
        String member = user("bjensen");
        String g = group("G", List.of(member));
        JsonObject before = service.get(GROUP, g);

        JsonObject after = patch(g, "[" + add(member.toUpperCase(Locale.ROOT)) + "]");

        assertThat(memberIds(after)).containsExactly(member);
        assertThat(version(after)).isEqualTo(version(before));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void addingAMemberAlreadyPresentInAnotherCaseNeverDuplicatesItNorChangesTheGroup() {
        String member = user("bjensen");
        String g = group("G", List.of(member));
        JsonObject before = service.get(GROUP, g);

        try {
            patch(g, "[" + add(member.toUpperCase(Locale.ROOT)) + "]");
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400); // see the disabled test above: 200 is what the RFC asks for
        }

        JsonObject after = service.get(GROUP, g);
        assertThat(memberIds(after)).containsExactly(member);
        assertThat(version(after)).isEqualTo(version(before));
    }

    @Test
    void addingMembersAlreadyPresentInALargeGroupKeepsTheVersion() {
        List<String> ids = users(200);
        String g = group("Big", ids);
        JsonObject before = service.get(GROUP, g);

        JsonObject after = patch(g, "[" + add(ids.get(0), ids.get(100), ids.get(199)) + "]");

        assertThat(memberIds(after)).containsExactlyElementsOf(ids);
        assertThat(version(after)).isEqualTo(version(before));
    }

    // ---- the same new id twice

    @Test
    void theSameNewIdTwiceInOneOperationIsAddedOnce() {
        String member = user("bjensen");
        String g = group("G", List.of(user("other")));

        JsonObject after = patch(g, "[" + add(member, member) + "]");

        assertThat(memberIds(after)).hasSize(2).containsOnlyOnce(member);
        assertThat(indexedGroupsOf(member)).containsExactly(g);
    }

    @Test
    void theSameNewIdInTwoOperationsOfOneRequestIsAddedOnce() {
        String member = user("bjensen");
        List<String> ids = users(200);
        String g = group("Big", ids);

        JsonObject after = patch(g, "[" + add(member) + ", " + add(member) + "]");

        List<String> expected = new ArrayList<>(ids);
        expected.add(member);
        assertThat(memberIds(after)).containsExactlyElementsOf(expected);
        assertThat(storedMemberIds(g)).containsExactlyElementsOf(expected);
        assertIndexMatchesScan(List.of(member, ids.get(0)));
    }

    @Test
    void theSameNewIdTwiceWithOneOfThemUpperCasedIsNeverAddedTwice() {
        String member = user("bjensen");
        String g = group("G", List.of(user("other")));

        try {
            patch(g, "[" + add(member, member.toUpperCase(Locale.ROOT)) + "]");
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400); // an upper-cased id is refused (see the disabled test above)
        }

        assertThat(storedMemberIds(g).stream().filter(member::equalsIgnoreCase)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aPutWithADuplicatedMemberKeepsItOnce() {
        String a = user("a");
        String b = user("b");
        String g = group("G", List.of(a));

        JsonObject after = put(g, "G", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("value", b))
                .add(Json.createObjectBuilder().add("value", a).add("display", "first"))
                .add(Json.createObjectBuilder().add("value", b).add("type", "Group"))
                .add(Json.createObjectBuilder().add("value", a).add("display", "second")));

        assertThat(memberIds(after)).containsExactly(b, a);
        assertThat(storedMemberIds(g)).containsExactly(b, a);
        assertIndexMatchesScan(List.of(a, b));
    }

    @Test
    void aPostWithADuplicatedMemberKeepsItOnce() {
        String a = user("a");

        String g = group("G", List.of(a, a, a));

        assertThat(storedMemberIds(g)).containsExactly(a);
    }

    // ---- a PATCH then a PUT of a large group

    @Test
    void aPatchThenAPutRepeatingTheListWithOneMore() {
        List<String> ids = users(202);
        List<String> initial = new ArrayList<>(ids.subList(0, 200));
        String g = group("Big", initial);

        patch(g, "[" + add(ids.get(200)) + "]");
        List<String> afterPatch = new ArrayList<>(initial);
        afterPatch.add(ids.get(200));
        assertThat(storedMemberIds(g)).containsExactlyElementsOf(afterPatch);

        List<String> putList = new ArrayList<>(afterPatch);
        putList.add(ids.get(201));
        JsonObject afterPut = put(g, "Big", members(putList));

        assertThat(memberIds(afterPut)).containsExactlyElementsOf(putList);
        assertThat(storedMemberIds(g)).containsExactlyElementsOf(putList);
        assertIndexMatchesScan(ids);
        for (JsonValue m : service.get(GROUP, g).getJsonArray("members")) {
            assertThat(m.asJsonObject().getString("type")).isEqualTo("User");
            assertThat(m.asJsonObject().containsKey("$ref")).isFalse();
        }
    }

    @Test
    void aSmallPutThatKeepsMostMembersIsExact() {
        List<String> ids = users(12);
        String g = group("Small", ids.subList(0, 10));

        // within ArrayDiff's limit: the fast check of added members handles it
        List<String> putList = new ArrayList<>(ids.subList(2, 12));
        putList.add(ids.get(0));
        JsonObject after = put(g, "Small", members(putList));

        assertThat(memberIds(after)).containsExactlyElementsOf(putList);
        assertIndexMatchesScan(ids);
    }

    // ---- what a PATCH stores

    @Test
    void membersAddedByPatchGetTheirTypeAndNoStoredRef() {
        String u = user("bjensen");
        String nested = group("Nested", List.of());
        String g = group("G", List.of(user("other")));

        patch(g, "[{\"op\": \"add\", \"path\": \"members\", \"value\": ["
                + "{\"value\": \"" + u + "\", \"type\": \"Group\", \"$ref\": \"https://elsewhere.example/Users/" + u + "\", \"display\": \"Babs\"},"
                + "{\"value\": \"" + nested + "\"}]}]");

        JsonArray members = service.get(GROUP, g).getJsonArray("members");
        assertThat(memberIds(service.get(GROUP, g))).hasSize(3).endsWith(u, nested);
        JsonObject userMember = members.getJsonObject(1);
        JsonObject groupMember = members.getJsonObject(2);
        assertThat(userMember.getString("type")).isEqualTo("User");
        assertThat(userMember.getString("display")).isEqualTo("Babs");
        assertThat(userMember.containsKey("$ref")).isFalse();
        assertThat(groupMember.getString("type")).isEqualTo("Group");
        assertThat(groupMember.containsKey("$ref")).isFalse();
        assertThat(groupMember.containsKey("display")).isFalse();
        for (JsonValue m : members) {
            assertThat(m.asJsonObject().keySet()).isSubsetOf("value", "display", "type");
        }
        assertIndexMatchesScan(List.of(u, nested));
    }

    @Test
    void membersAddedByAPathlessPatchGetTheirTypeAndNoStoredRef() {
        String u = user("bjensen");
        String g = group("G", List.of(user("other")));

        patch(g, "[{\"op\": \"add\", \"value\": {\"members\": [{\"value\": \"" + u + "\", \"$ref\": \"x\"}]}}]");

        JsonObject added = service.get(GROUP, g).getJsonArray("members").getJsonObject(1);
        assertThat(added.getString("value")).isEqualTo(u);
        assertThat(added.getString("type")).isEqualTo("User");
        assertThat(added.containsKey("$ref")).isFalse();
    }

    // ---- a member that does not exist

    @Test
    void addingANonexistentIdIsInvalidValueAndChangesNothing() {
        List<String> ids = users(200);
        String newcomer = user("newcomer");
        String g = group("Big", ids);
        JsonObject before = service.get(GROUP, g);
        String missing = "00000000-0000-4000-8000-000000000000";

        assertScimError(() -> patch(g, "[" + add(missing) + "]"), 400, "invalidValue", missing);
        assertScimError(() -> patch(g, "[" + add(newcomer) + ", " + add(missing) + "]"), 400, "invalidValue", missing);
        assertScimError(() -> patch(g, "[" + removeByFilter(ids.get(5)) + ", " + add(missing) + "]"), 400, "invalidValue", missing);

        assertThat(service.get(GROUP, g)).isEqualTo(before);
        assertThat(indexedGroupsOf(missing)).isEmpty();
        assertThat(indexedGroupsOf(newcomer)).isEmpty();
        assertThat(indexedGroupsOf(ids.get(5))).containsExactly(g);
        assertScimError(() -> put(g, "Big", members(List.of(ids.get(0), missing))), 400, "invalidValue", missing);
        assertThat(service.get(GROUP, g)).isEqualTo(before);
    }

    @Test
    void aMemberWithoutAValueIsRefused() {
        String g = group("G", List.of(user("other")));
        JsonObject before = service.get(GROUP, g);

        assertScimError(() -> patch(g, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"display\": \"x\"}]}]"),
                400, "invalidValue", "value");

        assertThat(service.get(GROUP, g)).isEqualTo(before);
    }

    // ---- delete

    @Test
    void deletingAUserTakesItOutOfALargeGroupAndTheIndexForgetsIt() {
        List<String> ids = users(200);
        String g = group("Big", ids);
        String small = group("Small", ids.subList(100, 103));
        String doomed = ids.get(100);
        assertThat(indexedGroupsOf(doomed)).containsExactlyInAnyOrder(g, small);
        String versionBefore = version(service.get(GROUP, g));

        service.delete(USER, doomed, Preconditions.NONE);

        List<String> expected = new ArrayList<>(ids);
        expected.remove(doomed);
        assertThat(storedMemberIds(g)).containsExactlyElementsOf(expected);
        assertThat(storedMemberIds(small)).containsExactly(ids.get(101), ids.get(102));
        assertThat(version(service.get(GROUP, g))).isNotEqualTo(versionBefore);
        assertThat(indexedGroupsOf(doomed)).isEmpty();
        assertThat(indexedGroupsOf(doomed.toUpperCase(Locale.ROOT))).isEmpty();
        assertThat(service.membership().groupsOf(doomed, "https://x/v2")).isEmpty();
        assertIndexMatchesScan(ids);
    }

    @Test
    void aDeletedUserCannotBeAddedBack() {
        List<String> ids = users(5);
        String g = group("G", ids);
        service.delete(USER, ids.get(2), Preconditions.NONE);

        assertScimError(() -> patch(g, "[" + add(ids.get(2)) + "]"), 400, "invalidValue", ids.get(2));
        assertThat(storedMemberIds(g)).doesNotContain(ids.get(2));
    }

    // ---- several operations in one request: each sees the ones before it (RFC 7644 §3.5.2)

    @Test
    void addingThenRemovingAMemberInOneRequestLeavesItOut() {
        List<String> ids = users(50);
        String newcomer = user("newcomer");
        String g = group("G", ids);

        patch(g, "[" + add(newcomer) + ", " + removeByFilter(newcomer) + "]");

        assertThat(storedMemberIds(g)).containsExactlyElementsOf(ids);
        assertThat(indexedGroupsOf(newcomer)).isEmpty();
    }
    @Test
    void removingThenAddingAMemberInOneRequestKeepsIt() {
        List<String> ids = users(50);
        String g = group("G", ids);
        String x = ids.get(10);

        patch(g, "[" + removeByFilter(x) + ", " + add(x) + "]");

        assertThat(storedMemberIds(g)).hasSize(50).contains(x);
        assertThat(indexedGroupsOf(x)).containsExactly(g);
    }
    @Test
    void emptyingThenRefillingInOneRequestKeepsTheRefilledMembers() {
        List<String> ids = users(3);
        String g = group("G", List.of(ids.get(0), ids.get(2)));

        patch(g, "[{\"op\": \"remove\", \"path\": \"members\"}, " + add(ids.get(0), ids.get(1)) + "]");

        assertThat(storedMemberIds(g)).containsExactly(ids.get(0), ids.get(1));
    }
    @Test
    void replacingThenAddingInOneRequestAddsWhatTheReplaceDropped() {
        List<String> ids = users(3);
        String g = group("G", ids);

        patch(g, "[{\"op\": \"replace\", \"path\": \"members\", \"value\": " + members(ids.subList(0, 2)).build() + "}, "
                + add(ids.get(2)) + "]");

        assertThat(storedMemberIds(g)).containsExactlyElementsOf(ids);
    }

    @Test
    void removingOneAndAddingAnotherInOneRequestOnALargeGroup() {
        List<String> ids = users(201);
        String g = group("Big", ids.subList(0, 200));

        patch(g, "[" + removeByFilter(ids.get(17)) + ", " + add(ids.get(200)) + "]");

        List<String> expected = new ArrayList<>(ids.subList(0, 200));
        expected.remove(ids.get(17));
        expected.add(ids.get(200));
        assertThat(storedMemberIds(g)).containsExactlyElementsOf(expected);
        assertIndexMatchesScan(ids);
    }

    @Test
    void removingAnAbsentMemberChangesNothing() {
        List<String> ids = users(20);
        String outsider = user("outsider");
        String g = group("G", ids);
        JsonObject before = service.get(GROUP, g);

        patch(g, "[{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": \"" + outsider + "\"}]}]");
        patch(g, "[" + removeByFilter(outsider) + "]");

        assertThat(service.get(GROUP, g)).isEqualTo(before);
    }

    /**
     * A group spanning several chunks of the shared member list: random adds and removes (lenient
     * by value, by filter, several in one request, in any case) leave exactly the members a plain
     * list would have, in the same order, and the index answers for each of them.
     */
    @Test
    void randomMemberChangesToAGroupOfManyChunksKeepTheMembersAPlainListWould() {
        List<String> everyone = users(1_400);
        List<String> model = new ArrayList<>(everyone.subList(0, 1_200));
        String g = group("many", model);
        java.util.Random random = new java.util.Random(29112026);
        for (int round = 0; round < 60; round++) {
            String outsider = everyone.stream().filter(id -> !model.contains(id)).skip(random.nextInt(100)).findFirst().orElseThrow();
            String insider = model.get(random.nextInt(model.size()));
            String other = model.get(random.nextInt(model.size()));
            switch (round % 4) {
                case 0 -> {
                    patch(g, "[" + add(outsider) + "]");
                    model.add(outsider);
                }
                case 1 -> {
                    patch(g, "[{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": \""
                            + insider.toUpperCase(Locale.ROOT) + "\"}]}]");
                    model.remove(insider);
                }
                case 2 -> {
                    patch(g, "[" + removeByFilter(insider) + "]");
                    model.remove(insider);
                }
                default -> {
                    patch(g, "[" + add(outsider) + ", {\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": \""
                            + insider + "\"}, {\"value\": \"" + other + "\"}]}]");
                    model.add(outsider);
                    model.remove(insider);
                    model.remove(other);
                }
            }
            assertThat(memberIds(service.get(GROUP, g))).as("round %d", round).containsExactlyElementsOf(model);
        }
        for (String id : everyone.subList(1_190, 1_400)) {
            boolean listed = service.membership().directGroups(id).stream().anyMatch(group -> group.id().equals(g));
            assertThat(listed).as("index answer for %s", id).isEqualTo(model.contains(id));
        }
    }

    /** {@code members[value eq "id"]} (in any case) removes just that member, and the same request may add it back. */
    @Test
    void aRemoveByValueFilterTakesOneMemberOutOfAManyChunkGroupAndMayBeUndoneInTheSameRequest() {
        List<String> ids = users(1_100);
        String g = group("many", ids);
        String leaving = ids.get(777);

        patch(g, "[" + removeByFilter(leaving.toUpperCase(Locale.ROOT)) + "]");
        List<String> expected = new ArrayList<>(ids);
        expected.remove(leaving);
        assertThat(memberIds(service.get(GROUP, g))).containsExactlyElementsOf(expected);
        assertThat(service.membership().directGroups(leaving)).isEmpty();

        String back = ids.get(12);
        patch(g, "[" + removeByFilter(back) + ", " + add(back) + "]");
        expected.remove(back);
        expected.add(back);
        assertThat(memberIds(service.get(GROUP, g))).containsExactlyElementsOf(expected);

        JsonObject before = service.get(GROUP, g);
        patch(g, "[" + removeByFilter(leaving) + "]");
        assertThat(service.get(GROUP, g)).as("removing a member that is not there changes nothing, not even the version")
                .isEqualTo(before);
    }
}
