package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.store.Backend;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.Argon2id;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.group;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUT (RFC 7644 §3.5.1): what is sent replaces what was there, except the values a client cannot
 * see (the writeOnly password) or may not change. The backend is kept so a test can look at what
 * was stored, which no response shows.
 */
@ServerTest
class ReplaceTest {
    private static final Backend BACKEND = TestBackends.create();

    private final ScimClient scim;

    ReplaceTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(BACKEND, Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putReplacesTheResource(String prefix) throws InterruptedException {
        String userName = uniqueName("replace");
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s", "%s"], "userName": "%s", "displayName": "Babs", "title": "Tour Guide",
                 "emails": [{"value": "babs@example.com"}], "%s": {"department": "Tours"}}
                """.formatted(USER, ENTERPRISE_USER, userName, ENTERPRISE_USER));
        JsonObject before = created.json().getJsonObject("meta");
        Thread.sleep(5); // lastModified has millisecond resolution

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "userName": "%s", "name": {"givenName": "Barbara"}}
                """.formatted(USER, userName));

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        JsonObject body = replaced.json();
        assertThat(body.getString("id")).isEqualTo(created.id());
        assertThat(body.getJsonObject("name").getString("givenName")).isEqualTo("Barbara");
        assertThat(body.keySet()).doesNotContain("displayName", "title", "emails", ENTERPRISE_USER);
        assertThat(strings(body, "schemas")).containsExactly(USER);
        JsonObject meta = body.getJsonObject("meta");
        assertThat(meta.getString("created")).isEqualTo(before.getString("created"));
        assertThat(Instant.parse(meta.getString("lastModified"))).isAfter(Instant.parse(before.getString("lastModified")));
        assertThat(meta.getString("version")).isNotEqualTo(before.getString("version"));
        assertThat(replaced.header("ETag")).isEqualTo(meta.getString("version"));
        assertThat(meta.getString("location")).isEqualTo(before.getString("location"));
        assertThat(scim.get(prefix + "/Users/" + created.id()).json()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void thePasswordIsKeptWhenLeftOut(String prefix) {
        String userName = uniqueName("keep-password");
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "password": "t1meMachine!"}
                """.formatted(USER, userName));
        String hash = stored(created.id()).getString("password");

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Babs"}
                """.formatted(USER, userName));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().containsKey("password")).isFalse();
        assertThat(stored(created.id()).getString("password")).isEqualTo(hash); // kept, not hashed again
        assertThat(Argon2id.owasp().verify("t1meMachine!", hash)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aSentPasswordReplacesTheStoredOne(String prefix) {
        String userName = uniqueName("change-password");
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "password": "old-secret"}
                """.formatted(USER, userName));

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "userName": "%s", "password": "new-secret"}
                """.formatted(USER, userName));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain("secret");
        String stored = stored(created.id()).getString("password");
        assertThat(stored).startsWith("$argon2id$").doesNotContain("secret");
        assertThat(Argon2id.owasp().verify("new-secret", stored)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putOfTheWholeGetBodyIsAccepted(String prefix) {
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Babs", "externalId": "okta-1"}
                """.formatted(USER, uniqueName("okta")));
        JsonObject read = scim.get(prefix + "/Users/" + created.id()).json();
        // What Okta does: send back everything it read, read-only parts included, with its change.
        JsonObject sent = Json.createObjectBuilder(read)
                .add("displayName", "Barbara")
                .add("groups", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("value", "e9e30dba-f08f-4109-8486-d5c6a331660a").add("display", "Tour Guides")))
                .build();

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), sent.toString());

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        JsonObject body = replaced.json();
        assertThat(body.getString("id")).isEqualTo(created.id());
        assertThat(body.getString("displayName")).isEqualTo("Barbara");
        assertThat(body.getString("externalId")).isEqualTo("okta-1");
        assertThat(body.containsKey("groups")).isFalse();
        assertThat(body.getJsonObject("meta").getString("created")).isEqualTo(read.getJsonObject("meta").getString("created"));
        assertThat(body.getJsonObject("meta").getString("version")).isNotEqualTo(read.getJsonObject("meta").getString("version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void theIdInTheBodyDoesNotMoveTheResource(String prefix) {
        String userName = uniqueName("id-in-body");
        Exchange created = scim.create(prefix + "/Users", user(userName));

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "id": "another-id", "userName": "%s", "nickName": "Babs"}
                """.formatted(USER, userName));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.id()).isEqualTo(created.id());
        assertThat(replaced.json().getString("nickName")).isEqualTo("Babs");
        scim.get(prefix + "/Users/another-id").assertError(404, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putReplacesAGroup(String prefix) {
        Exchange created = scim.create(prefix + "/Groups", """
                {"schemas": ["%s"], "displayName": "Tour Guides", "externalId": "g-1"}
                """.formatted(GROUP));

        Exchange replaced = scim.put(prefix + "/Groups/" + created.id(), group("Tour Leaders"));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().getString("displayName")).isEqualTo("Tour Leaders");
        assertThat(replaced.json().containsKey("externalId")).isFalse();
        assertThat(replaced.json().getJsonObject("meta").getString("resourceType")).isEqualTo("Group");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putOfAnInvalidBodyChangesNothing(String prefix) {
        String userName = uniqueName("invalid-put");
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Babs"}
                """.formatted(USER, userName));

        String detail = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "displayName": "No userName"}
                """.formatted(USER)).assertError(400, "invalidValue");

        assertThat(detail).contains("userName");
        assertThat(scim.get(prefix + "/Users/" + created.id()).json()).isEqualTo(created.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Users", "/Groups", "/v2/Users", "/v2/Groups"})
    void putToAnUnknownIdIsNotFound(String endpoint) {
        String body = endpoint.endsWith("Users") ? user(uniqueName("nobody")) : group("Nobody");

        String detail = scim.put(endpoint + "/5a4b3c2d-0000-4000-8000-000000000000", body).assertError(404, null);

        assertThat(detail).contains("5a4b3c2d-0000-4000-8000-000000000000");
    }

    private static JsonObject stored(String id) {
        return BACKEND.get("User", id).map(StoredResource::body).orElseThrow();
    }
}
