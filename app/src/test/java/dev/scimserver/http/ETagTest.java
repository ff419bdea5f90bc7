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

import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions as ETags (RFC 7644 §3.14): the header on every single-resource response, conditional
 * GET with If-None-Match, and If-Match guarding PUT and DELETE. Tags compare weakly, so a client
 * that drops the {@code W/} still matches.
 */
@ServerTest
class ETagTest {
    private static final String OTHER_VERSION = "W/\"0000000000000000\"";

    private final ScimClient scim;

    ETagTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void everySingleResourceResponseCarriesTheVersion(String prefix) {
        String userName = uniqueName("etag");
        Exchange created = scim.create(prefix + "/Users", user(userName));
        assertThat(created.header("ETag")).matches("W/\"[^\"]+\"").isEqualTo(version(created));

        Exchange read = scim.get(prefix + "/Users/" + created.id());
        assertThat(read.header("ETag")).isEqualTo(version(read)).isEqualTo(version(created));

        Exchange replaced = scim.put(prefix + "/Users/" + created.id(), user(userName));
        assertThat(replaced.header("ETag")).isEqualTo(version(replaced)).isNotEqualTo(version(created));

        Exchange group = scim.create(prefix + "/Groups", ScimClient.group("Versioned"));
        assertThat(group.header("ETag")).isEqualTo(version(group));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void ifNoneMatchWithTheCurrentVersionIsNotModified(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("fresh")));
        String etag = created.header("ETag");

        for (String tag : new String[] {etag, strong(etag), OTHER_VERSION + ", " + etag, "*"}) {
            Exchange res = scim.get(prefix + "/Users/" + created.id(), "If-None-Match", tag);

            assertThat(res.status()).as("If-None-Match: %s", tag).isEqualTo(304);
            assertThat(res.body()).isEmpty();
            assertThat(res.header("ETag")).isEqualTo(etag);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void ifNoneMatchWithAnotherVersionReturnsTheResource(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("stale")));

        Exchange res = scim.get(prefix + "/Users/" + created.id(), "If-None-Match", OTHER_VERSION);

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json()).isEqualTo(created.json());
        assertThat(res.header("ETag")).isEqualTo(created.header("ETag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void putWithAStaleIfMatchIsPreconditionFailedAndChangesNothing(String prefix) {
        String userName = uniqueName("guarded");
        Exchange created = scim.create(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Before"}
                """.formatted(USER, userName));

        Exchange res = scim.put(prefix + "/Users/" + created.id(), """
                {"schemas": ["%s"], "userName": "%s", "displayName": "After"}
                """.formatted(USER, userName), "If-Match", OTHER_VERSION);

        String detail = res.assertError(412, null);
        assertThat(detail).contains(OTHER_VERSION);
        Exchange after = scim.get(prefix + "/Users/" + created.id());
        assertThat(after.json()).isEqualTo(created.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deleteWithAStaleIfMatchIsPreconditionFailedAndKeepsTheResource(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("undeleted")));

        Exchange res = scim.delete(prefix + "/Users/" + created.id(), "If-Match", OTHER_VERSION);

        res.assertError(412, null);
        assertThat(scim.get(prefix + "/Users/" + created.id()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aVersionGoesStaleWhenTheResourceChanges(String prefix) {
        String userName = uniqueName("lost-update");
        Exchange created = scim.create(prefix + "/Users", user(userName));
        String read = created.header("ETag");
        assertThat(scim.put(prefix + "/Users/" + created.id(), user(userName), "If-Match", read).status()).isEqualTo(200);

        Exchange second = scim.put(prefix + "/Users/" + created.id(), user(userName), "If-Match", read);

        second.assertError(412, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void ifMatchAcceptsTheWeakAndTheStrongFormAndAStar(String prefix) {
        String userName = uniqueName("matching");
        Exchange created = scim.create(prefix + "/Users", user(userName));
        String id = created.id();

        Exchange weak = scim.put(prefix + "/Users/" + id, user(userName), "If-Match", created.header("ETag"));
        assertThat(weak.status()).as(weak.body()).isEqualTo(200);

        Exchange strong = scim.put(prefix + "/Users/" + id, user(userName), "If-Match", strong(weak.header("ETag")));
        assertThat(strong.status()).as(strong.body()).isEqualTo(200);

        Exchange listed = scim.put(prefix + "/Users/" + id, user(userName), "If-Match",
                OTHER_VERSION + ", " + strong.header("ETag"));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);

        Exchange star = scim.put(prefix + "/Users/" + id, user(userName), "If-Match", "*");
        assertThat(star.status()).as(star.body()).isEqualTo(200);

        Exchange deleted = scim.delete(prefix + "/Users/" + id, "If-Match", strong(star.header("ETag")));
        assertThat(deleted.status()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deleteWithIfMatchStarDeletes(String prefix) {
        Exchange created = scim.create(prefix + "/Users", user(uniqueName("star")));

        assertThat(scim.delete(prefix + "/Users/" + created.id(), "If-Match", "*").status()).isEqualTo(204);
        scim.get(prefix + "/Users/" + created.id()).assertError(404, null);
    }

    private static String version(Exchange res) {
        return res.json().getJsonObject("meta").getString("version");
    }

    /** The same tag without the weakness indicator. */
    private static String strong(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
