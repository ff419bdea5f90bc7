package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7644 §3.7.2 and §3.7.3's examples as the RFC writes them, the RFC's ids and versions mapped
 * to the ones this server made. Two slips of the RFC's text are corrected, as its errata discuss:
 * the POST's schema there reads "…:api:messages:2.0:User", and the PATCH's data "{[ … ]}" is no
 * JSON; here they are the core User schema and a PatchOp's Operations.
 */
@ServerTest
class BulkRfcExamplesTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String REQUEST = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], ";

    private final ScimClient scim;

    BulkRfcExamplesTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    private JsonObject user(String userName, String more) {
        return scim.post("/v2/Users", "{\"schemas\": [\"" + USER + "\"], \"userName\": \"" + userName + "\"" + more + "}")
                .assertStatus(201).json();
    }

    private static String version(JsonObject resource) {
        return Json.createValue(resource.getJsonObject("meta").getString("version")).toString();
    }

    /** §3.7.3: a POST, a PUT, a PATCH and a DELETE, each with the resource's version; 201, 200, 200, 204. */
    @Test
    void addUpdateAndRemoveUsersInOneBulk() {
        String suffix = UUID.randomUUID().toString();
        JsonObject bob = user("Bob-" + suffix, "");
        JsonObject dave = user("Dave-old-" + suffix, ", \"nickName\": \"D\"");
        JsonObject gone = user("Gone-" + suffix, "");
        JsonObject body = scim.post("/v2/Bulk", REQUEST + """
                "failOnErrors": 1,
                "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "qwerty",
                   "data": {"schemas": ["%1$s"], "userName": "Alice-%2$s"}},
                  {"method": "PUT", "path": "/Users/%3$s", "version": %4$s,
                   "data": {"schemas": ["%1$s"], "id": "%3$s", "userName": "Bob-%2$s"}},
                  {"method": "PATCH", "path": "/Users/%5$s", "version": %6$s,
                   "data": {"Operations": [{"op": "remove", "path": "nickName"},
                                           {"op": "replace", "path": "userName", "value": "Dave-%2$s"}]}},
                  {"method": "DELETE", "path": "/Users/%7$s", "version": %8$s}
                ]}""".formatted(USER, suffix, bob.getString("id"), version(bob), dave.getString("id"), version(dave),
                gone.getString("id"), version(gone))).assertStatus(200).json();

        assertThat(body.getJsonArray("schemas").getString(0)).isEqualTo("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        List<JsonObject> done = body.getJsonArray("Operations").getValuesAs(JsonObject.class);
        assertThat(done).extracting(o -> o.getString("method") + " " + o.getString("status"))
                .containsExactly("POST 201", "PUT 200", "PATCH 200", "DELETE 204");
        assertThat(done.get(0).keySet()).containsExactlyInAnyOrder("location", "method", "bulkId", "version", "status");
        assertThat(done.get(1).keySet()).containsExactlyInAnyOrder("location", "method", "version", "status");
        assertThat(done.get(2).keySet()).containsExactlyInAnyOrder("location", "method", "version", "status");
        assertThat(done.get(3).keySet()).containsExactlyInAnyOrder("location", "method", "status");
        assertThat(done.get(0).getString("bulkId")).isEqualTo("qwerty");
        assertThat(done.get(1).getString("location")).endsWith("/v2/Users/" + bob.getString("id"));
        assertThat(done.get(3).getString("location")).endsWith("/v2/Users/" + gone.getString("id"));

        JsonObject alice = scim.get(done.get(0).getString("location").substring(done.get(0).getString("location").indexOf("/v2/")))
                .assertStatus(200).json();
        assertThat(alice.getString("userName")).isEqualTo("Alice-" + suffix);
        assertThat(done.get(0).getString("version")).isEqualTo(alice.getJsonObject("meta").getString("version"));
        JsonObject patched = scim.get("/v2/Users/" + dave.getString("id")).assertStatus(200).json();
        assertThat(patched.getString("userName")).isEqualTo("Dave-" + suffix);
        assertThat(patched.containsKey("nickName")).isFalse();
        assertThat(done.get(2).getString("version")).isEqualTo(patched.getJsonObject("meta").getString("version"));
        scim.get("/v2/Users/" + gone.getString("id")).assertStatus(404);
    }

    /** §3.7.3: without failOnErrors every operation is tried; here each fails, with its own error. */
    @Test
    void everyOperationFailsWithItsOwnError() {
        String suffix = UUID.randomUUID().toString();
        JsonObject bob = user("Bob-" + suffix, "");
        JsonObject dave = user("Dave-" + suffix, "");
        List<JsonObject> done = scim.post("/v2/Bulk", REQUEST + """
                "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "qwerty", "data": {"schemas": ["%1$s"], "userName": ["Alice"]}},
                  {"method": "PUT", "path": "/Users/%2$s", "version": "W/\\"3694e05e9dff591\\"",
                   "data": {"schemas": ["%1$s"], "id": "%2$s", "userName": "Bob-%4$s"}},
                  {"method": "PATCH", "path": "/Users/%3$s", "version": "W/\\"edac3253e2c0ef2\\"",
                   "data": {"Operations": [{"op": "replace", "path": "userName", "value": "Dave-%4$s"}]}},
                  {"method": "DELETE", "path": "/Users/e9025315-6bea-44e1-899c-1e07454e468b", "version": "W/\\"0ee8add0a938e1a\\""}
                ]}""".formatted(USER, bob.getString("id"), dave.getString("id"), suffix))
                .assertStatus(200).json().getJsonArray("Operations").getValuesAs(JsonObject.class);

        assertThat(done).extracting(o -> o.getString("method") + " " + o.getString("status")
                        + " " + o.getJsonObject("response").getString("status"))
                .containsExactly("POST 400 400", "PUT 412 412", "PATCH 412 412", "DELETE 404 404");
        assertThat(done.get(0).getString("bulkId")).isEqualTo("qwerty");
        assertThat(done.get(0).containsKey("location")).as("nothing was created").isFalse();
        for (JsonObject failed : done) {
            assertThat(failed.getJsonObject("response").getJsonArray("schemas").getString(0)).isEqualTo(ScimClient.ERROR);
            assertThat(failed.getJsonObject("response").getString("detail")).isNotBlank();
        }
        assertThat(scim.get("/v2/Users/" + bob.getString("id")).json().getJsonObject("meta").getString("version"))
                .isEqualTo(bob.getJsonObject("meta").getString("version"));
    }

    /** §3.7.2: a bulkId in a later operation's path, and in an extension's reference. */
    @Test
    void aBulkIdInAPathAndInTheEnterpriseManager() {
        String suffix = UUID.randomUUID().toString();
        String enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        List<JsonObject> done = scim.post("/v2/Bulk", REQUEST + """
                "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "qwerty", "data": {"schemas": ["%1$s"], "userName": "Alice-%3$s"}},
                  {"method": "POST", "path": "/Users", "bulkId": "ytrewq",
                   "data": {"schemas": ["%1$s", "%2$s"], "userName": "Bob-%3$s",
                            "%2$s": {"employeeNumber": "11250", "manager": {"value": "bulkId:qwerty"}}}},
                  {"method": "PATCH", "path": "/Users/bulkId:qwerty",
                   "data": {"Operations": [{"op": "replace", "path": "title", "value": "Tour Guide"}]}}
                ]}""".formatted(USER, enterprise, suffix)).assertStatus(200).json()
                .getJsonArray("Operations").getValuesAs(JsonObject.class);

        assertThat(done).extracting(o -> o.getString("status")).containsExactly("201", "201", "200");
        String aliceId = done.get(0).getString("location").substring(done.get(0).getString("location").lastIndexOf('/') + 1);
        assertThat(done.get(2).getString("location")).endsWith("/v2/Users/" + aliceId);
        String bobLocation = done.get(1).getString("location");
        JsonObject bob = scim.get(bobLocation.substring(bobLocation.indexOf("/v2/"))).assertStatus(200).json();
        assertThat(bob.getJsonObject(enterprise).getJsonObject("manager").getString("value")).isEqualTo(aliceId);
        assertThat(scim.get("/v2/Users/" + aliceId).json().getString("title")).isEqualTo("Tour Guide");
    }
}
