package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.Argon2id;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.TestBackends;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords over HTTP, with the server's own hasher (Argon2id at OWASP's parameters) on the
 * backend under test: every write that carries one stores only its hash, and no response, filter
 * or sort shows the password or the hash (RFC 7643 §4.1.1, §7 "returned: never"). The backend is
 * kept so a test can look at what was stored, which no response shows.
 */
@ServerTest
class PasswordTest {
    private static final String SECRET = "Secret-Passw0rd-XYZ";
    private static final String OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final Backend BACKEND = TestBackends.create(REGISTRY);

    private final ScimClient scim;

    PasswordTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        // As Main builds it: the default hasher, nothing injected.
        ScimRouting.configure(routing, ServerSettings.defaults(), REGISTRY,
                new ResourceService(BACKEND, Clock.systemUTC(), REGISTRY, false));
    }

    private static String userWith(String userName, String password) {
        return """
                {"schemas": ["%s"], "userName": "%s", "password": %s}""".formatted(USER, userName, Json.createValue(password));
    }

    private static String stored(String id) {
        return BACKEND.get("User", id).map(StoredResource::body).orElseThrow().getString("password");
    }

    /** The stored value is a hash at the server's parameters of {@code password}, and not the password. */
    private static void assertStoredHashOf(String id, String password) {
        String stored = stored(id);
        assertThat(stored).startsWith(OWASP_PREFIX).doesNotContain(password);
        assertThat(Argon2id.owasp().verify(password, stored)).isTrue();
    }

    private static void assertShowsNoPassword(Exchange res, String password) {
        assertThat(res.json()).doesNotContainKey("password");
        assertThat(res.body()).doesNotContain(password, "$argon2id$", "\"password\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void postStoresAHash(String prefix) {
        Exchange created = scim.create(prefix + "/Users", userWith(uniqueName("post"), SECRET));

        assertShowsNoPassword(created, SECRET);
        assertStoredHashOf(created.id(), SECRET);
    }

    @Test
    void putStoresAHash() {
        String userName = uniqueName("put");
        Exchange created = scim.create("/Users", userWith(userName, "Old-Passw0rd"));

        Exchange replaced = scim.put("/Users/" + created.id(), userWith(userName, SECRET));

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertShowsNoPassword(replaced, SECRET);
        assertStoredHashOf(created.id(), SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"op": "replace", "path": "password", "value": "%s"}""",
            """
            {"op": "add", "path": "password", "value": "%s"}""",
            """
            {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:password", "value": "%s"}""",
            """
            {"op": "replace", "value": {"password": "%s"}}""",
            """
            {"op": "Replace", "value": {"Password": "%s"}}""",
            """
            {"op": "add", "value": {"urn:ietf:params:scim:schemas:core:2.0:User:password": "%s"}}""",
    })
    void patchInEachFormStoresAHash(String operation) {
        String id = scim.create("/Users", userWith(uniqueName("patch"), "Old-Passw0rd")).id();

        Exchange patched = scim.patch("/Users/" + id, patchOp(operation.formatted(SECRET)));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertShowsNoPassword(patched, SECRET);
        assertStoredHashOf(id, SECRET);
    }

    @Test
    void aClientCannotPlantAHash() {
        // A hash of "known" in our own format: stored as is, it would let the client log in as "known".
        String planted = Argon2id.owasp().hash("known");

        String id = scim.create("/Users", userWith(uniqueName("plant"), planted)).id();

        assertThat(stored(id)).isNotEqualTo(planted).startsWith(OWASP_PREFIX);
        assertThat(Argon2id.owasp().verify(planted, stored(id))).isTrue();
    }

    @Test
    void noReadFilterOrSortRevealsTheHash() {
        String id = scim.create("/Users", userWith(uniqueName("hidden"), SECRET)).id();

        for (String read : new String[] {"/Users/" + id, "/Users/" + id + "?attributes=password",
                "/Users/" + id + "?attributes=password,userName", "/Users?attributes=password",
                "/Users?filter=id%20eq%20%22" + id + "%22&attributes=password"}) {
            Exchange res = scim.get(read);
            assertThat(res.status()).as(read).isEqualTo(200);
            assertThat(res.body()).as(read).doesNotContain(SECRET, "$argon2id$", "\"password\"");
        }
        Exchange searched = scim.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "attributes": ["password"]}""");
        assertThat(searched.status()).isEqualTo(200);
        assertThat(searched.body()).doesNotContain(SECRET, "$argon2id$", "\"password\"");

        for (String filter : new String[] {"password%20eq%20%22x%22", "password%20pr", "password%20sw%20%22%24argon2id%22"}) {
            scim.get("/Users?filter=" + filter).assertError(400, "invalidFilter");
        }
        scim.get("/Users?sortBy=password").assertError(400, "invalidValue");
    }
}
