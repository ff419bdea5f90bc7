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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server does not do yet answers 501 (RFC 7644 §3.11), so a client can tell
 * "not supported" from "not found"; /ServiceProviderConfig says the same. (PATCH is implemented:
 * see PatchHttpTest.)
 */
@ServerTest
class NotImplementedTest {
    private final ScimClient scim;

    NotImplementedTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /Me       | /Me
            GET    | /v2/Me    | /Me
            PUT    | /Me       | /Me
            PATCH  | /v2/Me    | /Me
            DELETE | /Me       | /Me
            POST   | /Me       | /Me
            """)
    void meIsNotImplemented(String method, String path, String named) {
        String body = method.equals("GET") || method.equals("DELETE") ? null : """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []}
                """;

        Exchange res = scim.send(Method.create(method), path, body);

        String detail = res.assertError(501, null);
        assertThat(detail).contains(named);
    }
}
