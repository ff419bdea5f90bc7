package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Stream;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus: bodies and headers a hostile or careless client sends, each answered with
 * a 4xx RFC 7644 §3.12 error with the right {@code scimType}, no stack trace, nothing written, and
 * the server still answering. Runs on both backends. Families: JSON beyond any SCIM resource's
 * shape (nesting, number length), input a lenient parser would silently change (invalid UTF-8,
 * unpaired surrogates, duplicate names), Content-Type headers that are no media type, members
 * without a value, and multi-valued attributes over the value bound. Framing and slow clients are
 * in {@link HostileClientTest}; filters, PATCH and query parameters in their own tests.
 */
@ServerTest
class BadInputCorpusTest {
    private final ScimClient scim;

    BadInputCorpusTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, ServerSettings.defaults(), registry,
                new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, false, 50));
    }

    private void assertNothingCreatedAndStillServing() {
        assertThat(scim.get("/Users?filter=userName%20sw%20%22corpus-%22").assertStatus(200).json().getInt("totalResults"))
                .isZero();
        scim.get("/ServiceProviderConfig").assertStatus(200);
    }

    private static String nested(int depth) {
        return "{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-deep\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("nesting 33 deep", nested(33).getBytes(StandardCharsets.UTF_8), "deeper than 32"),
                Arguments.of("nesting 5000 deep", nested(5000).getBytes(StandardCharsets.UTF_8), "deeper than 32"),
                Arguments.of("a 1,200-digit number", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-n\",\"x\":"
                        + "9".repeat(1200) + "}").getBytes(StandardCharsets.UTF_8), "1200 characters"),
                Arguments.of("an unpaired high surrogate", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-\\ud800\"}")
                        .getBytes(StandardCharsets.UTF_8), "unpaired surrogate"),
                Arguments.of("an unpaired low surrogate in a name", ("{\"schemas\":[\"" + USER + "\"],\"\\udc00\":1,\"userName\":\"corpus-s\"}")
                        .getBytes(StandardCharsets.UTF_8), "unpaired surrogate"),
                Arguments.of("invalid UTF-8", concat("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}"),
                        "not valid UTF-8"),
                Arguments.of("a lone continuation byte", concat("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-", new byte[] {(byte) 0x80}, "\"}"),
                        "not valid UTF-8"),
                Arguments.of("an overlong encoding", concat("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"),
                        "not valid UTF-8"),
                Arguments.of("a name twice", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-a\",\"userName\":\"corpus-b\"}")
                        .getBytes(StandardCharsets.UTF_8), "appears twice"),
                Arguments.of("a name twice in another case", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-a\",\"USERNAME\":\"corpus-b\"}")
                        .getBytes(StandardCharsets.UTF_8), "appears twice"),
                Arguments.of("a sub-attribute twice", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-c\",\"name\":{\"givenName\":\"a\",\"GivenName\":\"b\"}}")
                        .getBytes(StandardCharsets.UTF_8), "appears twice"),
                Arguments.of("trailing garbage", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-t\"} x").getBytes(StandardCharsets.UTF_8),
                        "not valid JSON"),
                Arguments.of("a byte-order mark", concat("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        "{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-bom\"}"), "not valid JSON"));
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aBodyBeyondJsonOrScimIsInvalidSyntaxOnEveryWrite(String what, byte[] body, String detail) {
        String id = scim.newUser("bad-input-target");
        for (Method method : new Method[] {Method.POST, Method.PUT}) {
            String path = method == Method.POST ? "/Users" : "/Users/" + id;
            Exchange res = scim.sendBytes(method, path, body);
            assertThat(res.assertError(400, "invalidSyntax")).as(what).contains(detail);
        }
        scim.sendBytes(Method.POST, "/Users/.search", body).assertError(400, "invalidSyntax");
        assertNothingCreatedAndStillServing();
    }

    @Test
    void aPatchOpWithDuplicateOrDeepPartsIsInvalidSyntax() {
        String id = scim.newUser("patch-target");
        scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[],"
                + "\"operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}").assertError(400, "invalidSyntax");
        scim.patch("/Users/" + id, patchOp("{\"op\":\"replace\",\"op\":\"remove\",\"path\":\"displayName\"}")).assertError(400, "invalidSyntax");
        scim.patch("/Users/" + id, patchOp("{\"op\":\"add\",\"path\":\"displayName\",\"value\":" + "[".repeat(40) + "]".repeat(40) + "}"))
                .assertError(400, "invalidSyntax");
        assertThat(scim.read("/Users/" + id).containsKey("displayName")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "/", ";", "application", "a/b/c", "application/json; charset", "=;="})
    void aContentTypeThatIsNoMediaTypeIs400(String contentType) {
        Exchange res = scim.post("/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-ct\"}", "Content-Type", contentType);
        assertThat(res.status()).as(contentType).isIn(400, 415);
        res.assertError(res.status(), res.status() == 400 ? "invalidSyntax" : null);
        assertNothingCreatedAndStillServing();
    }

    @Test
    void aMemberWithoutAValueIsInvalidValue() {
        String userId = scim.newUser("member-target");
        String groupId = scim.create("/Groups", ScimClient.group(uniqueName("corpus-group"), userId)).id();
        for (String member : new String[] {"{\"value\":null}", "{}", "{\"display\":null,\"value\":null}"}) {
            String detail = scim.patch("/Groups/" + groupId, patchOp("{\"op\":\"add\",\"path\":\"members\",\"value\":[" + member + "]}"))
                    .assertError(400, "invalidValue");
            assertThat(detail).contains("members", "no value");
            scim.post("/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"corpus-g\",\"members\":[" + member + "]}")
                    .assertError(400, "invalidValue");
            scim.put("/Groups/" + groupId, "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"corpus-g\",\"members\":[" + member + "]}")
                    .assertError(400, "invalidValue");
        }
        assertThat(ScimClient.memberIds(scim.read("/Groups/" + groupId))).containsExactly(userId);
    }

    @Test
    void aMultiValuedAttributeOverTheBoundIsInvalidValue() {
        // This server is configured for at most 50 values per attribute.
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            emails.append(i == 0 ? "" : ",").append("{\"value\":\"corpus").append(i).append("@example.com\"}");
        }
        String detail = scim.post("/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"corpus-many\",\"emails\":[" + emails + "]}")
                .assertError(400, "invalidValue");
        assertThat(detail).contains("'emails'", "51 values", "at most 50");

        // Reached one PATCH at a time, too.
        String id = scim.newUser("many-patched");
        StringBuilder fifty = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            fifty.append(i == 0 ? "" : ",").append("{\"value\":\"p").append(i).append("@example.com\"}");
        }
        scim.patch("/Users/" + id, patchOp("{\"op\":\"add\",\"path\":\"emails\",\"value\":[" + fifty + "]}")).assertStatus(200);
        scim.patch("/Users/" + id, patchOp("{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"one-more@example.com\"}]}"))
                .assertError(400, "invalidValue");
        assertThat(scim.read("/Users/" + id).getJsonArray("emails")).hasSize(50);
        assertNothingCreatedAndStillServing();
    }

    @Test
    void groupMembersAreNotBoundedByTheValueLimit() {
        String[] members = new String[60];
        for (int i = 0; i < members.length; i++) {
            members[i] = scim.newUser("bounded-member-" + i);
        }
        Exchange created = scim.create("/Groups", ScimClient.group(uniqueName("corpus-big"), members));
        assertThat(created.json().getJsonArray("members")).hasSize(60);
    }
}
