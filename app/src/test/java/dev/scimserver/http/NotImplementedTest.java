package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server does not do yet answers 501 (RFC 7644 §3.5.2, §3.7, §3.11), so a client can tell
 * "not supported" from "not found"; /ServiceProviderConfig says the same.
 */
@ServerTest
class NotImplementedTest {
    private static final String PATCH_BODY = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "displayName", "value": "Babs"}]}
            """;

    private final ScimClient scim;

    NotImplementedTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(new InMemoryBackend(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void patchIsNotImplementedAndChangesNothing(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("patched")));

        Exchange res = scim.patch(prefix + "/Users/" + created.id(), PATCH_BODY);

        String detail = res.assertError(501, null);
        assertThat(detail).contains("PATCH");
        assertThat(scim.get(prefix + "/Users/" + created.id()).json()).isEqualTo(created.json());
        assertThat(scim.get(prefix + "/ServiceProviderConfig").json().getJsonObject("patch").getBoolean("supported")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void patchOfAGroupIsNotImplemented(String prefix) {
        Exchange created = scim.create(prefix + "/Groups", ScimClient.group("Patched"));

        scim.patch(prefix + "/Groups/" + created.id(), PATCH_BODY).assertError(501, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void patchOnAnUnknownEndpointIsNotFound(String prefix) {
        scim.patch(prefix + "/Widgets/1", PATCH_BODY).assertError(404, null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /Bulk     | Bulk
            POST   | /v2/Bulk  | Bulk
            GET    | /Bulk     | Bulk
            GET    | /Me       | /Me
            GET    | /v2/Me    | /Me
            PUT    | /Me       | /Me
            PATCH  | /v2/Me    | /Me
            DELETE | /Me       | /Me
            POST   | /Me       | /Me
            """)
    void bulkAndMeAreNotImplemented(String method, String path, String named) {
        String body = method.equals("GET") || method.equals("DELETE") ? null : """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []}
                """;

        Exchange res = scim.send(Method.create(method), path, body);

        String detail = res.assertError(501, null);
        assertThat(detail).contains(named);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void serviceProviderConfigSaysBulkIsUnsupported(String prefix) {
        assertThat(scim.get(prefix + "/ServiceProviderConfig").json().getJsonObject("bulk").getBoolean("supported")).isFalse();
    }
}
