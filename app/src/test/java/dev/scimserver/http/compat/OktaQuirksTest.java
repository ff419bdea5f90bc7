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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
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
 * Golden request/response tests for what Okta sends (IDP-QUIRKS.md, "Okta" items 1–5). Okta's
 * requests are mostly RFC-clean, so for most items strict mode agrees with the default; the
 * strict tests show that it does.
 */
@ServerTest
class OktaQuirksTest {
    private final ScimClient lenient;
    private final ScimClient strict;

    OktaQuirksTest(Http1Client lenient, @Socket(CompatServers.STRICT) Http1Client strict) {
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

    private static String byUserName(String userName) {
        return "/Users?filter=" + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8)
                + "&startIndex=1&count=100";
    }

    // ---- 1. User lookup with startIndex=1&count=100, case-insensitive on userName

    private static void assertLookup(ScimClient scim) {
        String userName = uniqueName("Okta.User") + "@Example.com";
        String id = scim.create("/Users", user(userName)).id();

        for (String asked : List.of(userName, userName.toLowerCase(Locale.ROOT), userName.toUpperCase(Locale.ROOT))) {
            JsonObject page = scim.get(byUserName(asked)).assertStatus(200).json();
            assertThat(strings(page, "schemas")).containsExactly(LIST_RESPONSE);
            assertThat(page.getInt("totalResults")).as(asked).isEqualTo(1);
            assertThat(page.getInt("startIndex")).isEqualTo(1);
            assertThat(page.getInt("itemsPerPage")).isEqualTo(1);
            JsonObject found = page.getJsonArray("Resources").getJsonObject(0);
            assertThat(found.getString("id")).isEqualTo(id);
            assertThat(found.getString("userName")).isEqualTo(userName);
        }

        JsonObject none = scim.get(byUserName("nobody-" + userName)).assertStatus(200).json();
        assertThat(none.getInt("totalResults")).isZero();
        assertThat(none.getInt("startIndex")).isEqualTo(1);
        assertThat(none.getInt("itemsPerPage")).isZero();
    }

    @Test
    void userLookupWithPagingIsCaseInsensitive() {
        assertLookup(lenient);
    }

    @Test
    void strictAgreesOnUserLookup() {
        // RFC 7643 §4.1.1: userName is caseExact false, so this is the RFC answer too.
        assertLookup(strict);
    }

    // ---- 2. Deactivate with a path-less replace; the user is still found

    private static void assertDeactivate(ScimClient scim) {
        String userName = uniqueName("okta-deactivate");
        String id = scim.create("/Users", """
                {"schemas":["%s"],"userName":"%s","active":true,"name":{"givenName":"Ann","familyName":"Lee"}}
                """.formatted(USER, userName)).id();

        Exchange res = scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":{"active":false}}"""));

        res.assertStatus(200);
        assertThat(res.json().get("active")).isEqualTo(JsonValue.FALSE);
        List<JsonObject> found = scim.get(byUserName(userName)).assertStatus(200).resources();
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().getString("id")).isEqualTo(id);
        assertThat(found.getFirst().get("active")).isEqualTo(JsonValue.FALSE);
        JsonObject user = scim.read("/Users/" + id);
        assertThat(user.get("active")).isEqualTo(JsonValue.FALSE);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Ann");

        scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":{"active":true}}""")).assertStatus(200);
        assertThat(scim.read("/Users/" + id).get("active")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void deactivateWithPathlessReplaceKeepsTheUser() {
        assertDeactivate(lenient);
    }

    @Test
    void strictAgreesOnDeactivate() {
        // A path-less replace with a JSON boolean is RFC 7644 §3.5.2.3 as written.
        assertDeactivate(strict);
    }

    // ---- 3. PUT with the full user, including id, meta, groups: [] and password

    private static void assertFullPut(ScimClient scim) {
        String userName = uniqueName("okta-put") + "@example.com";
        Exchange created = scim.create("/Users", """
                {"schemas":["%s"],"userName":"%s","password":"Old-secret-1","active":true,
                 "name":{"givenName":"Ann","familyName":"Lee"}}
                """.formatted(USER, userName));
        String id = created.id();
        JsonObject createdMeta = created.json().getJsonObject("meta");
        String g = scim.create("/Groups", group(uniqueName("okta-put-group"), id)).id();

        Exchange res = scim.put("/Users/" + id, """
                {"schemas":["%s"],"id":"%s","userName":"%s","externalId":"00u1abcd",
                 "name":{"givenName":"Annie","familyName":"Lee"},"displayName":"Annie Lee","locale":"en-US",
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "password":"New-secret-2","active":true,"groups":[],
                 "meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z",
                         "version":"W/\\"okta\\"","location":"https://okta.invalid/Users/%s"}}
                """.formatted(USER, id, userName, userName, id));

        res.assertStatus(200);
        JsonObject user = scim.read("/Users/" + id);
        assertThat(res.json()).isEqualTo(user);
        assertThat(user.getString("id")).isEqualTo(id);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Annie");
        assertThat(user.getString("displayName")).isEqualTo("Annie Lee");
        assertThat(user.getString("externalId")).isEqualTo("00u1abcd");
        assertThat(user.getJsonArray("emails").getJsonObject(0).getString("value")).isEqualTo(userName);
        assertThat(user.containsKey("password")).isFalse();
        JsonObject meta = user.getJsonObject("meta");
        assertThat(meta.getString("created")).isEqualTo(createdMeta.getString("created"));
        assertThat(meta.getString("version")).isNotEqualTo("W/\"okta\"");
        assertThat(meta.getString("location")).doesNotContain("okta.invalid").endsWith("/Users/" + id);
        // groups is read-only: the empty list sent does not take the user out of its group.
        assertThat(user.getJsonArray("groups")).hasSize(1);
        assertThat(user.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(g);
        assertThat(memberIds(scim.read("/Groups/" + g))).containsExactly(id);
    }

    @Test
    void putWithTheFullUserIgnoresReadOnlyAttributes() {
        assertFullPut(lenient);
    }

    @Test
    void strictAgreesOnPutWithReadOnlyAttributes() {
        // RFC 7644 §3.5.1: readOnly values in a PUT "SHALL be ignored", so strict mode answers the same.
        assertFullPut(strict);
    }

    // ---- 4. Group membership via PUT with the full list, and via PATCH

    private static void assertMembershipByPut(ScimClient scim) {
        String u1 = scim.newUser("okta-member");
        String u2 = scim.newUser("okta-member");
        String u3 = scim.newUser("okta-member");
        String displayName = uniqueName("Okta Group");
        String g = scim.create("/Groups", group(displayName, u1, u2)).id();

        scim.put("/Groups/" + g, """
                {"schemas":["%s"],"id":"%s","displayName":"%s",
                 "members":[{"value":"%s","display":"two"},{"value":"%s","display":"three"}]}
                """.formatted(GROUP, g, displayName, u2, u3)).assertStatus(200);

        assertThat(memberIds(scim.read("/Groups/" + g))).containsExactly(u2, u3);
        assertThat(scim.read("/Users/" + u1).containsKey("groups")).isFalse();
        assertThat(scim.read("/Users/" + u3).getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(g);

        scim.put("/Groups/" + g, """
                {"schemas":["%s"],"id":"%s","displayName":"%s","members":[]}
                """.formatted(GROUP, g, displayName)).assertStatus(200);
        assertThat(memberIds(scim.read("/Groups/" + g))).isEmpty();
        assertThat(scim.read("/Groups/" + g).getString("displayName")).isEqualTo(displayName);
    }

    @Test
    void groupMembershipByPutWithTheFullList() {
        assertMembershipByPut(lenient);
    }

    @Test
    void strictAgreesOnGroupMembershipByPut() {
        assertMembershipByPut(strict);
    }

    private static void assertMembershipByPatch(ScimClient scim) {
        String u1 = scim.newUser("okta-patch-member");
        String u2 = scim.newUser("okta-patch-member");
        String g = scim.create("/Groups", group(uniqueName("Okta Patch Group"), u1)).id();

        scim.patch("/Groups/" + g, patchOp("""
                {"op":"add","path":"members","value":[{"value":"%s","display":"two@example.com"}]}""".formatted(u2)))
                .assertStatus(200);
        assertThat(memberIds(scim.read("/Groups/" + g))).containsExactly(u1, u2);

        scim.patch("/Groups/" + g, patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u1))).assertStatus(200);
        assertThat(memberIds(scim.read("/Groups/" + g))).containsExactly(u2);
    }

    @Test
    void groupMembershipByPatch() {
        assertMembershipByPatch(lenient);
    }

    @Test
    void strictAgreesOnGroupMembershipByPatch() {
        assertMembershipByPatch(strict);
    }

    /** Okta renames a group with a path-less replace that carries the group's id too. */
    @Test
    void groupRenameWithIdInThePathlessValue() {
        String u = lenient.newUser("okta-rename");
        String g = lenient.create("/Groups", group(uniqueName("Okta Old"), u)).id();
        String newName = uniqueName("Okta New");

        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"replace","value":{"id":"%s","displayName":"%s"}}""".formatted(g, newName))).assertStatus(200);

        JsonObject after = lenient.read("/Groups/" + g);
        assertThat(after.getString("id")).isEqualTo(g);
        assertThat(after.getString("displayName")).isEqualTo(newName);
        assertThat(memberIds(after)).containsExactly(u);
    }

    @Test
    void strictRefusesIdInAPathlessReplace() {
        String g = strict.create("/Groups", group(uniqueName("Okta Old"))).id();
        JsonObject before = strict.read("/Groups/" + g);

        strict.patch("/Groups/" + g, patchOp("""
                {"op":"replace","value":{"id":"%s","displayName":"New"}}""".formatted(g))).assertError(400, "mutability");
        assertThat(strict.read("/Groups/" + g)).isEqualTo(before);
    }

    // ---- 5. Content-Type: application/scim+json; charset=utf-8

    private static void assertCharsetAccepted(ScimClient scim, String contentType) {
        String userName = uniqueName("okta-charset");
        Exchange created = scim.post("/Users", user(userName), "Content-Type", contentType).assertStatus(201);
        assertThat(created.header("Content-Type")).startsWith(SCIM_JSON);
        String id = created.id();

        Exchange patched = scim.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"displayName","value":"Zoë"}"""), "Content-Type", contentType).assertStatus(200);
        assertThat(patched.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(scim.read("/Users/" + id).getString("displayName")).isEqualTo("Zoë");

        Exchange replaced = scim.put("/Users/" + id, """
                {"schemas":["%s"],"userName":"%s","displayName":"Zoë Lee"}""".formatted(USER, userName),
                "Content-Type", contentType).assertStatus(200);
        assertThat(replaced.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(scim.read("/Users/" + id).getString("displayName")).isEqualTo("Zoë Lee");

        Exchange searched = scim.post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \\"%s\\""}
                """.formatted(userName), "Content-Type", contentType).assertStatus(200);
        assertThat(searched.header("Content-Type")).startsWith(SCIM_JSON);
        assertThat(searched.resources()).extracting(r -> r.getString("id")).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json; charset=utf-8", "application/scim+json;charset=UTF-8"})
    void scimJsonWithCharsetIsAccepted(String contentType) {
        assertCharsetAccepted(lenient, contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json; charset=utf-8", "application/scim+json;charset=UTF-8"})
    void strictAgreesOnScimJsonWithCharset(String contentType) {
        // RFC 7644 §8.1 allows the charset parameter: the same answer in both modes.
        assertCharsetAccepted(strict, contentType);
    }
}
