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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies: the media types a SCIM client may send (RFC 7644 §3.1, §8.1), and the body
 * that is not a JSON object.
 */
@ServerTest
class MediaTypeTest {
    private final ScimClient scim;

    MediaTypeTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json", "application/scim+json; charset=utf-8", "application/json",
            "application/json;charset=UTF-8", "APPLICATION/SCIM+JSON"})
    void scimAndPlainJsonAreAccepted(String contentType) {
        String userName = uniqueName("media");

        Exchange created = scim.post("/Users", user(userName), "Content-Type", contentType);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(created.json().getString("userName")).isEqualTo(userName);

        Exchange replaced = scim.put("/v2/Users/" + created.id(), user(userName), "Content-Type", contentType);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.header("Content-Type")).startsWith(SCIM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Users", "/v2/Users", "/Groups/x", "/Schemas", "/v2/ServiceProviderConfig", "/nothing"})
    void everyResponseIsScimJson(String path) {
        assertThat(scim.get(path).header("Content-Type")).startsWith(SCIM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void otherMediaTypesAreUnsupported(String contentType) {
        Exchange res = scim.post("/Users", user(uniqueName("text")), "Content-Type", contentType);

        String detail = res.assertError(415, null);
        assertThat(detail).contains(contentType.split(";")[0]).contains(SCIM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putWithTextPlainIsUnsupported(String prefix) {
        String userName = uniqueName("put-text");
        Exchange created = scim.create(prefix + "/Users", user(userName));

        scim.put(prefix + "/Users/" + created.id(), user(userName), "Content-Type", "text/plain").assertError(415, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unclosed object      | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"
            a trailing comma        | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x",}
            single quotes           | {'userName': 'x'}
            plain words             | userName=x
            two objects             | {"userName": "x"} {"userName": "y"}
            an object and words     | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"} trailing
            an object and a bracket | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"}]
            """)
    void malformedJsonIsInvalidSyntax(String what, String body) {
        Exchange res = scim.post("/Users", body);

        String detail = res.assertError(400, "invalidSyntax");
        assertThat(detail).contains("JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an array   | [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"}] | array
            a string   | "userName"                                                                      | string
            a number   | 42                                                                              | number
            null       | null                                                                            | null
            """)
    void aBodyThatIsNotAnObjectIsInvalidSyntax(String what, String body, String kind) {
        Exchange res = scim.post("/Users", body);

        String detail = res.assertError(400, "invalidSyntax");
        assertThat(detail).contains("object").contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n  "})
    void anEmptyBodyIsInvalidSyntax(String body) {
        Exchange res = scim.post("/Users", body);

        String detail = res.assertError(400, "invalidSyntax");
        assertThat(detail).containsAnyOf("body", "JSON");
    }

    @Test
    void aPostWithoutAnyBodyIsInvalidSyntax() {
        Exchange res = scim.send(Method.POST, "/Users", (String) null);

        res.assertError(400, "invalidSyntax");
    }

    @Test
    void aUtf8BodyKeepsItsCharacters() {
        String userName = uniqueName("Bärbel-Jensen-日本");

        Exchange created = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Bärbel 😀"}
                """.formatted(USER, userName), "Content-Type", "application/scim+json; charset=utf-8");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().getString("userName")).isEqualTo(userName);
        assertThat(scim.get("/Users/" + created.id()).json().getString("displayName")).isEqualTo("Bärbel 😀");
    }
}
