package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7644 §3.7.1: the service provider MUST try to resolve circular bulkId references. The first
 * POST of a circle is created without the values that name what is not created yet, and gets them
 * once those are; when one of them fails, it is taken back and fails with 409.
 */
@ServerTest
class BulkCircularReferenceTest {
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final ScimClient scim;

    BulkCircularReferenceTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    private List<JsonObject> bulk(String operations) {
        Exchange res = scim.post("/v2/Bulk", "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                + " \"Operations\": [" + operations + "]}");
        return res.assertStatus(200).json().getJsonArray("Operations").getValuesAs(JsonObject.class);
    }

    private JsonObject at(JsonObject operation) {
        String location = operation.getString("location");
        return scim.get(location.substring(location.indexOf("/v2/"))).assertStatus(200).json();
    }

    private static String id(JsonObject operation) {
        String location = operation.getString("location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void twoGroupsThatListEachOtherAreBothCreatedAsTheRfcExampleShows() {
        String a = "Group A " + UUID.randomUUID();
        String b = "Group B " + UUID.randomUUID();
        List<JsonObject> done = bulk("""
                {"method": "POST", "path": "/Groups", "bulkId": "qwerty",
                 "data": {"schemas": ["%1$s"], "displayName": "%2$s", "members": [{"type": "Group", "value": "bulkId:ytrewq"}]}},
                {"method": "POST", "path": "/Groups", "bulkId": "ytrewq",
                 "data": {"schemas": ["%1$s"], "displayName": "%3$s", "members": [{"type": "Group", "value": "bulkId:qwerty"}]}}
                """.formatted(GROUP, a, b));

        assertThat(done).extracting(o -> o.getString("bulkId") + " " + o.getString("status"))
                .containsExactly("qwerty 201", "ytrewq 201");
        JsonObject groupA = at(done.get(0));
        JsonObject groupB = at(done.get(1));
        assertThat(groupA.getString("displayName")).isEqualTo(a);
        assertThat(groupA.getJsonArray("members").getValuesAs(JsonObject.class)).extracting(m -> m.getString("value"))
                .containsExactly(id(done.get(1)));
        assertThat(groupB.getJsonArray("members").getValuesAs(JsonObject.class)).extracting(m -> m.getString("value"))
                .containsExactly(id(done.get(0)));
        assertThat(done.get(0).getString("version")).as("the version after the members were added")
                .isEqualTo(groupA.getJsonObject("meta").getString("version"));
        assertThat(done.get(1).getString("version")).isEqualTo(groupB.getJsonObject("meta").getString("version"));
    }

    @Test
    void twoUsersThatAreEachOthersManagerAreBothCreatedAndTheirOtherAttributesKept() {
        String x = "x-" + UUID.randomUUID();
        String y = "y-" + UUID.randomUUID();
        List<JsonObject> done = bulk("""
                {"method": "POST", "path": "/Users", "bulkId": "x",
                 "data": {"schemas": ["%1$s", "%2$s"], "userName": "%3$s",
                          "%2$s": {"employeeNumber": "1", "manager": {"value": "bulkId:y"}}}},
                {"method": "POST", "path": "/Users", "bulkId": "y",
                 "data": {"schemas": ["%1$s", "%2$s"], "userName": "%4$s",
                          "%2$s": {"employeeNumber": "2", "manager": {"value": "bulkId:x"}}}}
                """.formatted(USER, ENTERPRISE, x, y));

        assertThat(done).extracting(o -> o.getString("status")).containsExactly("201", "201");
        JsonObject userX = at(done.get(0)).getJsonObject(ENTERPRISE);
        JsonObject userY = at(done.get(1)).getJsonObject(ENTERPRISE);
        assertThat(userX.getString("employeeNumber")).isEqualTo("1");
        assertThat(userX.getJsonObject("manager").getString("value")).isEqualTo(id(done.get(1)));
        assertThat(userY.getJsonObject("manager").getString("value")).isEqualTo(id(done.get(0)));
    }

    @Test
    void whenTheOtherSideOfACircleFailsTheFirstIsTakenBackWith409() {
        String a = "circle-a-" + UUID.randomUUID();
        List<JsonObject> done = bulk("""
                {"method": "POST", "path": "/Groups", "bulkId": "a",
                 "data": {"schemas": ["%1$s"], "displayName": "%2$s", "members": [{"value": "bulkId:b"}]}},
                {"method": "POST", "path": "/Groups", "bulkId": "b",
                 "data": {"schemas": ["%1$s"], "displayName": 7, "members": [{"value": "bulkId:a"}]}}
                """.formatted(GROUP, a));

        assertThat(done).extracting(o -> o.getString("bulkId") + " " + o.getString("status"))
                .containsExactly("a 409", "b 400");
        assertThat(done.get(0).containsKey("location")).isFalse();
        assertThat(done.get(0).getJsonObject("response").getString("detail")).contains("bulkId:b", "failed");
        assertThat(scim.get("/v2/Groups?filter=" + java.net.URLEncoder.encode("displayName eq \"" + a + "\"",
                java.nio.charset.StandardCharsets.UTF_8)).assertStatus(200).json().getInt("totalResults"))
                .as("the group created first is gone").isZero();
    }
}
