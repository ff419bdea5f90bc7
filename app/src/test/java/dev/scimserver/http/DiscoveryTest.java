package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.stream.Stream;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** The discovery endpoints (RFC 7644 §4) with default settings: what they say, and what they refuse. */
@ServerTest
class DiscoveryTest {
    private static final String SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private final ScimClient scim;

    DiscoveryTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void serviceProviderConfigStatesWhatTheServerDoes(String prefix) {
        Exchange res = scim.get(prefix + "/ServiceProviderConfig");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject spc = res.json();
        assertThat(strings(spc, "schemas")).containsExactly(SPC);
        assertThat(spc.getJsonObject("patch").getBoolean("supported")).isTrue();
        assertThat(spc.getJsonObject("bulk").getBoolean("supported")).isTrue();
        assertThat(spc.getJsonObject("bulk").getInt("maxOperations")).isEqualTo(1000);
        assertThat(spc.getJsonObject("bulk").getInt("maxPayloadSize")).isEqualTo(1024 * 1024);
        assertThat(spc.getJsonObject("filter").getBoolean("supported")).isTrue();
        assertThat(spc.getJsonObject("filter").getInt("maxResults")).isEqualTo(ServerSettings.DEFAULT_MAX_RESULTS);
        assertThat(spc.getJsonObject("changePassword").containsKey("supported")).isTrue();
        assertThat(spc.getJsonObject("sort").getBoolean("supported")).isTrue();
        assertThat(spc.getJsonObject("etag").getBoolean("supported")).isTrue();
        assertThat(spc.getJsonArray("authenticationSchemes")).isEmpty();
        assertThat(spc.getJsonObject("meta").getString("resourceType")).isEqualTo("ServiceProviderConfig");
        assertThat(spc.getJsonObject("meta").getString("location")).endsWith(prefix + "/ServiceProviderConfig");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void resourceTypesListsUserWithTheEnterpriseExtensionAndGroup(String prefix) {
        Exchange res = scim.get(prefix + "/ResourceTypes");

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        assertThat(list.getInt("totalResults")).isEqualTo(2);
        assertThat(list.getInt("itemsPerPage")).isEqualTo(2);
        assertThat(list.getInt("startIndex")).isEqualTo(1);
        assertThat(res.resources()).extracting(r -> r.getString("id")).containsExactlyInAnyOrder("User", "Group");

        JsonObject user = res.resources().stream().filter(r -> r.getString("id").equals("User")).findFirst().orElseThrow();
        assertThat(strings(user, "schemas")).containsExactly(RESOURCE_TYPE);
        assertThat(user.getString("endpoint")).isEqualTo("/Users");
        assertThat(user.getString("schema")).isEqualTo(USER);
        assertThat(user.getJsonArray("schemaExtensions")).hasSize(1);
        assertThat(user.getJsonArray("schemaExtensions").getJsonObject(0).getString("schema")).isEqualTo(ENTERPRISE_USER);
        assertThat(user.getJsonObject("meta").getString("resourceType")).isEqualTo("ResourceType");
        assertThat(user.getJsonObject("meta").getString("location")).endsWith(prefix + "/ResourceTypes/User");

        JsonObject group = res.resources().stream().filter(r -> r.getString("id").equals("Group")).findFirst().orElseThrow();
        assertThat(group.getString("endpoint")).isEqualTo("/Groups");
        assertThat(group.getString("schema")).isEqualTo(GROUP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void oneResourceType(String prefix) {
        Exchange res = scim.get(prefix + "/ResourceTypes/User");

        assertThat(res.status()).isEqualTo(200);
        JsonObject user = res.json();
        assertThat(strings(user, "schemas")).containsExactly(RESOURCE_TYPE);
        assertThat(user.getString("id")).isEqualTo("User");
        assertThat(user.getString("name")).isEqualTo("User");
        assertThat(user.getString("endpoint")).isEqualTo("/Users");
        assertThat(user.getJsonArray("schemaExtensions").getJsonObject(0).getString("schema")).isEqualTo(ENTERPRISE_USER);
        assertThat(user.getJsonObject("meta").getString("location")).endsWith(prefix + "/ResourceTypes/User");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void schemasListsTheResourceAndDiscoverySchemas(String prefix) {
        Exchange res = scim.get(prefix + "/Schemas");

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        assertThat(res.resources()).extracting(s -> s.getString("id"))
                .contains(USER, GROUP, ENTERPRISE_USER, SPC, RESOURCE_TYPE, SCHEMA);
        assertThat(list.getInt("totalResults")).isEqualTo(res.resources().size());
        assertThat(list.getInt("startIndex")).isEqualTo(1);
        for (JsonObject schema : res.resources()) {
            assertThat(strings(schema, "schemas")).containsExactly(SCHEMA);
            assertThat(schema.getJsonObject("meta").getString("resourceType")).isEqualTo("Schema");
            assertThat(schema.getJsonObject("meta").getString("location"))
                    .endsWith(prefix + "/Schemas/" + schema.getString("id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void oneSchemaByUrn(String prefix) {
        Exchange res = scim.get(prefix + "/Schemas/" + USER);

        assertThat(res.status()).isEqualTo(200);
        JsonObject user = res.json();
        assertThat(strings(user, "schemas")).containsExactly(SCHEMA);
        assertThat(user.getString("id")).isEqualTo(USER);
        assertThat(user.getString("name")).isEqualTo("User");
        assertThat(user.getJsonArray("attributes")).extracting(a -> a.asJsonObject().getString("name"))
                .contains("userName", "name", "emails", "password", "groups");
        assertThat(user.getJsonObject("meta").getString("location")).endsWith(prefix + "/Schemas/" + USER);

        Exchange enterprise = scim.get(prefix + "/Schemas/" + ENTERPRISE_USER);
        assertThat(enterprise.status()).isEqualTo(200);
        assertThat(enterprise.json().getString("id")).isEqualTo(ENTERPRISE_USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ServiceProviderConfig", "/ResourceTypes", "/Schemas",
            "/v2/ServiceProviderConfig", "/v2/ResourceTypes", "/v2/Schemas"})
    void filterOnDiscoveryIsForbidden(String path) {
        Exchange res = scim.get(path + "?filter=id%20eq%20%22User%22");

        String detail = res.assertError(403, null);
        assertThat(detail).containsIgnoringCase("filter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ResourceTypes/Widget", "/Schemas/urn:example:nope", "/v2/ResourceTypes/Widget",
            "/v2/Schemas/urn:example:nope"})
    void unknownDiscoveryIdIsNotFound(String path) {
        Exchange res = scim.get(path);

        String detail = res.assertError(404, null);
        assertThat(detail).contains(path.substring(path.lastIndexOf('/') + 1));
    }

    static Stream<Arguments> writesOnDiscovery() {
        return Stream.of("", "/v2").flatMap(prefix -> Stream.of(
                        "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas", "/Schemas/" + USER)
                .flatMap(path -> Stream.of(Method.POST, Method.PUT, Method.PATCH, Method.DELETE)
                        .map(method -> Arguments.of(method, prefix + path))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writesOnDiscovery")
    void writesOnDiscoveryAreNotAllowed(Method method, String path) {
        String body = method == Method.DELETE ? null : "{\"schemas\":[\"" + SPC + "\"]}";

        Exchange res = scim.send(method, path, body);

        String detail = res.assertError(405, null);
        assertThat(res.header("Allow")).isEqualTo("GET");
        assertThat(detail).contains(method.text());
    }
}
