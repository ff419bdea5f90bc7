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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.stream.Stream;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --reverse-proxy}, the base URL of {@code Location} and {@code meta.location} is the
 * one the proxy says the client used: {@code Forwarded} (RFC 7239) or {@code X-Forwarded-*}.
 */
@ServerTest
class ReverseProxyTest {
    private final ScimClient scim;

    ReverseProxyTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults().withReverseProxy(true), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    static Stream<Arguments> forwardedRequests() {
        return Stream.of("", "/v2").flatMap(prefix -> Stream.of(
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https"}, "https://internal:8080"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "scim.example.com"},
                        "https://scim.example.com"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Host", "scim.example.com:8443"}, "http://scim.example.com:8443"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "scim.example.com",
                        "X-Forwarded-Port", "8443"}, "https://scim.example.com:8443"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "scim.example.com:9000",
                        "X-Forwarded-Port", "443"}, "https://scim.example.com"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "scim.example.com",
                        "X-Forwarded-Prefix", "/identity/scim/"}, "https://scim.example.com/identity/scim"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Prefix", "tenant-a"}, "http://internal:8080/tenant-a"),
                Arguments.of(prefix, new String[] {"X-Forwarded-Proto", "https, http", "X-Forwarded-Host",
                        "outer.example.com, inner.example.com"}, "https://outer.example.com"),
                Arguments.of(prefix, new String[] {"Forwarded", "proto=https;host=example.com"}, "https://example.com"),
                Arguments.of(prefix, new String[] {"Forwarded", "for=192.0.2.60;proto=https;host=\"example.com:8443\""},
                        "https://example.com:8443"),
                Arguments.of(prefix, new String[] {"Forwarded", "proto=https;host=first.example.com, proto=http;host=second"},
                        "https://first.example.com"),
                Arguments.of(prefix, new String[] {"Forwarded", "proto=https;host=example.com",
                        "X-Forwarded-Host", "ignored.example.com"}, "https://example.com"),
                Arguments.of(prefix, new String[] {}, "http://internal:8080")));
    }

    @ParameterizedTest(name = "{0}/Users with {1} → {2}")
    @MethodSource("forwardedRequests")
    void locationFollowsTheProxyHeaders(String prefix, String[] headers, String base) {
        String[] all = Stream.concat(Stream.of("Host", "internal:8080"), Stream.of(headers)).toArray(String[]::new);

        Exchange created = scim.post(prefix + "/Users", user(uniqueName("proxied")), all);

        assertThat(created.status()).isEqualTo(201);
        String expected = base + prefix + "/Users/" + created.id();
        assertThat(created.header("Location")).isEqualTo(expected);
        assertThat(created.json().getJsonObject("meta").getString("location")).isEqualTo(expected);
        Exchange read = scim.get(prefix + "/Users/" + created.id(), all);
        assertThat(read.json().getJsonObject("meta").getString("location")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void discoveryLocationsFollowTheProxyToo(String prefix) {
        Exchange res = scim.get(prefix + "/ServiceProviderConfig", "Forwarded", "proto=https;host=example.com");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getJsonObject("meta").getString("location"))
                .isEqualTo("https://example.com" + prefix + "/ServiceProviderConfig");
    }
}
