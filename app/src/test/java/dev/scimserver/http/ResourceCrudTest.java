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
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.UTC_INSTANT_PATTERN;
import static dev.scimserver.http.ScimClient.UUID_PATTERN;
import static dev.scimserver.http.ScimClient.group;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Create, read and delete of Users and Groups (RFC 7644 §3.3, §3.4.1, §3.6), at the root and under /v2. */
@ServerTest
class ResourceCrudTest {
    private final ScimClient scim;

    ResourceCrudTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    /** Long values are kept whole and found again (the database backend keeps them in unbounded text columns). */
    @Test
    void aLongValueIsStoredAndFoundByAFilter() {
        String userName = uniqueName("long-") + "x".repeat(6_000); // a filter may be 8,192 characters long
        Exchange created = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "%s"}
                """.formatted(USER, userName, "d".repeat(30_000)));
        assertThat(created.status()).isEqualTo(201);

        Exchange found = scim.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName eq \\"%s\\""}
                """.formatted(userName.toUpperCase()));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().getInt("totalResults")).isEqualTo(1);
        assertThat(found.json().getJsonArray("Resources").getJsonObject(0).getString("displayName")).hasSize(30_000);

        Exchange again = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s"}
                """.formatted(USER, userName));
        assertThat(again.status()).isEqualTo(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void createUser(String prefix) {
        String userName = uniqueName("bjensen");

        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Babs Jensen"}
                """.formatted(USER, userName));

        assertThat(res.status()).isEqualTo(201);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject body = res.json();
        assertThat(strings(body, "schemas")).containsExactly(USER);
        assertThat(body.getString("id")).matches(UUID_PATTERN);
        assertThat(body.getString("userName")).isEqualTo(userName);
        assertThat(body.getString("displayName")).isEqualTo("Babs Jensen");
        JsonObject meta = body.getJsonObject("meta");
        assertThat(meta.getString("resourceType")).isEqualTo("User");
        assertThat(meta.getString("created")).matches(UTC_INSTANT_PATTERN);
        assertThat(meta.getString("lastModified")).isEqualTo(meta.getString("created"));
        assertThat(Instant.parse(meta.getString("created"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(meta.getString("location")).endsWith(prefix + "/Users/" + body.getString("id"));
        assertThat(res.header("Location")).isEqualTo(meta.getString("location"));
        assertThat(res.header("ETag")).isEqualTo(meta.getString("version")).startsWith("W/\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void createUserWithTheEnterpriseExtensionListsBothSchemas(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s", "%s"], "userName": "%s",
                 "%s": {"employeeNumber": "701984", "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("enterprise"), ENTERPRISE_USER));

        assertThat(res.status()).isEqualTo(201);
        JsonObject body = res.json();
        assertThat(strings(body, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        JsonObject enterprise = body.getJsonObject(ENTERPRISE_USER);
        assertThat(enterprise.getString("employeeNumber")).isEqualTo("701984");
        assertThat(enterprise.getJsonObject("manager").getString("value")).isEqualTo("26118915-6090-4610-87e4-49d8ca9f808d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void anExtensionSchemaDeclaredWithoutValuesStaysListed(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s", "%s"], "userName": "%s"}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("noext")));

        assertThat(res.status()).isEqualTo(201);
        assertThat(strings(res.json(), "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(res.json().containsKey(ENTERPRISE_USER)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void createGroup(String prefix) {
        Exchange member = scim.create(prefix + "/Users", user(uniqueName("member")));

        Exchange res = scim.post(prefix + "/Groups", """
                {"schemas": ["%s"], "displayName": "Tour Guides", "members": [{"value": "%s", "type": "User"}]}
                """.formatted(GROUP, member.id()));

        assertThat(res.status()).isEqualTo(201);
        JsonObject body = res.json();
        assertThat(strings(body, "schemas")).containsExactly(GROUP);
        assertThat(body.getString("id")).matches(UUID_PATTERN);
        assertThat(body.getString("displayName")).isEqualTo("Tour Guides");
        assertThat(body.getJsonArray("members").getJsonObject(0).getString("value")).isEqualTo(member.id());
        assertThat(body.getJsonObject("meta").getString("resourceType")).isEqualTo("Group");
        assertThat(body.getJsonObject("meta").getString("created")).matches(UTC_INSTANT_PATTERN);
        assertThat(res.header("Location")).isEqualTo(body.getJsonObject("meta").getString("location"))
                .endsWith(prefix + "/Groups/" + body.getString("id"));
        assertThat(res.header("ETag")).isEqualTo(body.getJsonObject("meta").getString("version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void getReturnsWhatCreateReturned(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("get")));

        Exchange res = scim.get(prefix + "/Users/" + created.id());

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(res.json()).isEqualTo(created.json());
        assertThat(res.header("ETag")).isEqualTo(created.header("ETag"));

        Exchange group = scim.create(prefix + "/Groups", group("Readers"));
        Exchange readGroup = scim.get(prefix + "/Groups/" + group.id());
        assertThat(readGroup.status()).isEqualTo(200);
        assertThat(readGroup.json()).isEqualTo(group.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void theEndpointNameIsCaseInsensitive(String prefix) {
        Exchange created = scim.create(prefix + "/users", user(uniqueName("lowercase-endpoint")));

        assertThat(created.header("Location")).endsWith(prefix + "/Users/" + created.id());
        assertThat(scim.get(prefix + "/USERS/" + created.id()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Users", "/Groups", "/v2/Users", "/v2/Groups"})
    void unknownIdIsNotFound(String endpoint) {
        Exchange res = scim.get(endpoint + "/2819c223-7f76-453a-919d-413861904646");

        String detail = res.assertError(404, null);
        assertThat(detail).contains("2819c223-7f76-453a-919d-413861904646");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Widgets", "/Widgets/42", "/v2/Widgets", "/v2/Widgets/42"})
    void unknownEndpointIsNotFound(String path) {
        String detail = scim.get(path).assertError(404, null);
        assertThat(detail).contains("Widgets");

        scim.post(path, user(uniqueName("widget"))).assertError(404, null);
        scim.put(path, user(uniqueName("widget"))).assertError(404, null);
        scim.delete(path).assertError(404, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/b/c", "/v2/Users/1/extra", "/v3/Users/1/x"})
    void deeperPathsAreNotFound(String path) {
        String detail = scim.get(path).assertError(404, null);
        assertThat(detail).contains(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deleteThenGetIsNotFound(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("deleted")));

        Exchange deleted = scim.delete(prefix + "/Users/" + created.id());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        scim.get(prefix + "/Users/" + created.id()).assertError(404, null);
        scim.delete(prefix + "/Users/" + created.id()).assertError(404, null);
        assertThat(scim.get(prefix + "/Users").resources()).noneMatch(r -> r.getString("id").equals(created.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deleteGroup(String prefix) {
        Exchange created = scim.create(prefix + "/Groups", group("Ephemeral"));

        assertThat(scim.delete(prefix + "/Groups/" + created.id()).status()).isEqualTo(204);
        scim.get(prefix + "/Groups/" + created.id()).assertError(404, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void usersAndGroupsAreSeparate(String prefix) {
        Exchange user = scim.create(prefix + "/Users", user(uniqueName("separate")));

        scim.get(prefix + "/Groups/" + user.id()).assertError(404, null);
        scim.delete(prefix + "/Groups/" + user.id()).assertError(404, null);
        assertThat(scim.get(prefix + "/Users/" + user.id()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void rootAndV2ServeTheSameResources(String prefix) {
        String other = prefix.isEmpty() ? "/v2" : "";
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("both")));

        Exchange read = scim.get(other + "/Users/" + created.id());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("userName")).isEqualTo(created.json().getString("userName"));
        assertThat(read.json().getJsonObject("meta").getString("location")).endsWith(other + "/Users/" + created.id());
    }
}
