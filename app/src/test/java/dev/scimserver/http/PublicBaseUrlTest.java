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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured public base URL is the base of every location, whatever the request's Host or a
 * proxy says (even with {@code --reverse-proxy} on). A trailing slash in the setting is dropped.
 */
@ServerTest
class PublicBaseUrlTest {
    private static final String PUBLIC = "https://scim.example.com/api/v2";

    private final ScimClient scim;

    PublicBaseUrlTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ServerSettings settings = ServerSettings.defaults().withReverseProxy(true).withPublicBaseUrl(PUBLIC + "/");
        ScimRouting.configure(routing, settings, SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void thePublicBaseUrlWins(String prefix) {
        Exchange created = scim.post(prefix + "/Users", user(uniqueName("public")),
                "Host", "internal:8080",
                "X-Forwarded-Proto", "http",
                "X-Forwarded-Host", "proxy.example.com",
                "X-Forwarded-Prefix", "/other");

        assertThat(created.status()).isEqualTo(201);
        String expected = PUBLIC + "/Users/" + created.id();
        assertThat(created.header("Location")).isEqualTo(expected);
        assertThat(created.json().getJsonObject("meta").getString("location")).isEqualTo(expected);

        Exchange read = scim.get(prefix + "/Users/" + created.id(), "Forwarded", "proto=http;host=proxy.example.com");
        assertThat(read.json().getJsonObject("meta").getString("location")).isEqualTo(expected);
        assertThat(scim.get(prefix + "/Users").resources())
                .allSatisfy(r -> assertThat(r.getJsonObject("meta").getString("location")).startsWith(PUBLIC + "/Users/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void discoveryUsesThePublicBaseUrl(String prefix) {
        assertThat(scim.get(prefix + "/ServiceProviderConfig").json().getJsonObject("meta").getString("location"))
                .isEqualTo(PUBLIC + "/ServiceProviderConfig");
        assertThat(scim.get(prefix + "/ResourceTypes/User").json().getJsonObject("meta").getString("location"))
                .isEqualTo(PUBLIC + "/ResourceTypes/User");
    }
}
