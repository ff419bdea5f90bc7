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
 * Without a public base URL and without {@code --reverse-proxy}, {@code Location} and
 * {@code meta.location} come from the request's own Host header; forwarding headers, which any
 * client can send, are ignored.
 */
@ServerTest
class BaseUrlTest {
    private final ScimClient scim;

    BaseUrlTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void locationUsesTheHostHeader(String prefix) {
        Exchange created = scim.post(prefix + "/Users", user(uniqueName("host")), "Host", "scim.example.org:8443");

        assertThat(created.status()).isEqualTo(201);
        String expected = "http://scim.example.org:8443" + prefix + "/Users/" + created.id();
        assertThat(created.header("Location")).isEqualTo(expected);
        assertThat(created.json().getJsonObject("meta").getString("location")).isEqualTo(expected);

        Exchange read = scim.get(prefix + "/Users/" + created.id(), "Host", "other.example.org");
        assertThat(read.json().getJsonObject("meta").getString("location"))
                .isEqualTo("http://other.example.org" + prefix + "/Users/" + created.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void forwardingHeadersAreIgnoredWithoutReverseProxy(String prefix) {
        Exchange created = scim.post(prefix + "/Users", user(uniqueName("noproxy")),
                "Host", "scim.internal:8080",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example.com",
                "X-Forwarded-Port", "9443",
                "X-Forwarded-Prefix", "/evil");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("http://scim.internal:8080" + prefix + "/Users/" + created.id());

        Exchange read = scim.get(prefix + "/Users/" + created.id(),
                "Host", "scim.internal:8080",
                "Forwarded", "proto=https;host=evil.example.com");
        assertThat(read.json().getJsonObject("meta").getString("location"))
                .isEqualTo("http://scim.internal:8080" + prefix + "/Users/" + created.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void listEntriesCarryTheirLocation(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("listed")));

        Exchange list = scim.get(prefix + "/Users", "Host", "list.example.org");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.resources())
                .filteredOn(r -> r.getString("id").equals(created.id()))
                .singleElement()
                .satisfies(r -> assertThat(r.getJsonObject("meta").getString("location"))
                        .isEqualTo("http://list.example.org" + prefix + "/Users/" + created.id()));
    }
}
