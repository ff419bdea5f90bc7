package dev.scimserver.http.compat;

import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.group;
import static dev.scimserver.http.ScimClient.memberIds;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden request/response tests for the "Others" of IDP-QUIRKS.md: Google and PingFederate's
 * {@code application/json}, Google's SCIM 1.0 schema URN, SailPoint's partial replace of
 * {@code name}, idempotent membership, and {@code primary} / app roles as strings (Entra ID).
 */
@ServerTest
class OtherClientsQuirksTest {
    private static final String SCIM_1_CORE = "urn:scim:schemas:core:1.0";

    private final ScimClient lenient;
    private final ScimClient strict;

    OtherClientsQuirksTest(Http1Client lenient, @Socket(CompatServers.STRICT) Http1Client strict) {
        this.lenient = new ScimClient(lenient);
        this.strict = new ScimClient(strict);
    }

    @SetUpRoute
    static void lenientRoute(HttpRouting.Builder routing) {
        CompatServers.lenient(routing);
    }

    @SetUpRoute(CompatServers.STRICT)
    static void strictRoute(HttpRouting.Builder routing) {
        CompatServers.strict(routing);
    }

    // ---- Google and PingFederate: Content-Type: application/json

    private static void assertPlainJsonAccepted(ScimClient scim, String contentType) {
        String userName = uniqueName("plain-json");
        Exchange created = scim.post("/Users", user(userName), "Content-Type", contentType).assertStatus(201);
        assertThat(created.header("Content-Type")).startsWith(SCIM_JSON);
        String id = created.id();

        Exchange patched = scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"displayName","value":"Plain"}"""), "Content-Type", contentType).assertStatus(200);
        assertThat(patched.header("Content-Type")).startsWith(SCIM_JSON);

        Exchange replaced = scim.put("/Users/" + id, """
                {"schemas":["%s"],"userName":"%s","title":"Plain"}""".formatted(USER, userName),
                "Content-Type", contentType).assertStatus(200);
        assertThat(replaced.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject user = scim.read("/Users/" + id);
        assertThat(user.getString("title")).isEqualTo("Plain");
        assertThat(user.containsKey("displayName")).isFalse();

        Exchange group = scim.post("/Groups", group(uniqueName("plain-json"), id), "Content-Type", contentType)
                .assertStatus(201);
        assertThat(group.header("Content-Type")).startsWith(SCIM_JSON);

        Exchange searched = scim.post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \\"%s\\""}
                """.formatted(userName), "Content-Type", contentType).assertStatus(200);
        assertThat(searched.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(searched.resources()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"})
    void plainJsonIsAcceptedAndAnsweredAsScimJson(String contentType) {
        assertPlainJsonAccepted(lenient, contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8"})
    void strictAgreesOnPlainJson(String contentType) {
        // RFC 7644 §3.8 lets a server take application/json; strict mode does, and answers application/scim+json.
        assertPlainJsonAccepted(strict, contentType);
    }

    // ---- Google: the SCIM 1.0 core schema URN in "schemas"

    private static final String GOOGLE_SCHEMAS = "[\"" + SCIM_1_CORE + "\",\"" + USER + "\"]";

    @Test
    void scim1SchemaUrnIsIgnored() {
        String userName = uniqueName("google");
        Exchange created = lenient.post("/Users", """
                {"schemas":%s,"userName":"%s","name":{"givenName":"Gee","familyName":"Mail"}}
                """.formatted(GOOGLE_SCHEMAS, userName)).assertStatus(201);

        JsonObject user = lenient.read("/Users/" + created.id());
        assertThat(strings(user, "schemas")).containsExactly(USER);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Gee");

        lenient.put("/Users/" + created.id(), """
                {"schemas":%s,"userName":"%s","name":{"givenName":"Gee","familyName":"Suite"}}
                """.formatted(GOOGLE_SCHEMAS, userName)).assertStatus(200);
        JsonObject replaced = lenient.read("/Users/" + created.id());
        assertThat(strings(replaced, "schemas")).containsExactly(USER);
        assertThat(replaced.getJsonObject("name").getString("familyName")).isEqualTo("Suite");
    }

    @Test
    void strictRefusesAForeignSchemaUrn() {
        String userName = uniqueName("google-strict");
        String detail = strict.post("/Users", """
                {"schemas":%s,"userName":"%s"}""".formatted(GOOGLE_SCHEMAS, userName)).assertError(400, "invalidValue");
        assertThat(detail).contains(SCIM_1_CORE);
        assertThat(strict.get("/Users?filter=userName%20eq%20%22" + userName + "%22").json().getInt("totalResults")).isZero();

        String id = strict.create("/Users", user(userName)).id();
        strict.put("/Users/" + id, """
                {"schemas":%s,"userName":"%s","title":"x"}""".formatted(GOOGLE_SCHEMAS, userName)).assertError(400, "invalidValue");
        assertThat(strict.read("/Users/" + id).containsKey("title")).isFalse();
    }

    // ---- SailPoint: replace on the complex name with only some sub-attributes merges

    private static void assertNameMerge(ScimClient scim) {
        String id = scim.create("/Users", """
                {"schemas":["%s"],"userName":"%s",
                 "name":{"givenName":"Sail","middleName":"P","familyName":"Point","formatted":"Sail P Point"}}
                """.formatted(USER, uniqueName("sailpoint"))).id();

        scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"name","value":{"givenName":"Sally"}}""")).assertStatus(200);
        JsonObject name = scim.read("/Users/" + id).getJsonObject("name");
        assertThat(name.getString("givenName")).isEqualTo("Sally");
        assertThat(name.getString("middleName")).isEqualTo("P");
        assertThat(name.getString("familyName")).isEqualTo("Point");
        assertThat(name.getString("formatted")).isEqualTo("Sail P Point");

        scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":{"name":{"familyName":"Pointer","formatted":"Sally P Pointer"}}}""")).assertStatus(200);
        JsonObject after = scim.read("/Users/" + id).getJsonObject("name");
        assertThat(after.getString("givenName")).isEqualTo("Sally");
        assertThat(after.getString("middleName")).isEqualTo("P");
        assertThat(after.getString("familyName")).isEqualTo("Pointer");
        assertThat(after.getString("formatted")).isEqualTo("Sally P Pointer");
    }

    @Test
    void partialReplaceOfNameMerges() {
        assertNameMerge(lenient);
    }

    @Test
    void strictAgreesOnPartialReplaceOfName() {
        // RFC 7644 §3.5.2.3: sub-attributes "not specified in the value parameter are left unchanged".
        assertNameMerge(strict);
    }

    // ---- Idempotent membership

    @Test
    void membershipChangesAreIdempotent() {
        String u1 = lenient.newUser("idempotent");
        String u2 = lenient.newUser("idempotent");
        String absent = lenient.newUser("idempotent");
        String g = lenient.create("/Groups", group(uniqueName("idempotent"), u1, u2)).id();
        String version = lenient.read("/Groups/" + g).getJsonObject("meta").getString("version");

        // Entra ID's shapes: an add of a member already there, a remove-by-value of one that is not.
        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"Add","path":"members","value":[{"value":"%s"}]}""".formatted(u1))).assertStatus(200);
        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(absent))).assertStatus(200);
        // Okta's and the RFC's: an add, and a remove by filter.
        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(u2, u1))).assertStatus(200);
        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(absent))).assertStatus(200);

        JsonObject after = lenient.read("/Groups/" + g);
        assertThat(memberIds(after)).containsExactly(u1, u2);
        assertThat(after.getJsonObject("meta").getString("version")).as("nothing changed").isEqualTo(version);

        // One member listed twice in one add is added once.
        String u3 = lenient.newUser("idempotent");
        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(u3, u3))).assertStatus(200);
        assertThat(memberIds(lenient.read("/Groups/" + g))).containsExactly(u1, u2, u3);

        // Removing from a group that has no members at all is no error either.
        String empty = lenient.create("/Groups", group(uniqueName("idempotent-empty"))).id();
        lenient.patch("/Groups/" + empty, patchOp("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(u1))).assertStatus(200);
        lenient.patch("/Groups/" + empty, patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u1))).assertStatus(200);
        assertThat(memberIds(lenient.read("/Groups/" + empty))).isEmpty();
    }

    @Test
    void strictAgreesOnIdempotentMembership() {
        // RFC 7644 §3.5.2.1: adding a value already there changes nothing; a remove filter that
        // matches nothing is not an error. Only the remove-by-value shape differs (see EntraIdQuirksTest).
        String u1 = strict.newUser("idempotent-strict");
        String absent = strict.newUser("idempotent-strict");
        String g = strict.create("/Groups", group(uniqueName("idempotent-strict"), u1)).id();
        String version = strict.read("/Groups/" + g).getJsonObject("meta").getString("version");

        strict.patch("/Groups/" + g, patchOp("""
                {"op":"add","path":"members","value":[{"value":"%s"}]}""".formatted(u1))).assertStatus(200);
        strict.patch("/Groups/" + g, patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(absent))).assertStatus(200);

        JsonObject after = strict.read("/Groups/" + g);
        assertThat(memberIds(after)).containsExactly(u1);
        assertThat(after.getJsonObject("meta").getString("version")).isEqualTo(version);
    }

    // ---- primary as the string "true"; app roles as strings

    @Test
    void primaryAsStringIsABoolean() {
        Exchange created = lenient.post("/Users", """
                {"schemas":["%s"],"userName":"%s",
                 "emails":[{"value":"work@example.com","type":"work","primary":"true"}]}
                """.formatted(USER, uniqueName("primary-string"))).assertStatus(201);
        String id = created.id();
        assertThat(lenient.read("/Users/" + id).getJsonArray("emails").getJsonObject(0).get("primary"))
                .isEqualTo(JsonValue.TRUE);

        // A new primary email, primary as "True": it becomes the one primary (RFC 7643 §2.4).
        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Add","path":"emails","value":[{"value":"home@example.com","type":"home","primary":"True"}]}"""))
                .assertStatus(200);
        List<JsonObject> emails = lenient.read("/Users/" + id).getJsonArray("emails").getValuesAs(JsonObject.class);
        assertThat(emails).hasSize(2);
        assertThat(emails.get(0).get("primary")).isEqualTo(JsonValue.FALSE);
        assertThat(emails.get(1).getString("value")).isEqualTo("home@example.com");
        assertThat(emails.get(1).get("primary")).isEqualTo(JsonValue.TRUE);
    }

    private static final String APP_ROLE_JSON = "{\\\"id\\\":\\\"827f0d2e-be15-4d8f-a8e3-f8697239c112\\\","
            + "\\\"value\\\":\\\"DocumentMgmt-Admin\\\",\\\"displayName\\\":\\\"DocumentMgmt Admin\\\"}";

    @Test
    void appRolesWithStringPrimaryAndJsonStringValues() {
        String id = lenient.newUser("app-roles");

        // SingleAppRoleAssignment: one primary role, primary as a string, addressed by a filter on it.
        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Add","path":"roles[primary eq \\"True\\"].value","value":"Admin"}""")).assertStatus(200);
        List<JsonObject> roles = lenient.read("/Users/" + id).getJsonArray("roles").getValuesAs(JsonObject.class);
        assertThat(roles).hasSize(1);
        assertThat(roles.getFirst().getString("value")).isEqualTo("Admin");
        assertThat(roles.getFirst().get("primary")).isEqualTo(JsonValue.TRUE);

        // AppRoleAssignmentsComplex: each role's value is a JSON document in a string. roles.value is a
        // string, so it is kept as sent, byte for byte; the primary given as "False" is a boolean.
        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Add","path":"roles","value":[
                 {"primary":"False","type":"WindowsAzureActiveDirectoryRole","value":"%s"}]}""".formatted(APP_ROLE_JSON)))
                .assertStatus(200);
        List<JsonObject> after = lenient.read("/Users/" + id).getJsonArray("roles").getValuesAs(JsonObject.class);
        assertThat(after).hasSize(2);
        assertThat(after.get(0).getString("value")).isEqualTo("Admin");
        assertThat(after.get(0).get("primary")).isEqualTo(JsonValue.TRUE);
        assertThat(after.get(1).getString("value")).isEqualTo(
                "{\"id\":\"827f0d2e-be15-4d8f-a8e3-f8697239c112\",\"value\":\"DocumentMgmt-Admin\",\"displayName\":\"DocumentMgmt Admin\"}");
        assertThat(after.get(1).get("primary")).isEqualTo(JsonValue.FALSE);
        assertThat(after.get(1).getString("type")).isEqualTo("WindowsAzureActiveDirectoryRole");
    }

    @Test
    void strictRefusesPrimaryAsString() {
        strict.post("/Users", """
                {"schemas":["%s"],"userName":"%s",
                 "emails":[{"value":"work@example.com","type":"work","primary":"true"}]}
                """.formatted(USER, uniqueName("primary-strict"))).assertError(400, "invalidValue");

        String id = strict.newUser("primary-strict");
        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","path":"roles","value":[{"primary":"True","value":"Admin"}]}""")).assertError(400, "invalidValue");
        // The filter's "True" compares fine with a boolean, but there is no primary role yet to target.
        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","path":"roles[primary eq \\"True\\"].value","value":"Admin"}""")).assertError(400, "noTarget");
        assertThat(strict.read("/Users/" + id).containsKey("roles")).isFalse();

        // A role whose value is a JSON document in a string is a string: both modes keep it.
        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","path":"roles","value":[{"primary":true,"value":"%s"}]}""".formatted(APP_ROLE_JSON)))
                .assertStatus(200);
        JsonObject role = strict.read("/Users/" + id).getJsonArray("roles").getJsonObject(0);
        assertThat(role.getString("value")).startsWith("{\"id\":\"827f0d2e");
        assertThat(role.get("primary")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void groupMembersOfAnUnknownIdAreRefusedInBothModes() {
        // Idempotence is not leniency about ids: a member that does not exist is an error either way.
        for (ScimClient scim : List.of(lenient, strict)) {
            String g = scim.create("/Groups", group(uniqueName("unknown-member"))).id();
            scim.patch("/Groups/" + g, patchOp("""
                    {"op":"add","path":"members","value":[{"value":"%s"}]}""".formatted(java.util.UUID.randomUUID())))
                    .assertError(400, "invalidValue");
            assertThat(memberIds(scim.read("/Groups/" + g))).isEmpty();
            scim.put("/Groups/" + g, """
                    {"schemas":["%s"],"displayName":"x","members":[{"value":"no-such-id"}]}""".formatted(GROUP))
                    .assertError(400, "invalidValue");
        }
    }
}
