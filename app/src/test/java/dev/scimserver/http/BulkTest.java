package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /Bulk (RFC 7644 §3.7) as a client sees it: each operation done as its own endpoint would do
 * it, bulkId references resolved in any order, failOnErrors, the limits, and what is malformed.
 * Runs on every backend (the HTTP suite runs again on H2).
 */
@ServerTest
class BulkTest {
    private static final String REQUEST = "\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private final ScimClient scim;

    BulkTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private Exchange bulk(String operations) {
        return scim.post("/v2/Bulk", "{" + REQUEST + ", \"Operations\": [" + operations + "]}");
    }

    private static List<JsonObject> operations(Exchange res) {
        JsonObject body = res.assertStatus(200).json();
        assertThat(body.getJsonArray("schemas")).extracting(v -> v.toString())
                .containsExactly("\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\"");
        return body.getJsonArray("Operations").getValuesAs(JsonObject.class);
    }

    @Test
    void aUserAndAGroupThatNamesItByBulkIdAreCreatedAndTheGroupListsTheUser() {
        String userName = unique("alice");
        List<JsonObject> done = operations(bulk("""
                {"method": "POST", "path": "/Users", "bulkId": "qwerty",
                 "data": {"schemas": ["%s"], "userName": "%s"}},
                {"method": "POST", "path": "/Groups", "bulkId": "ytrewq",
                 "data": {"schemas": ["%s"], "displayName": "Tour Guides", "members": [{"type": "User", "value": "bulkId:qwerty"}]}}
                """.formatted(USER, userName, GROUP)));

        assertThat(done).hasSize(2);
        JsonObject user = done.get(0);
        assertThat(user.getString("method")).isEqualTo("POST");
        assertThat(user.getString("bulkId")).isEqualTo("qwerty");
        assertThat(user.getString("status")).isEqualTo("201");
        assertThat(user.getString("location")).matches("http://localhost:\\d+/v2/Users/[^/]+");
        String userId = user.getString("location").substring(user.getString("location").lastIndexOf('/') + 1);
        JsonObject stored = scim.get("/v2/Users/" + userId).assertStatus(200).json();
        assertThat(user.getString("version")).isEqualTo(stored.getJsonObject("meta").getString("version"));
        assertThat(stored.getString("userName")).isEqualTo(userName);

        JsonObject group = done.get(1);
        assertThat(group.getString("status")).isEqualTo("201");
        String groupPath = group.getString("location").substring(group.getString("location").indexOf("/v2/"));
        assertThat(ScimClient.memberIds(scim.get(groupPath).assertStatus(200).json())).containsExactly(userId);
        assertThat(stored.getJsonArray("groups")).extracting(g -> g.asJsonObject().getString("display")).containsExactly("Tour Guides");
    }

    @Test
    void anOperationThatNamesAPostStillToComeWaitsForIt() {
        String userName = unique("forward");
        List<JsonObject> done = operations(bulk("""
                {"method": "POST", "path": "/Groups", "bulkId": "g",
                 "data": {"schemas": ["%s"], "displayName": "later", "members": [{"value": "bulkId:u"}]}},
                {"method": "PATCH", "path": "/Users/bulkId:u",
                 "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                          "Operations": [{"op": "replace", "path": "displayName", "value": "Forward"}]}},
                {"method": "POST", "path": "/Users", "bulkId": "u", "data": {"schemas": ["%s"], "userName": "%s"}}
                """.formatted(GROUP, USER, userName)));

        assertThat(done).extracting(o -> o.getString("method") + " " + o.getString("status"))
                .containsExactly("POST 201", "POST 201", "PATCH 200");
        assertThat(done.get(0).getString("bulkId")).isEqualTo("u");
        String userId = done.get(0).getString("location").replaceAll(".*/", "");
        assertThat(scim.get("/v2/Users/" + userId).json().getString("displayName")).isEqualTo("Forward");
        assertThat(ScimClient.memberIds(scim.get("/v2/Groups/" + done.get(1).getString("location").replaceAll(".*/", "")).json()))
                .containsExactly(userId);
    }

    @Test
    void referencesThatCannotBeResolvedFailTheirOperationWith409() {
        String taken = unique("taken");
        scim.post("/v2/Users", "{\"schemas\": [\"" + USER + "\"], \"userName\": \"" + taken + "\"}").assertStatus(201);
        List<JsonObject> done = operations(bulk("""
                {"method": "POST", "path": "/Groups", "bulkId": "nobody",
                 "data": {"schemas": ["%1$s"], "displayName": "g1", "members": [{"value": "bulkId:missing"}]}},
                {"method": "POST", "path": "/Users", "bulkId": "dup", "data": {"schemas": ["%2$s"], "userName": "%3$s"}},
                {"method": "POST", "path": "/Groups", "bulkId": "onFailed",
                 "data": {"schemas": ["%1$s"], "displayName": "g2", "members": [{"value": "bulkId:dup"}]}}
                """.formatted(GROUP, USER, taken)));

        assertThat(done).extracting(o -> o.getString("bulkId") + " " + o.getString("status"))
                .containsExactly("nobody 409", "dup 409", "onFailed 409");
        assertThat(done.get(0).getJsonObject("response").getString("detail")).contains("bulkId:missing", "names no POST");
        assertThat(done.get(1).getJsonObject("response").getString("scimType")).isEqualTo("uniqueness");
        assertThat(done.get(2).getJsonObject("response").getString("detail")).contains("bulkId:dup", "failed");
        for (JsonObject failed : done) {
            assertThat(failed.containsKey("location")).isFalse();
            assertThat(failed.getJsonObject("response").getJsonArray("schemas").getString(0)).isEqualTo(ScimClient.ERROR);
        }
        assertThat(scim.get("/v2/Groups?filter=" + java.net.URLEncoder.encode("displayName eq \"g2\" or displayName eq \"g1\"",
                java.nio.charset.StandardCharsets.UTF_8)).json().getInt("totalResults")).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void afterFailOnErrorsFailuresTheRestIsNeitherPerformedNorListed(int failOnErrors) {
        String later = unique("never");
        Exchange res = scim.post("/Bulk", "{" + REQUEST + ", \"failOnErrors\": " + failOnErrors + ", \"Operations\": [" + """
                {"method": "DELETE", "path": "/Users/no-such-user-1"},
                {"method": "DELETE", "path": "/Users/no-such-user-2"},
                {"method": "POST", "path": "/Users", "bulkId": "late", "data": {"schemas": ["%s"], "userName": "%s"}}
                """.formatted(USER, later) + "]}");

        List<JsonObject> done = operations(res);
        assertThat(done).hasSize(failOnErrors).allSatisfy(o -> {
            assertThat(o.getString("status")).isEqualTo("404");
            assertThat(o.getJsonObject("response").getString("status")).isEqualTo("404");
        });
        assertThat(scim.get("/Users?filter=userName%20eq%20%22" + later + "%22").json().getInt("totalResults")).isZero();
    }

    @Test
    void putPatchAndDeleteTakeVersionAsIfMatch() {
        String id = scim.post("/v2/Users", "{\"schemas\": [\"" + USER + "\"], \"userName\": \"" + unique("v") + "\"}").id();
        String version = scim.get("/v2/Users/" + id).json().getJsonObject("meta").getString("version");
        List<JsonObject> done = operations(bulk("""
                {"method": "PATCH", "path": "/Users/%1$s", "version": "W/\\"stale\\"",
                 "data": {"Operations": [{"op": "replace", "path": "title", "value": "never"}]}},
                {"method": "PUT", "path": "/Users/%1$s", "version": %2$s,
                 "data": {"schemas": ["%3$s"], "userName": "renamed-%1$s", "title": "put"}},
                {"method": "DELETE", "path": "/Users/%1$s", "version": %2$s}
                """.formatted(id, jakarta.json.Json.createValue(version).toString(), USER)));

        assertThat(done).extracting(o -> o.getString("method") + " " + o.getString("status"))
                .containsExactly("PATCH 412", "PUT 200", "DELETE 412");
        String newVersion = done.get(1).getString("version");
        assertThat(newVersion).isNotEqualTo(version);
        JsonObject stored = scim.get("/v2/Users/" + id).assertStatus(200).json();
        assertThat(stored.getString("title")).isEqualTo("put");
        assertThat(stored.getJsonObject("meta").getString("version")).isEqualTo(newVersion);
    }

    @Test
    void aBadOperationFailsAloneWithTheRightScimType() {
        List<JsonObject> done = operations(bulk("""
                {"method": "FETCH", "path": "/Users/x"},
                {"method": "POST", "path": "/Widgets", "bulkId": "w", "data": {}},
                {"method": "POST", "path": "/Users", "data": {"schemas": ["%1$s"], "userName": "%2$s"}},
                {"method": "PUT", "path": "/Users", "data": {"schemas": ["%1$s"], "userName": "x"}},
                {"method": "PATCH", "path": "/Users/no-such-user", "data": "not an object"},
                {"method": "POST", "path": "/Users", "bulkId": "nodata"}
                """.formatted(USER, unique("nobulkid"))));

        assertThat(done).extracting(o -> o.getString("status") + " " + o.getJsonObject("response").getString("scimType", "-"))
                .containsExactly("400 invalidSyntax", "400 invalidPath", "400 invalidValue", "400 invalidPath", "404 -",
                        "400 invalidSyntax");
        done.forEach(o -> assertThat(o.getJsonObject("response").getString("detail")).isNotBlank());
    }

    @Test
    void aMalformedBulkRequestIs400() {
        scim.post("/Bulk", "{" + REQUEST + "}").assertError(400, "invalidSyntax");
        scim.post("/Bulk", "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": []}")
                .assertError(400, "invalidSyntax");
        scim.post("/Bulk", "{" + REQUEST + ", \"Operations\": {}}").assertError(400, "invalidSyntax");
        scim.post("/Bulk", "{" + REQUEST + ", \"Operations\": [42]}").assertError(400, "invalidSyntax");
        scim.post("/Bulk", "{" + REQUEST + ", \"failOnErrors\": 0, \"Operations\": []}").assertError(400, "invalidValue");
        scim.post("/Bulk", "{" + REQUEST + ", \"Operations\": [{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"1\"},"
                + "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"1\"}]}").assertError(400, "invalidValue");
        scim.post("/Bulk", "{\"Operations\": [").assertError(400, "invalidSyntax");
        assertThat(operations(scim.post("/Bulk", "{\"Operations\": []}"))).as("lenient: no schemas").isEmpty();
        Exchange get = scim.get("/Bulk");
        get.assertError(405, null);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void overTheLimitsIs413AndServiceProviderConfigSaysThem() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= ServerSettings.Bulk.DEFAULT_MAX_OPERATIONS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"method\": \"DELETE\", \"path\": \"/Users/x").append(i).append("\"}");
        }
        assertThat(scim.post("/Bulk", "{" + REQUEST + ", \"Operations\": [" + many + "]}").assertError(413, null))
                .contains("1001", "maxOperations (1000)");
        String big = "x".repeat((int) ServerSettings.Bulk.DEFAULT_MAX_PAYLOAD_BYTES);
        scim.post("/Bulk", "{" + REQUEST + ", \"Operations\": [], \"padding\": \"" + big + "\"}").assertError(413, null);

        JsonObject bulk = scim.get("/ServiceProviderConfig").json().getJsonObject("bulk");
        assertThat(bulk.getBoolean("supported")).isTrue();
        assertThat(bulk.getInt("maxOperations")).isEqualTo(1000);
        assertThat(bulk.getInt("maxPayloadSize")).isEqualTo(1024 * 1024);
    }

    @Test
    void parallelBulksKeepUniquenessAndLoseNoMember() throws Exception {
        String userName = unique("race");
        String groupId = scim.post("/v2/Groups", "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + unique("crowd") + "\"}").id();
        List<String> members = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            members.add(scim.post("/v2/Users", "{\"schemas\": [\"" + USER + "\"], \"userName\": \"" + unique("m") + "\"}").id());
        }
        List<java.util.concurrent.Future<List<JsonObject>>> bulks = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (String member : members) {
                bulks.add(pool.submit(() -> operations(bulk("""
                        {"method": "POST", "path": "/Users", "bulkId": "same", "data": {"schemas": ["%s"], "userName": "%s"}},
                        {"method": "PATCH", "path": "/Groups/%s",
                         "data": {"Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}}
                        """.formatted(USER, userName, groupId, member)))));
            }
        }
        List<String> creates = new java.util.ArrayList<>();
        for (var bulk : bulks) {
            List<JsonObject> done = bulk.get(60, java.util.concurrent.TimeUnit.SECONDS);
            creates.add(done.get(0).getString("status"));
            assertThat(done.get(1).getString("status")).isEqualTo("200");
        }
        assertThat(creates).containsOnly("201", "409").filteredOn("201"::equals).hasSize(1);
        assertThat(ScimClient.memberIds(scim.get("/v2/Groups/" + groupId).json())).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void theRootAndV2BothServeBulk() {
        assertThat(operations(scim.send(Method.POST, "/Bulk", "{" + REQUEST + ", \"Operations\": []}"))).isEmpty();
        assertThat(operations(scim.send(Method.POST, "/v2/Bulk", "{" + REQUEST + ", \"Operations\": []}"))).isEmpty();
    }
}
