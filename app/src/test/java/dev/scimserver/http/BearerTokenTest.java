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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static bearer tokens (RFC 6750): every endpoint but {@code /ServiceProviderConfig} needs one of
 * the configured tokens, and a refusal is a 401 SCIM error with a {@code WWW-Authenticate} challenge.
 */
@ServerTest
class BearerTokenTest {
    private final ScimClient scim;

    BearerTokenTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults().withBearerTokens(List.of("t1", "t2")),
                SchemaRegistry.defaults(), new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Users", "/v2/Users", "/Groups", "/Schemas", "/v2/Schemas", "/ResourceTypes",
            "/v2/ResourceTypes/User", "/Users/2819c223-7f76-453a-919d-413861904646", "/Bulk", "/Me", "/nothing/here"})
    void withoutATokenEveryOtherEndpointIsUnauthorized(String path) {
        Exchange res = scim.get(path);

        String detail = res.assertError(401, null);
        assertThat(res.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(detail).contains("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void writesWithoutATokenAreUnauthorizedAndDoNothing(String prefix) {
        String userName = uniqueName("anonymous");

        scim.post(prefix + "/Users", user(userName)).assertError(401, null);

        Exchange list = scim.get(prefix + "/Users", "Authorization", "Bearer t1");
        assertThat(list.resources()).noneMatch(r -> r.getString("userName").equals(userName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer t3", "Bearer t1x", "Bearer T1", "Bearer ", "Bearer", "t1", "Basic dDE6dDE=",
            "Bearer t1 t2", "Bearer t1,t2"})
    void aWrongTokenIsUnauthorized(String authorization) {
        Exchange res = scim.get("/Users", "Authorization", authorization);

        String detail = res.assertError(401, null);
        assertThat(res.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(detail).doesNotContain("t1", "t2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer t1", "Bearer t2", "bearer t1", "BEARER t2", "Bearer  t1 "})
    void eitherTokenIsAccepted(String authorization) {
        String userName = uniqueName("authorized");

        Exchange created = scim.post("/v2/Users", user(userName), "Authorization", authorization);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Exchange read = scim.get("/Users/" + created.id(), "Authorization", authorization);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("userName")).isEqualTo(userName);
        assertThat(scim.get("/Schemas", "Authorization", authorization).status()).isEqualTo(200);
        assertThat(scim.get("/v2/ResourceTypes", "Authorization", authorization).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void serviceProviderConfigIsPublicAndNamesTheScheme(String prefix) {
        Exchange res = scim.get(prefix + "/ServiceProviderConfig");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getJsonArray("authenticationSchemes")).hasSize(1);
        JsonObject scheme = res.json().getJsonArray("authenticationSchemes").getJsonObject(0);
        assertThat(scheme.getString("type")).isEqualTo("oauthbearertoken");
        assertThat(scheme.getString("name")).isNotBlank();
        assertThat(scheme.getString("description")).isNotBlank();
        assertThat(res.body()).doesNotContain("\"t1\"", "\"t2\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void serviceProviderConfigIsStillFineWithAToken(String prefix) {
        assertThat(scim.get(prefix + "/ServiceProviderConfig", "Authorization", "Bearer t2").status()).isEqualTo(200);
        assertThat(scim.get(prefix + "/ServiceProviderConfig", "Authorization", "Bearer wrong").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ServiceProviderConfig/../Users", "/serviceproviderconfig", "/v2/SERVICEPROVIDERCONFIG",
            "/ServiceProviderConfig/", "/ServiceProviderConfig%2F..%2FUsers", "/v2/ServiceProviderConfig/x"})
    void pathsThatOnlyLookPublicRevealNothing(String path) {
        scim.create("/Users", user(uniqueName("hidden")).replace("{", "{\"displayName\":\"hidden-user\","),
                "Authorization", "Bearer t1");

        Exchange res = scim.get(path);

        assertThat(res.status()).as("%s → %s", path, res.body()).isIn(401, 404);
        assertThat(res.body()).doesNotContain("hidden-user");
    }
}
