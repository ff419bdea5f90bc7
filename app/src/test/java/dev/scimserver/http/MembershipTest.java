package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static dev.scimserver.http.PatchHttpTest.patchOp;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.group;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group membership (RFC 7643 §4.1.2, §4.2): members point at existing Users or Groups and get their
 * {@code type} and an absolute {@code $ref} from the server; membership changes are idempotent and
 * none is lost under parallel PATCHes; a User's read-only {@code groups} is computed on read,
 * through nested groups and cycles; deleting a member takes it out of every group.
 */
@ServerTest
class MembershipTest {
    private static final int PARALLEL = 50;

    private final ScimClient scim;

    MembershipTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, ServerSettings.defaults(), registry,
                new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, false));
    }

    // ---- helpers

    private String newUser(String prefix) {
        return scim.create(prefix + "/Users", user(uniqueName("member"))).id();
    }

    private String newGroup(String prefix, String displayName, String... memberIds) {
        return scim.create(prefix + "/Groups", groupWith(displayName, memberIds)).id();
    }

    private static String groupWith(String displayName, String... memberIds) {
        var members = Json.createArrayBuilder();
        for (String id : memberIds) {
            members.add(Json.createObjectBuilder().add("value", id));
        }
        return Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(GROUP))
                .add("displayName", displayName)
                .add("members", members)
                .build().toString();
    }

    private static String addMembers(String... ids) {
        return patchOp("[{\"op\": \"add\", \"path\": \"members\", \"value\": " + memberArray(ids) + "}]");
    }

    private static String removeMember(String id) {
        return patchOp("[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + id + "\\\"]\"}]");
    }

    private static String memberArray(String... ids) {
        var members = Json.createArrayBuilder();
        for (String id : ids) {
            members.add(Json.createObjectBuilder().add("value", id));
        }
        return members.build().toString();
    }

    private static List<String> memberIds(JsonObject group) {
        JsonArray members = group.getJsonArray("members");
        return members == null ? List.of() : members.stream().map(m -> m.asJsonObject().getString("value")).toList();
    }

    /** value → the groups entry of a User, as read. */
    private static Map<String, JsonObject> groupsOf(JsonObject user) {
        Map<String, JsonObject> result = new LinkedHashMap<>();
        JsonArray groups = user.getJsonArray("groups");
        if (groups != null) {
            for (JsonValue g : groups) {
                result.put(g.asJsonObject().getString("value"), g.asJsonObject());
            }
        }
        return result;
    }

    /** The base URL a response used (its meta.location without "/{Endpoint}/{id}"), e.g. http://localhost:4711/v2. */
    private static String base(Exchange res) {
        String location = res.json().getJsonObject("meta").getString("location");
        return location.substring(0, location.lastIndexOf('/', location.lastIndexOf('/') - 1));
    }

    // ---- members

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void theServerFillsTypeAndAnAbsoluteRefForEveryMember(String prefix) {
        String userId = newUser(prefix);
        String innerId = newGroup(prefix, "Inner");

        // A client's type and $ref are not trusted: the server knows what each id is.
        Exchange created = scim.create(prefix + "/Groups", """
                {"schemas": ["%s"], "displayName": "Outer",
                 "members": [{"value": "%s", "type": "Group", "$ref": "https://elsewhere.example/Groups/%s"},
                             {"value": "%s"}]}
                """.formatted(GROUP, userId, userId, innerId));

        for (Exchange res : List.of(created, scim.get(prefix + "/Groups/" + created.id()))) {
            JsonArray members = res.json().getJsonArray("members");
            assertThat(members).hasSize(2);
            JsonObject user = members.getJsonObject(0);
            assertThat(user.getString("value")).isEqualTo(userId);
            assertThat(user.getString("type")).isEqualTo("User");
            assertThat(user.getString("$ref")).isEqualTo(base(res) + "/Users/" + userId)
                    .startsWith("http://").endsWith(prefix + "/Users/" + userId);
            JsonObject group = members.getJsonObject(1);
            assertThat(group.getString("type")).isEqualTo("Group");
            assertThat(group.getString("$ref")).isEqualTo(base(res) + "/Groups/" + innerId)
                    .endsWith(prefix + "/Groups/" + innerId);
        }
        String other = prefix.isEmpty() ? "/v2" : "";
        Exchange viaOther = scim.get(other + "/Groups/" + created.id());
        assertThat(viaOther.json().getJsonArray("members").getJsonObject(0).getString("$ref"))
                .endsWith(other + "/Users/" + userId)
                .isEqualTo(base(viaOther) + "/Users/" + userId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aMemberMustBeAnExistingUserOrGroup(String prefix) {
        String groupId = newGroup(prefix, "Strictly real");
        String location = prefix + "/Groups/" + groupId;
        Exchange before = scim.get(location);

        String detail = scim.post(prefix + "/Groups", groupWith("Ghosts", "no-such-id")).assertError(400, "invalidValue");
        assertThat(detail).contains("no-such-id");

        scim.patch(location, addMembers("no-such-id")).assertError(400, "invalidValue");
        scim.put(location, groupWith("Strictly real", "no-such-id")).assertError(400, "invalidValue");
        scim.patch(location, patchOp("""
                [{"op": "add", "path": "members", "value": [{"display": "no value"}]}]""")).assertError(400, "invalidValue");
        assertThat(scim.get(location).json()).isEqualTo(before.json());
        assertThat(scim.get(location).header("ETag")).isEqualTo(before.header("ETag"));
    }

    @Test
    void aDeletedResourceCannotBeAddedAsAMember() {
        String userId = newUser("");
        String groupId = newGroup("", "Late");
        assertThat(scim.delete("/Users/" + userId).status()).isEqualTo(204);

        scim.patch("/Groups/" + groupId, addMembers(userId)).assertError(400, "invalidValue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void addingAMemberTwiceOrRemovingAnAbsentOneSucceedsWithoutDuplicates(String prefix) {
        String a = newUser(prefix);
        String b = newUser(prefix);
        String groupId = newGroup(prefix, "Idempotent", a);
        String location = prefix + "/Groups/" + groupId;

        Exchange added = scim.patch(location, addMembers(a, b, b));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(memberIds(added.json())).containsExactly(a, b);

        Exchange again = scim.patch(location, addMembers(a));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(memberIds(again.json())).containsExactly(a, b);
        assertThat(again.header("ETag")).isEqualTo(added.header("ETag"));

        Exchange removed = scim.patch(location, removeMember(a));
        assertThat(memberIds(removed.json())).containsExactly(b);

        Exchange absent = scim.patch(location, removeMember(a));
        assertThat(absent.status()).as(absent.body()).isEqualTo(200);
        assertThat(memberIds(absent.json())).containsExactly(b);
        assertThat(absent.header("ETag")).isEqualTo(removed.header("ETag"));

        Exchange never = scim.patch(location, removeMember("never-a-member"));
        assertThat(never.status()).as(never.body()).isEqualTo(200);

        // A POST or PUT listing a member twice keeps it once.
        Exchange twice = scim.put(location, groupWith("Idempotent", b, a, b));
        assertThat(memberIds(twice.json())).containsExactly(b, a);
    }

    @Test
    void removingMembersByValueRemovesOnlyThoseListed() {
        String a = newUser("");
        String b = newUser("");
        String c = newUser("");
        String groupId = newGroup("", "Entra", a, b, c);

        Exchange res = scim.patch("/Groups/" + groupId, patchOp("""
                [{"op": "Remove", "path": "members", "value": %s}]""".formatted(memberArray(a, c))));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(memberIds(res.json())).containsExactly(b);
    }

    @Test
    void aRenameAndMembershipChangeInOnePatch() {
        String a = newUser("");
        String b = newUser("");
        String groupId = newGroup("", "Before", a);

        Exchange res = scim.patch("/Groups/" + groupId, patchOp("""
                [{"op": "replace", "value": {"id": "%s", "displayName": "After"}},
                 {"op": "add", "path": "members", "value": [{"value": "%s"}]},
                 {"op": "remove", "path": "members[value eq \\"%s\\"]"}]""".formatted(groupId, b, a)));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().getString("displayName")).isEqualTo("After");
        assertThat(memberIds(res.json())).containsExactly(b);
        assertThat(groupsOf(scim.get("/Users/" + b).json()).get(groupId).getString("display")).isEqualTo("After");
        assertThat(groupsOf(scim.get("/Users/" + a).json())).isEmpty();
    }

    @Test
    void putWithTheFullMemberListReplacesMembership() {
        String a = newUser("");
        String b = newUser("");
        String c = newUser("");
        String groupId = newGroup("", "Okta", a, b);

        Exchange res = scim.put("/Groups/" + groupId, groupWith("Okta", b, c));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(memberIds(res.json())).containsExactly(b, c);
        assertThat(memberIds(scim.get("/Groups/" + groupId).json())).containsExactly(b, c);
        assertThat(groupsOf(scim.get("/Users/" + a).json())).isEmpty();
        assertThat(groupsOf(scim.get("/Users/" + c).json())).containsOnlyKeys(groupId);

        Exchange emptied = scim.put("/Groups/" + groupId, group("Okta"));
        assertThat(emptied.json()).doesNotContainKey("members");
        assertThat(groupsOf(scim.get("/Users/" + b).json())).isEmpty();
    }

    @Test
    void excludedAttributesMembersLeavesTheMembersOut() {
        String a = newUser("");
        String groupId = newGroup("", "Big", a);

        Exchange res = scim.get("/Groups/" + groupId + "?excludedAttributes=members");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json()).doesNotContainKey("members");
        assertThat(res.json().getString("displayName")).isEqualTo("Big");

        Exchange some = scim.get("/Groups/" + groupId + "?attributes=displayName");
        assertThat(some.json()).doesNotContainKey("members");

        Exchange listed = scim.get("/Groups?filter=" + SearchFixtures.encode("displayName eq \"Big\"") + "&excludedAttributes=members");
        assertThat(listed.resources()).isNotEmpty().allSatisfy(g -> assertThat(g).doesNotContainKey("members"));

        Exchange patched = scim.patch("/Groups/" + groupId + "?excludedAttributes=members", addMembers(newUser("")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json()).doesNotContainKey("members");
        assertThat(memberIds(scim.get("/Groups/" + groupId).json())).hasSize(2);
    }

    // ---- User.groups

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aUsersGroupsAreComputedDirectAndIndirect(String prefix) {
        String userId = newUser(prefix);
        String team = newGroup(prefix, "Team", userId);
        String department = newGroup(prefix, "Department", team);
        String company = newGroup(prefix, "Company", department);
        String unrelated = newGroup(prefix, "Unrelated");
        String alsoDirect = newGroup(prefix, "Also direct", userId);

        Exchange res = scim.get(prefix + "/Users/" + userId);

        assertThat(res.status()).isEqualTo(200);
        Map<String, JsonObject> groups = groupsOf(res.json());
        assertThat(groups).containsOnlyKeys(team, department, company, alsoDirect);
        assertThat(groups).doesNotContainKey(unrelated);
        assertThat(groups.get(team).getString("type")).isEqualTo("direct");
        assertThat(groups.get(alsoDirect).getString("type")).isEqualTo("direct");
        assertThat(groups.get(department).getString("type")).isEqualTo("indirect");
        assertThat(groups.get(company).getString("type")).isEqualTo("indirect");
        assertThat(groups.get(team).getString("display")).isEqualTo("Team");
        assertThat(groups.get(company).getString("display")).isEqualTo("Company");
        for (Map.Entry<String, JsonObject> entry : groups.entrySet()) {
            assertThat(entry.getValue().getString("$ref")).isEqualTo(base(res) + "/Groups/" + entry.getKey())
                    .endsWith(prefix + "/Groups/" + entry.getKey());
        }

        // groups follows the projection like any attribute, and list responses carry it too.
        assertThat(scim.get(prefix + "/Users/" + userId + "?excludedAttributes=groups").json()).doesNotContainKey("groups");
        assertThat(groupsOf(scim.get(prefix + "/Users/" + userId + "?attributes=groups").json())).hasSize(4);
        Exchange listed = scim.get(prefix + "/Users?filter=" + SearchFixtures.encode("id eq \"" + userId + "\""));
        assertThat(groupsOf(listed.resources().getFirst())).containsOnlyKeys(team, department, company, alsoDirect);
    }

    @Test
    void aUserInNoGroupHasNoGroupsAttribute() {
        String userId = newUser("");

        assertThat(scim.get("/Users/" + userId).json()).doesNotContainKey("groups");
    }

    @Test
    void aGroupDirectlyAndIndirectlyContainingAUserIsListedOnceAsDirect() {
        String userId = newUser("");
        String inner = newGroup("", "Inner", userId);
        String outer = newGroup("", "Outer", userId, inner);

        Map<String, JsonObject> groups = groupsOf(scim.get("/Users/" + userId).json());

        assertThat(groups).containsOnlyKeys(inner, outer);
        assertThat(groups.get(outer).getString("type")).isEqualTo("direct");
        assertThat(scim.get("/Users/" + userId).json().getJsonArray("groups")).hasSize(2);
    }

    @Test
    @Timeout(20)
    void cyclesBetweenNestedGroupsTerminate() {
        String userId = newUser("");
        String a = newGroup("", "A", userId);
        String b = newGroup("", "B", a);
        assertThat(scim.patch("/Groups/" + a, addMembers(b)).status()).isEqualTo(200);
        String self = newGroup("", "Self");
        assertThat(scim.patch("/Groups/" + self, addMembers(self, userId)).status()).isEqualTo(200);

        Exchange res = scim.get("/Users/" + userId);

        assertThat(res.status()).isEqualTo(200);
        Map<String, JsonObject> groups = groupsOf(res.json());
        assertThat(groups).containsOnlyKeys(a, b, self);
        assertThat(groups.get(a).getString("type")).isEqualTo("direct");
        assertThat(groups.get(b).getString("type")).isEqualTo("indirect");
        assertThat(res.json().getJsonArray("groups")).hasSize(3);
        assertThat(memberIds(scim.get("/Groups/" + a).json())).containsExactly(userId, b);
    }

    @Test
    void groupsSentInAPutOrPostAreIgnored() {
        String userId = newUser("");
        String real = newGroup("", "Real", userId);
        String fake = newGroup("", "Fake");
        String userName = scim.get("/Users/" + userId).json().getString("userName");

        // Okta sends the full user back, with id, meta and groups.
        Exchange res = scim.put("/Users/" + userId, """
                {"schemas": ["%s"], "id": "%s", "userName": "%s", "displayName": "Put",
                 "groups": [{"value": "%s", "display": "Fake"}], "meta": {"resourceType": "User"}}
                """.formatted(USER, userId, userName, fake));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(groupsOf(res.json())).containsOnlyKeys(real);
        assertThat(memberIds(scim.get("/Groups/" + fake).json())).isEmpty();

        Exchange posted = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "groups": [{"value": "%s"}]}
                """.formatted(USER, uniqueName("posted"), real));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.json()).doesNotContainKey("groups");
        assertThat(memberIds(scim.get("/Groups/" + real).json())).containsExactly(userId);

        // PATCH is the one place a client names groups directly, and it is told it cannot.
        scim.patch("/Users/" + userId, patchOp("""
                [{"op": "add", "path": "groups", "value": [{"value": "%s"}]}]""".formatted(fake))).assertError(400, "mutability");
    }

    // ---- deletes

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deletingAUserRemovesItFromEveryGroup(String prefix) {
        String gone = newUser(prefix);
        String stays = newUser(prefix);
        String one = newGroup(prefix, "One", gone, stays);
        String two = newGroup(prefix, "Two", gone);
        String three = newGroup(prefix, "Three", stays);
        String threeEtag = scim.get(prefix + "/Groups/" + three).header("ETag");

        assertThat(scim.delete(prefix + "/Users/" + gone).status()).isEqualTo(204);

        Exchange first = scim.get(prefix + "/Groups/" + one);
        assertThat(memberIds(first.json())).containsExactly(stays);
        assertThat(scim.get(prefix + "/Groups/" + two).json()).doesNotContainKey("members");
        // A group that never listed it is not touched.
        assertThat(scim.get(prefix + "/Groups/" + three).header("ETag")).isEqualTo(threeEtag);
        assertThat(scim.get(prefix + "/Groups?filter=" + SearchFixtures.encode("members.value eq \"" + gone + "\"")).resources())
                .isEmpty();
    }

    @Test
    void deletingAGroupRemovesItFromItsParentsAndFromItsMembersGroups() {
        String userId = newUser("");
        String child = newGroup("", "Child", userId);
        String parent = newGroup("", "Parent", child, userId);
        String grandparent = newGroup("", "Grandparent", parent);
        assertThat(groupsOf(scim.get("/Users/" + userId).json())).containsOnlyKeys(child, parent, grandparent);

        assertThat(scim.delete("/Groups/" + child).status()).isEqualTo(204);

        assertThat(memberIds(scim.get("/Groups/" + parent).json())).containsExactly(userId);
        assertThat(groupsOf(scim.get("/Users/" + userId).json())).containsOnlyKeys(parent, grandparent);

        assertThat(scim.delete("/Groups/" + parent).status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + grandparent).json()).doesNotContainKey("members");
        assertThat(groupsOf(scim.get("/Users/" + userId).json())).isEmpty();
        assertThat(scim.get("/Users/" + userId).status()).isEqualTo(200);
    }

    // ---- concurrency

    @Test
    @Timeout(60)
    void parallelPatchesAddingAndRemovingMembersLoseNothing() throws Exception {
        String groupId = newGroup("", "Crowded");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            users.add(newUser(""));
        }

        List<Integer> added = inParallel(users, id -> scim.patch("/Groups/" + groupId, addMembers(id)));
        assertThat(added).containsOnly(200);
        assertThat(memberIds(scim.get("/Groups/" + groupId).json())).containsExactlyInAnyOrderElementsOf(users);
        assertThat(groupsOf(scim.get("/Users/" + users.getLast()).json())).containsOnlyKeys(groupId);

        List<Integer> removed = inParallel(users, id -> scim.patch("/Groups/" + groupId, removeMember(id)));
        assertThat(removed).containsOnly(200);
        assertThat(scim.get("/Groups/" + groupId).json()).doesNotContainKey("members");
    }

    @Test
    @Timeout(60)
    void parallelEntraStyleRemovalsByValueLoseNothing() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            users.add(newUser(""));
        }
        String groupId = newGroup("", "Entra crowd", users.toArray(String[]::new));
        List<String> leaving = users.subList(0, PARALLEL / 2);

        List<Integer> statuses = inParallel(leaving, id -> scim.patch("/Groups/" + groupId, patchOp("""
                [{"op": "Remove", "path": "members", "value": [{"value": "%s"}]}]""".formatted(id))));

        assertThat(statuses).containsOnly(200);
        assertThat(memberIds(scim.get("/Groups/" + groupId).json()))
                .containsExactlyInAnyOrderElementsOf(users.subList(PARALLEL / 2, PARALLEL));
    }

    /** Runs one request per id, each on its own virtual thread, all released at once; returns the statuses. */
    private static List<Integer> inParallel(List<String> ids, Function<String, Exchange> request)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                futures.add(threads.submit(() -> {
                    start.await();
                    Exchange res = request.apply(id);
                    if (res.status() != 200) {
                        throw new AssertionError("PATCH for " + id + " → " + res.status() + " " + res.body());
                    }
                    return res.status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        }
    }
}
