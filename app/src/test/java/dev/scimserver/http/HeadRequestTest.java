package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** HEAD answers like GET without a body, so a client can go on using the connection. */
@ServerTest
class HeadRequestTest {
    private final URI uri;

    HeadRequestTest(URI uri) {
        this.uri = uri;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @Test
    void headHasTheStatusOfGetAndNoBodyOnAReusedConnection() throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("HEAD /Schemas HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "HEAD /v2/Users/no-such-id HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /ServiceProviderConfig HTTP/1.1\r\nHost: test\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String responses = read(socket.getInputStream());
            String[] parts = responses.split("HTTP/1.1 ");
            assertThat(parts).hasSize(4); // "" before the first, then three responses
            assertThat(parts[1]).startsWith("200").endsWith("\r\n\r\n");
            assertThat(parts[2]).startsWith("404").endsWith("\r\n\r\n");
            assertThat(parts[3]).startsWith("200").contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        }
    }

    /** Reads until the third response's body is complete (the server keeps the connection open). */
    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!bytes.toString(StandardCharsets.UTF_8).contains("\"resourceType\":\"ServiceProviderConfig\"")
                || !bytes.toString(StandardCharsets.UTF_8).endsWith("}}")) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
