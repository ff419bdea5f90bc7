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
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH over HTTP (RFC 7644 §3.5.2): the response (200 with the resource, its ETag and the
 * requested projection; or 204 when so configured), If-Match, all-or-nothing application, and
 * every malformed request answered 4xx with the right scimType, never 500. The semantics of each
 * operation are covered in {@code core.PatchTest}; here is what HTTP adds.
 */
@ServerTest
class PatchHttpTest {
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String OTHER_VERSION = "W/\"0000000000000000\"";

    private final ScimClient scim;
    private final ScimClient noContent;
    private final ScimClient strict;

    PatchHttpTest(Http1Client client, @Socket("noContent") Http1Client noContentClient,
                  @Socket("strict") Http1Client strictClient) {
        this.scim = new ScimClient(client);
        this.noContent = new ScimClient(noContentClient);
        this.strict = new ScimClient(strictClient);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        configure(routing, ServerSettings.defaults(), false);
    }

    /** The same server answering a successful PATCH with 204 and no body. */
    @SetUpRoute("noContent")
    static void noContentRouting(HttpRouting.Builder routing) {
        configure(routing, ServerSettings.defaults().withPatchNoContent(true), false);
    }

    /** The same server with {@code strict} on. */
    @SetUpRoute("strict")
    static void strictRouting(HttpRouting.Builder routing) {
        configure(routing, ServerSettings.defaults().withStrict(true), true);
    }

    private static void configure(HttpRouting.Builder routing, ServerSettings settings, boolean strict) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, settings, registry,
                new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, strict));
    }

    static String patchOp(String operations) {
        return "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": " + operations + "}";
    }

    private static String version(Exchange res) {
        return res.json().getJsonObject("meta").getString("version");
    }

    private Exchange createUser(ScimClient on, String prefix) {
        return on.create(prefix + "/Users", """
                {"schemas": ["%s", "%s"], "userName": "%s", "displayName": "Babs", "title": "Guide",
                 "name": {"givenName": "Barbara", "familyName": "Jensen"},
                 "emails": [{"value": "b@work.example", "type": "work", "primary": true}],
                 "%s": {"employeeNumber": "1"}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("patch"), ENTERPRISE_USER));
    }

    // ---- success

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aPatchAnswers200WithTheResourceAndItsNewETag(String prefix) {
        Exchange created = createUser(scim, prefix);
        String location = prefix + "/Users/" + created.id();

        Exchange res = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "displayName", "value": "Barbara"},
                 {"op": "add", "path": "nickName", "value": "B"},
                 {"op": "remove", "path": "title"}]"""));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject body = res.json();
        assertThat(body.getString("displayName")).isEqualTo("Barbara");
        assertThat(body.getString("nickName")).isEqualTo("B");
        assertThat(body).doesNotContainKey("title");
        assertThat(body.getString("id")).isEqualTo(created.id());
        assertThat(body.getJsonObject("meta").getString("location")).endsWith(location);
        assertThat(body.getJsonObject("meta").getString("created"))
                .isEqualTo(created.json().getJsonObject("meta").getString("created"));
        assertThat(res.header("ETag")).isEqualTo(version(res)).isNotEqualTo(created.header("ETag"));

        Exchange read = scim.get(location);
        assertThat(read.json()).isEqualTo(body);
        assertThat(read.header("ETag")).isEqualTo(res.header("ETag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void theResponseHonoursAttributesAndExcludedAttributes(String prefix) {
        Exchange created = createUser(scim, prefix);
        String location = prefix + "/Users/" + created.id();

        Exchange some = scim.patch(location + "?attributes=displayName,name.givenName", patchOp("""
                [{"op": "replace", "path": "displayName", "value": "Projected"}]"""));

        assertThat(some.status()).as(some.body()).isEqualTo(200);
        assertThat(some.json().keySet()).containsExactlyInAnyOrder("schemas", "id", "displayName", "name");
        assertThat(some.json().getJsonObject("name").keySet()).containsExactly("givenName");
        assertThat(some.json().getString("displayName")).isEqualTo("Projected");
        assertThat(some.header("ETag")).isEqualTo(scim.get(location).header("ETag"));

        Exchange without = scim.patch(location + "?excludedAttributes=emails," + ENTERPRISE_USER, patchOp("""
                [{"op": "replace", "path": "title", "value": "Lead"}]"""));

        assertThat(without.status()).as(without.body()).isEqualTo(200);
        assertThat(without.json()).doesNotContainKeys("emails", ENTERPRISE_USER);
        assertThat(without.json().getString("title")).isEqualTo("Lead");
        assertThat(without.json().getString("userName")).isEqualTo(created.json().getString("userName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void withPatchNoContentASuccessIs204WithTheETagAndNoBody(String prefix) {
        Exchange created = createUser(noContent, prefix);
        String location = prefix + "/Users/" + created.id();

        Exchange res = noContent.patch(location, patchOp("""
                [{"op": "replace", "path": "displayName", "value": "Quiet"}]"""));

        assertThat(res.status()).isEqualTo(204);
        assertThat(res.body()).isEmpty();
        Exchange read = noContent.get(location);
        assertThat(read.json().getString("displayName")).isEqualTo("Quiet");
        assertThat(res.header("ETag")).isEqualTo(read.header("ETag")).isNotEqualTo(created.header("ETag"));

        // Errors still carry their body.
        noContent.patch(location, patchOp("""
                [{"op": "frob", "path": "displayName", "value": "x"}]""")).assertError(400, "invalidSyntax");
    }

    @Test
    void aPatchThatChangesNothingKeepsTheETag() {
        Exchange created = createUser(scim, "");
        String location = "/Users/" + created.id();

        Exchange res = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "displayName", "value": "Babs"},
                 {"op": "add", "path": "emails", "value": [{"value": "B@WORK.example", "type": "work"}]},
                 {"op": "remove", "path": "phoneNumbers"}]"""));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.header("ETag")).isEqualTo(created.header("ETag"));
        assertThat(res.json()).isEqualTo(created.json());
    }

    @Test
    void aReplacedPasswordIsNeverReturned() {
        Exchange created = createUser(scim, "");

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "replace", "path": "password", "value": "n3w-Secret"}]"""));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json()).doesNotContainKey("password");
        assertThat(res.body()).doesNotContain("n3w-Secret");
        assertThat(res.header("ETag")).isNotEqualTo(created.header("ETag"));
    }

    @Test
    void applicationJsonIsAcceptedAndTheAnswerIsScimJson() {
        Exchange created = createUser(scim, "");

        for (String type : new String[] {"application/json", "application/scim+json; charset=utf-8", "application/json;charset=UTF-8"}) {
            Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                    [{"op": "replace", "path": "title", "value": "%s"}]""".formatted(type)), "Content-Type", type);

            assertThat(res.status()).as(type + " → " + res.body()).isEqualTo(200);
            assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
            assertThat(res.json().getString("title")).isEqualTo(type);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void deactivatingWithAPathlessReplaceKeepsTheUserFindable(String prefix) {
        Exchange created = createUser(scim, prefix);

        Exchange res = scim.patch(prefix + "/Users/" + created.id(), patchOp("""
                [{"op": "replace", "value": {"active": false}}]"""));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().getBoolean("active")).isFalse();
        Exchange found = scim.get(prefix + "/Users?filter=" + SearchFixtures.encode(
                "userName eq \"" + created.json().getString("userName") + "\" and active eq false"));
        assertThat(found.resources()).extracting(r -> r.getString("id")).containsExactly(created.id());
    }

    // ---- If-Match and atomicity

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void ifMatchGuardsAPatch(String prefix) {
        Exchange created = createUser(scim, prefix);
        String location = prefix + "/Users/" + created.id();
        String etag = created.header("ETag");

        Exchange stale = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "title", "value": "Stale"}]"""), "If-Match", OTHER_VERSION);
        stale.assertError(412, null);
        assertThat(scim.get(location).header("ETag")).isEqualTo(etag);

        Exchange current = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "title", "value": "Current"}]"""), "If-Match", etag);
        assertThat(current.status()).as(current.body()).isEqualTo(200);

        // The version it matched is gone now.
        scim.patch(location, patchOp("""
                [{"op": "replace", "path": "title", "value": "Again"}]"""), "If-Match", etag).assertError(412, null);

        Exchange star = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "title", "value": "Any"}]"""), "If-Match", "*");
        assertThat(star.status()).as(star.body()).isEqualTo(200);
        assertThat(scim.get(location).json().getString("title")).isEqualTo("Any");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aRequestWhoseSecondOperationFailsChangesNothing(String prefix) {
        Exchange created = createUser(scim, prefix);
        String location = prefix + "/Users/" + created.id();
        Exchange before = scim.get(location);

        Exchange res = scim.patch(location, patchOp("""
                [{"op": "replace", "path": "displayName", "value": "Half"},
                 {"op": "replace", "path": "active", "value": 5}]"""));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("active");
        Exchange after = scim.get(location);
        assertThat(after.json()).isEqualTo(before.json());
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
    }

    // ---- refusals

    @Test
    void renamingOntoAnotherUserNameIsAConflict() {
        Exchange taken = createUser(scim, "");
        Exchange created = createUser(scim, "");

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "replace", "path": "userName", "value": "%s"}]""".formatted(taken.json().getString("userName").toUpperCase())));

        String detail = res.assertError(409, "uniqueness");
        assertThat(detail).contains("userName");
        assertThat(scim.get("/Users/" + created.id()).json()).isEqualTo(created.json());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            replace | id
            replace | meta.version
            add     | groups
            """)
    void aReadOnlyTargetIsMutability(String op, String path) {
        Exchange created = createUser(scim, "");

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "%s", "path": "%s", "value": [{"value": "x"}]}]""".formatted(op, path)));

        String detail = res.assertError(400, "mutability");
        assertThat(detail).contains(path);
    }

    @Test
    void removingUserNameIsInvalidValue() {
        Exchange created = createUser(scim, "");

        String detail = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "remove", "path": "userName"}]""")).assertError(400, "invalidValue");

        assertThat(detail).contains("userName");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON                  | {"schemas": [                                                                                | invalidSyntax
            trailing garbage          | {"Operations": []} extra                                                                    | invalidSyntax
            a JSON array              | [{"op": "add", "path": "title", "value": "x"}]                                             | invalidSyntax
            no Operations             | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}                              | invalidSyntax
            empty Operations          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}            | invalidSyntax
            Operations not an array   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": "add"}         | invalidSyntax
            an operation not object   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [[]]}          | invalidSyntax
            op missing                | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"path": "title", "value": "x"}]} | invalidSyntax
            op unknown                | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "frob", "path": "title", "value": "x"}]} | invalidSyntax
            op null                   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": null, "path": "title", "value": "x"}]} | invalidSyntax
            bad path syntax           | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "emails[type eq \\"work\\"", "value": "x"}]} | invalidPath
            path of two dots          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "name..givenName", "value": "x"}]} | invalidPath
            unknown attribute         | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "shoeSize", "value": 42}]} | invalidPath
            unknown sub-attribute     | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "name.nickname", "value": "x"}]} | invalidPath
            unknown filter attribute  | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "emails[label eq \\"x\\"]"}]} | invalidPath
            unknown extension         | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "urn:example:Nope:thing"}]} | invalidPath
            value missing for add     | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "title"}]} | invalidValue
            value missing for replace | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title"}]} | invalidValue
            pathless value not object | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "value": "x"}]} | invalidValue
            remove without path       | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove"}]} | noTarget
            replace matching nothing  | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "emails[type eq \\"fax\\"]", "value": {"value": "x"}}]} | noTarget
            wrong value type          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "emails", "value": 5}]} | invalidValue
            """)
    void aBadRequestIs400WithTheRightScimTypeAndChangesNothing(String what, String body, String scimType) {
        for (ScimClient server : new ScimClient[] {scim, strict}) {
            Exchange created = createUser(server, "");
            String location = "/Users/" + created.id();

            Exchange res = server.patch(location, body);

            res.assertError(400, scimType);
            Exchange after = server.get(location);
            assertThat(after.json()).isEqualTo(created.json());
            assertThat(after.header("ETag")).isEqualTo(created.header("ETag"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    void aBodyThatIsNotJsonByContentTypeIs415(String type) {
        Exchange created = createUser(scim, "");

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "replace", "path": "title", "value": "x"}]"""), "Content-Type", type);

        res.assertError(415, null);
        assertThat(scim.get("/Users/" + created.id()).json()).isEqualTo(created.json());
    }

    @Test
    void anEmptyBodyIsInvalidSyntax() {
        Exchange created = createUser(scim, "");

        scim.patch("/Users/" + created.id(), "").assertError(400, "invalidSyntax");
        scim.patch("/Users/" + created.id(), "   ").assertError(400, "invalidSyntax");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void anUnknownIdOrEndpointIs404(String prefix) {
        String body = patchOp("""
                [{"op": "replace", "path": "title", "value": "x"}]""");

        String detail = scim.patch(prefix + "/Users/no-such-user", body).assertError(404, null);
        assertThat(detail).contains("no-such-user");
        scim.patch(prefix + "/Groups/no-such-group", body).assertError(404, null);
        scim.patch(prefix + "/Widgets/1", body).assertError(404, null);
    }

    // ---- strict and lenient

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            capitalised op     | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "title", "value": "Lead"}]}                   | invalidSyntax
            no schemas         | {"Operations": [{"op": "replace", "path": "title", "value": "Lead"}]}                                                                                  | invalidSyntax
            a top-level id     | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "id": "x", "Operations": [{"op": "replace", "path": "title", "value": "Lead"}]}         | invalidSyntax
            an extra op key    | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "name": "t", "path": "title", "value": "Lead"}]}       | invalidSyntax
            a string boolean   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "Lead"}, {"op": "replace", "path": "active", "value": "False"}]} | invalidValue
            """)
    void whatIdentityProvidersSendIsRefusedWhenStrictAndAppliedByDefault(String what, String body, String scimType) {
        Exchange strictUser = createUser(strict, "");
        strict.patch("/Users/" + strictUser.id(), body).assertError(400, scimType);
        assertThat(strict.get("/Users/" + strictUser.id()).json()).isEqualTo(strictUser.json());

        Exchange lenientUser = createUser(scim, "");
        Exchange res = scim.patch("/Users/" + lenientUser.id(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().getString("title")).isEqualTo("Lead");
    }

    @Test
    void theExtensionCanBeRemovedAndSchemasFollow() {
        Exchange created = createUser(scim, "");
        assertThat(strings(created.json(), "schemas")).containsExactly(USER, ENTERPRISE_USER);

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "remove", "path": "%s"}]""".formatted(ENTERPRISE_USER)));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(strings(res.json(), "schemas")).containsExactly(USER);
        assertThat(res.json()).doesNotContainKey(ENTERPRISE_USER);
    }

    @Test
    void aUserWithoutAnythingToPatchStillGetsAnAnswerForEveryOperationKind() {
        // The smallest user: every op lands on an absent attribute and none may fail with 500.
        Exchange created = scim.create("/Users", user(uniqueName("bare")));

        Exchange res = scim.patch("/Users/" + created.id(), patchOp("""
                [{"op": "remove", "path": "name.givenName"},
                 {"op": "remove", "path": "emails[type eq \\"work\\"]"},
                 {"op": "remove", "path": "%s:manager"},
                 {"op": "add", "path": "name.givenName", "value": "G"},
                 {"op": "replace", "path": "%s:manager.value", "value": "m-1"},
                 {"op": "add", "path": "phoneNumbers", "value": {"value": "+1 555 0100"}}]""".formatted(ENTERPRISE_USER, ENTERPRISE_USER)));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonObject body = res.json();
        assertThat(body.getJsonObject("name")).isEqualTo(Json.createObjectBuilder().add("givenName", "G").build());
        assertThat(body.getJsonObject(ENTERPRISE_USER).getJsonObject("manager").getString("value")).isEqualTo("m-1");
        assertThat(body.getJsonArray("phoneNumbers")).hasSize(1);
    }
}
