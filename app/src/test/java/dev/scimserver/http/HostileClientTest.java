package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.webserver.WebServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client that does not speak HTTP properly gets, over raw sockets against the server as
 * {@code Main} builds it (with a one-second read timeout, so stalls end quickly): broken chunked
 * framing, a body shorter than announced, a NUL in the method, malformed or oversized headers,
 * an unsupported Content-Encoding, headers or bodies that stall, and {@code Connection: close}.
 * Each gets a 4xx with an RFC 7644 §3.12 body and no stack trace, the connection is closed, and
 * the server goes on answering.
 */
class HostileClientTest {
    private static final String TOKEN = "hostile-test-token";
    private static final String AUTH = "Authorization: Bearer " + TOKEN + "\r\n";
    private static final String BODY = "{\"userName\":\"hostile\"}";
    private static WebServer server;

    @BeforeAll
    static void start() {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ServerSettings defaults = ServerSettings.defaults();
        ServerSettings.Limits limits = new ServerSettings.Limits(64, 32, 30, 1, 4096, 2048, 32, 1000);
        ServerSettings settings = defaults.withBearerTokens(List.of(TOKEN)).withLimits(limits);
        ResourceService resources = new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, false);
        server = ScimWebServer.builder(settings, registry, resources).port(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** What came back on one connection: the bytes, and whether the server closed it. */
    private record Answer(String text, boolean closed) {
        int status() {
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        JsonObject error() {
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        /** A SCIM error of this status, without a trace of Java, and the connection closed. */
        void assertScimError(int expected) {
            assertThat(status()).as(text).isEqualTo(expected);
            assertThat(text).containsIgnoringCase("Content-Type: application/scim+json");
            JsonObject error = error();
            assertThat(error.getJsonArray("schemas").getString(0)).isEqualTo(ScimResponses.ERROR_SCHEMA);
            assertThat(error.getString("status")).isEqualTo(Integer.toString(expected));
            assertThat(error.getString("detail")).isNotBlank();
            assertThat(text).doesNotContain("Exception", "\tat ", "at io.helidon", "at java.");
            assertThat(closed).as("connection closed after %s", text).isTrue();
        }
    }

    /** Sends the bytes (optionally then closing the sending side) and reads until close or 5 s of silence. */
    private static Answer exchange(byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
                return new Answer(received.toString(StandardCharsets.UTF_8), true);
            } catch (SocketTimeoutException e) {
                return new Answer(received.toString(StandardCharsets.UTF_8), false);
            }
        }
    }

    private static Answer exchange(String request) throws IOException {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static String chunkedPost(String chunks) {
        return "POST /Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/scim+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunks;
    }

    private static void assertStillServing() throws IOException {
        Answer answer = exchange("GET /ServiceProviderConfig HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "zz", "ffffffffffffffff", "1x"})
    void aBrokenChunkSizeIs400AndTheConnectionCloses(String size) throws IOException {
        exchange(chunkedPost(size + "\r\n" + BODY + "\r\n0\r\n\r\n")).assertScimError(400);
        assertStillServing();
    }

    @Test
    void aChunkShorterThanDeclaredIs400WhenTheClientStopsSending() throws IOException {
        Answer answer = exchange(chunkedPost("40\r\n" + BODY + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), true);
        answer.assertScimError(400);
        assertThat(answer.error().getString("scimType")).isEqualTo("invalidSyntax");
        assertStillServing();
    }

    @Test
    void aBodyThatStallsIs408AndTheConnectionCloses() throws IOException {
        // 64 bytes announced, 22 sent, the socket left open: the read timeout (1 s here) ends it.
        exchange(chunkedPost("40\r\n" + BODY + "\r\n0\r\n\r\n")).assertScimError(408);
        exchange("POST /Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/scim+json\r\nContent-Length: 100\r\n\r\n"
                + BODY).assertScimError(408);
        assertStillServing();
    }

    @Test
    void headersThatStallAre408() throws IOException {
        exchange("GET /Users HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n").assertScimError(408);
        assertStillServing();
    }

    @Test
    void aNulInTheMethodIs400() throws IOException {
        exchange("GE\u0000T /Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").assertScimError(400);
        assertStillServing();
    }

    @Test
    void malformedOrOversizedHeadersAre4xx() throws IOException {
        exchange("GET /Users HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n" + AUTH + "\r\n").assertScimError(400);
        exchange("GET /Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: abc\r\n\r\n").assertScimError(400);
        Answer huge = exchange("GET /Users HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(8000) + "\r\n" + AUTH + "\r\n");
        assertThat(huge.status()).isBetween(400, 431);
        huge.assertScimError(huge.status());
        Answer longLine = exchange("GET /Users?filter=" + "a".repeat(4000) + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
        longLine.assertScimError(414);
        assertStillServing();
    }

    @Test
    void anUnsupportedContentEncodingIs400WithAScimBody() throws IOException {
        for (String encoding : List.of("gzip", "br", "x-unknown")) {
            Answer answer = exchange("POST /Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/scim+json\r\n"
                    + "Content-Encoding: " + encoding + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY);
            answer.assertScimError(400);
        }
        assertStillServing();
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        Answer answer = exchange("GET /ServiceProviderConfig HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).containsIgnoringCase("Connection: close");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void headWithoutATokenIs401LikeGet() throws IOException {
        for (String path : List.of("/Users", "/v2/Groups", "/Schemas", "/")) {
            Answer head = exchange("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(head.status()).as(path).isEqualTo(401);
            assertThat(head.text()).containsIgnoringCase("WWW-Authenticate: Bearer");
            Answer get = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            get.assertScimError(401);
        }
        assertStillServing();
    }
}
