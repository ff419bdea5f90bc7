package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/** A body over the configured {@code maxPayloadBytes} is refused with 413, whether or not its length was declared. */
@ServerTest
class PayloadLimitTest {
    private static final int LIMIT = 300;

    private final Http1Client client;
    private final ScimClient scim;

    PayloadLimitTest(Http1Client client) {
        this.client = client;
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults().withMaxPayloadBytes(LIMIT), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aBodyUnderTheLimitIsAccepted(String prefix) {
        assertThat(scim.post(prefix + "/Users", user(uniqueName("small"))).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aPostOverTheLimitIsTooLarge(String prefix) {
        Exchange res = scim.post(prefix + "/Users", userOfSize(LIMIT + 1));

        String detail = res.assertError(413, null);
        assertThat(detail).contains(Integer.toString(LIMIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aPutOverTheLimitIsTooLargeAndChangesNothing(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("put-large")));

        scim.put(prefix + "/Users/" + created.id(), userOfSize(10 * LIMIT)).assertError(413, null);

        assertThat(scim.get(prefix + "/Users/" + created.id()).json()).isEqualTo(created.json());
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        assertThat(scim.post("/Users", userOfSize(LIMIT)).status()).isEqualTo(201);
    }

    @Test
    void aChunkedBodyOverTheLimitIsTooLarge() {
        byte[] body = userOfSize(4 * LIMIT).getBytes(StandardCharsets.UTF_8);
        int status;
        String text;
        // No Content-Length: the server only learns the size by reading.
        try (HttpClientResponse response = client.post("/Users")
                .header(HeaderNames.CONTENT_TYPE, SCIM_JSON)
                .outputStream(out -> {
                    out.write(body);
                    out.close();
                })) {
            status = response.status().code();
            text = response.as(String.class);
        }

        assertThat(status).isEqualTo(413);
        JsonObject error = Json.createReader(new java.io.StringReader(text)).readObject();
        assertThat(error.getString("status")).isEqualTo("413");
        assertThat(error.getString("detail")).contains(Integer.toString(LIMIT));
    }

    /** A valid User whose JSON is exactly {@code size} bytes, padded in displayName. */
    private static String userOfSize(int size) {
        String template = """
                {"schemas":["%s"],"userName":"%s","displayName":"%%s"}""".formatted(USER, uniqueName("big"));
        int padding = size - template.length() + 2;
        String body = template.formatted("x".repeat(padding));
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return body;
    }
}
