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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
import static dev.scimserver.http.ScimClient.PATCH_OP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.group;
import static dev.scimserver.http.ScimClient.memberIds;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden request/response tests for what Microsoft Entra ID (Azure AD) and Microsoft's SCIM
 * validator really send (IDP-QUIRKS.md, "Entra ID" items 1–10). Each quirk has a test against the
 * default server, which does what Entra evidently means, and one against the strict server, which
 * gives the RFC's answer; where both agree the strict test says so.
 */
@ServerTest
class EntraIdQuirksTest {
    private final ScimClient lenient;
    private final ScimClient strict;

    EntraIdQuirksTest(Http1Client lenient, @Socket(CompatServers.STRICT) Http1Client strict) {
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

    // ---- 1. Capitalised op names

    private static final String CAPITALISED_OPS = """
            {"op":"Replace","path":"displayName","value":"After"},
            {"op":"Add","path":"title","value":"Tour Guide"},
            {"op":"Remove","path":"nickName"}""";

    private String userForOps(ScimClient scim) {
        return scim.create("/Users", """
                {"schemas":["%s"],"userName":"%s","displayName":"Before","nickName":"Babs"}
                """.formatted(USER, uniqueName("entra-ops"))).id();
    }

    @Test
    void capitalisedOpsAreApplied() {
        String id = userForOps(lenient);

        Exchange res = lenient.patch("/Users/" + id, patchOp(CAPITALISED_OPS));

        res.assertStatus(200);
        JsonObject user = lenient.read("/Users/" + id);
        assertThat(user.getString("displayName")).isEqualTo("After");
        assertThat(user.getString("title")).isEqualTo("Tour Guide");
        assertThat(user.containsKey("nickName")).isFalse();
        assertThat(res.json()).isEqualTo(user);
    }

    @Test
    void strictRefusesCapitalisedOps() {
        String id = userForOps(strict);
        JsonObject before = strict.read("/Users/" + id);

        String detail = strict.patch("/Users/" + id, patchOp(CAPITALISED_OPS)).assertError(400, "invalidSyntax");

        assertThat(detail).contains("Replace");
        assertThat(strict.read("/Users/" + id)).isEqualTo(before);
        // The RFC spelling of the same request works in strict mode.
        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"displayName","value":"After"},
                {"op":"add","path":"title","value":"Tour Guide"},
                {"op":"remove","path":"nickName"}""")).assertStatus(200);
        JsonObject after = strict.read("/Users/" + id);
        assertThat(after.getString("displayName")).isEqualTo("After");
        assertThat(after.containsKey("nickName")).isFalse();
    }

    // ---- 2. Booleans as strings

    @Test
    void booleanStringsInPatchAreCoerced() {
        String id = lenient.newUser("entra-bool-patch");

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Replace","path":"active","value":"False"}""")).assertStatus(200);
        assertThat(lenient.read("/Users/" + id).get("active")).isEqualTo(JsonValue.FALSE);

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Replace","path":"active","value":"True"}""")).assertStatus(200);
        assertThat(lenient.read("/Users/" + id).get("active")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void booleanStringsInPostAreCoerced() {
        Exchange created = lenient.post("/Users", """
                {"schemas":["%s"],"userName":"%s","active":"True"}
                """.formatted(USER, uniqueName("entra-bool-post")));

        created.assertStatus(201);
        assertThat(created.json().get("active")).isEqualTo(JsonValue.TRUE);
        assertThat(lenient.read("/Users/" + created.id()).get("active")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void booleanStringsInAPathlessValueAndInPutAreCoerced() {
        String userName = uniqueName("entra-bool-pathless");
        String id = lenient.create("/Users", ScimClient.user(userName)).id();

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Replace","value":{"active":"False"}}""")).assertStatus(200);
        assertThat(lenient.read("/Users/" + id).get("active")).isEqualTo(JsonValue.FALSE);

        lenient.put("/Users/" + id, """
                {"schemas":["%s"],"userName":"%s","active":"True"}""".formatted(USER, userName)).assertStatus(200);
        assertThat(lenient.read("/Users/" + id).get("active")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void onlyBooleanAttributesAreCoerced() {
        Exchange created = lenient.post("/Users", """
                {"schemas":["%s"],"userName":"%s","active":"False","displayName":"True","title":"False"}
                """.formatted(USER, uniqueName("entra-bool-only")));

        created.assertStatus(201);
        JsonObject user = lenient.read("/Users/" + created.id());
        assertThat(user.get("active")).isEqualTo(JsonValue.FALSE);
        assertThat(user.getString("displayName")).isEqualTo("True");
        assertThat(user.getString("title")).isEqualTo("False");

        lenient.patch("/Users/" + created.id(), patchOp("""
                {"op":"Replace","path":"nickName","value":"True"}""")).assertStatus(200);
        assertThat(lenient.read("/Users/" + created.id()).getString("nickName")).isEqualTo("True");

        // Only the two words are booleans; anything else is still the wrong type.
        lenient.patch("/Users/" + created.id(), patchOp("""
                {"op":"Replace","path":"active","value":"yes"}""")).assertError(400, "invalidValue");
    }

    @Test
    void strictRefusesBooleanStrings() {
        strict.post("/Users", """
                {"schemas":["%s"],"userName":"%s","active":"True"}
                """.formatted(USER, uniqueName("strict-bool-post"))).assertError(400, "invalidValue");

        String id = strict.create("/Users", """
                {"schemas":["%s"],"userName":"%s","active":true}
                """.formatted(USER, uniqueName("strict-bool-patch"))).id();
        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"active","value":"False"}""")).assertError(400, "invalidValue");
        assertThat(strict.read("/Users/" + id).get("active")).isEqualTo(JsonValue.TRUE);

        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":{"active":"False"}}""")).assertError(400, "invalidValue");
        strict.put("/Users/" + id, """
                {"schemas":["%s"],"userName":"x-%s","active":"False"}""".formatted(USER, id)).assertError(400, "invalidValue");
        assertThat(strict.read("/Users/" + id).get("active")).isEqualTo(JsonValue.TRUE);

        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"active","value":false}""")).assertStatus(200);
        assertThat(strict.read("/Users/" + id).get("active")).isEqualTo(JsonValue.FALSE);
    }

    // ---- 3. Remove members by value instead of a filter

    @Test
    void removeMembersByValueRemovesOnlyThoseListed() {
        String u1 = lenient.newUser("entra-member");
        String u2 = lenient.newUser("entra-member");
        String u3 = lenient.newUser("entra-member");
        String g = lenient.create("/Groups", group(uniqueName("entra-remove"), u1, u2, u3)).id();

        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(u1))).assertStatus(200);

        assertThat(memberIds(lenient.read("/Groups/" + g))).containsExactly(u2, u3);
        assertThat(lenient.read("/Users/" + u1).containsKey("groups")).isFalse();
        assertThat(lenient.read("/Users/" + u2).getJsonArray("groups")).hasSize(1);

        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"Remove","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(u3, u2)))
                .assertStatus(200);
        assertThat(memberIds(lenient.read("/Groups/" + g))).isEmpty();
    }

    @Test
    void strictRemovesEveryMemberForARemoveWithoutFilter() {
        String u1 = strict.newUser("strict-member");
        String u2 = strict.newUser("strict-member");
        String u3 = strict.newUser("strict-member");
        String g = strict.create("/Groups", group(uniqueName("strict-remove"), u1, u2, u3)).id();

        // The RFC way to remove one member: a value filter. Both modes agree on it.
        strict.patch("/Groups/" + g, patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u1))).assertStatus(200);
        assertThat(memberIds(strict.read("/Groups/" + g))).containsExactly(u2, u3);

        // RFC 7644 §3.5.2.2: without a filter "the attribute and all values are removed"; the value is not looked at.
        strict.patch("/Groups/" + g, patchOp("""
                {"op":"remove","path":"members","value":[{"value":"%s"}]}""".formatted(u2))).assertStatus(200);
        assertThat(memberIds(strict.read("/Groups/" + g))).isEmpty();
    }

    // ---- 4. manager as a plain string; removal by a filter on the single-valued manager

    private static final String MANAGER = ENTERPRISE_USER + ":manager";

    @Test
    void managerAsPlainStringMeansManagerValue() {
        String manager = lenient.newUser("entra-manager");
        String employee = lenient.newUser("entra-employee");

        lenient.patch("/Users/" + employee, patchOp("""
                {"op":"Add","path":"%s","value":"%s"}""".formatted(MANAGER, manager))).assertStatus(200);

        JsonObject user = lenient.read("/Users/" + employee);
        assertThat(strings(user, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(user.getJsonObject(ENTERPRISE_USER).getJsonObject("manager").getString("value")).isEqualTo(manager);

        // A new manager as a string replaces the old one.
        String other = lenient.newUser("entra-manager");
        lenient.patch("/Users/" + employee, patchOp("""
                {"op":"Replace","path":"%s","value":"%s"}""".formatted(MANAGER, other))).assertStatus(200);
        assertThat(lenient.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER).getJsonObject("manager")
                .getString("value")).isEqualTo(other);
    }

    @Test
    void managerAsPlainStringInAPathlessValue() {
        String manager = lenient.newUser("entra-manager");
        String employee = lenient.newUser("entra-employee");

        lenient.patch("/Users/" + employee, patchOp("""
                {"op":"Add","value":{"%s":"%s"}}""".formatted(MANAGER, manager))).assertStatus(200);

        assertThat(lenient.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER).getJsonObject("manager")
                .getString("value")).isEqualTo(manager);
    }

    @Test
    void managerIsRemovedByAValueFilter() {
        String manager = lenient.newUser("entra-manager");
        String employee = lenient.create("/Users", """
                {"schemas":["%s","%s"],"userName":"%s","%s":{"employeeNumber":"42","manager":{"value":"%s"}}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("entra-employee"), ENTERPRISE_USER, manager)).id();

        // A filter naming someone else matches nothing: the manager stays.
        lenient.patch("/Users/" + employee, patchOp("""
                {"op":"Remove","path":"%s[value eq \\"%s\\"]"}""".formatted(MANAGER, UUID.randomUUID()))).assertStatus(200);
        assertThat(lenient.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER).getJsonObject("manager")
                .getString("value")).isEqualTo(manager);

        lenient.patch("/Users/" + employee, patchOp("""
                {"op":"Remove","path":"%s[value eq \\"%s\\"]"}""".formatted(MANAGER, manager))).assertStatus(200);

        JsonObject enterprise = lenient.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER);
        assertThat(enterprise.containsKey("manager")).isFalse();
        assertThat(enterprise.getString("employeeNumber")).isEqualTo("42");
    }

    @Test
    void strictRefusesManagerAsString() {
        String manager = strict.newUser("strict-manager");
        String employee = strict.newUser("strict-employee");

        strict.patch("/Users/" + employee, patchOp("""
                {"op":"add","path":"%s","value":"%s"}""".formatted(MANAGER, manager))).assertError(400, "invalidValue");
        strict.patch("/Users/" + employee, patchOp("""
                {"op":"add","value":{"%s":"%s"}}""".formatted(MANAGER, manager))).assertError(400, "invalidValue");
        assertThat(strict.read("/Users/" + employee).containsKey(ENTERPRISE_USER)).isFalse();

        // The RFC form: manager is complex, its id goes in "value".
        strict.patch("/Users/" + employee, patchOp("""
                {"op":"add","path":"%s","value":{"value":"%s"}}""".formatted(MANAGER, manager))).assertStatus(200);
        assertThat(strict.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER).getJsonObject("manager")
                .getString("value")).isEqualTo(manager);
    }

    @Test
    void strictRefusesAFilterOnTheSingleValuedManager() {
        String manager = strict.newUser("strict-manager");
        String employee = strict.create("/Users", """
                {"schemas":["%s","%s"],"userName":"%s","%s":{"manager":{"value":"%s"}}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("strict-employee"), ENTERPRISE_USER, manager)).id();

        strict.patch("/Users/" + employee, patchOp("""
                {"op":"remove","path":"%s[value eq \\"%s\\"]"}""".formatted(MANAGER, manager))).assertError(400, "invalidPath");
        assertThat(strict.read("/Users/" + employee).getJsonObject(ENTERPRISE_USER).getJsonObject("manager")
                .getString("value")).isEqualTo(manager);

        strict.patch("/Users/" + employee, patchOp("""
                {"op":"remove","path":"%s"}""".formatted(MANAGER))).assertStatus(200);
        assertThat(strict.read("/Users/" + employee).containsKey(ENTERPRISE_USER)).isFalse();
    }

    // ---- 5. Value-path add on an element that does not exist yet

    @ParameterizedTest
    @ValueSource(strings = {"Add", "Replace"})
    void valuePathAddCreatesTheWorkEmail(String op) {
        String id = lenient.create("/Users", """
                {"schemas":["%s"],"userName":"%s","emails":[{"value":"home@example.com","type":"home"}]}
                """.formatted(USER, uniqueName("entra-email"))).id();

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"%s","path":"emails[type eq \\"work\\"].value","value":"a@b.c"}""".formatted(op))).assertStatus(200);

        List<JsonObject> emails = lenient.read("/Users/" + id).getJsonArray("emails").getValuesAs(JsonObject.class);
        assertThat(emails).hasSize(2);
        assertThat(emails.get(0).getString("value")).isEqualTo("home@example.com");
        assertThat(emails.get(1).getString("type")).isEqualTo("work");
        assertThat(emails.get(1).getString("value")).isEqualTo("a@b.c");

        // Once it exists, the same path changes it: still one work email.
        lenient.patch("/Users/" + id, patchOp("""
                {"op":"%s","path":"emails[type eq \\"work\\"].value","value":"new@b.c"}""".formatted(op))).assertStatus(200);
        List<JsonObject> after = lenient.read("/Users/" + id).getJsonArray("emails").getValuesAs(JsonObject.class);
        assertThat(after).hasSize(2);
        assertThat(after.get(1).getString("value")).isEqualTo("new@b.c");
    }

    private static final String WORK_ADDRESS_OPS = """
            {"op":"Add","path":"addresses[type eq \\"work\\"].streetAddress","value":"1 Main St"},
            {"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"Springfield"},
            {"op":"Add","path":"addresses[type eq \\"work\\"].region","value":"IL"},
            {"op":"Add","path":"addresses[type eq \\"work\\"].postalCode","value":"62701"},
            {"op":"Add","path":"addresses[type eq \\"work\\"].country","value":"US"},
            {"op":"Add","path":"addresses[type eq \\"work\\"].formatted","value":"1 Main St, Springfield, IL 62701, US"}""";

    @Test
    void severalAddressOpsInOneRequestBuildOneAddress() {
        String id = lenient.newUser("entra-address");

        lenient.patch("/Users/" + id, patchOp(WORK_ADDRESS_OPS)).assertStatus(200);

        List<JsonObject> addresses = lenient.read("/Users/" + id).getJsonArray("addresses").getValuesAs(JsonObject.class);
        assertThat(addresses).hasSize(1);
        JsonObject work = addresses.getFirst();
        assertThat(work.getString("type")).isEqualTo("work");
        assertThat(work.getString("streetAddress")).isEqualTo("1 Main St");
        assertThat(work.getString("locality")).isEqualTo("Springfield");
        assertThat(work.getString("region")).isEqualTo("IL");
        assertThat(work.getString("postalCode")).isEqualTo("62701");
        assertThat(work.getString("country")).isEqualTo("US");
        assertThat(work.getString("formatted")).isEqualTo("1 Main St, Springfield, IL 62701, US");
    }

    @Test
    void valuePathAddsForDifferentTypesBuildOneElementEach() {
        String id = lenient.newUser("entra-phones");

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Add","path":"phoneNumbers[type eq \\"work\\"].value","value":"+1 555 0100"},
                {"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0199"},
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"a@b.c"},
                {"op":"Add","path":"emails[type eq \\"work\\"].primary","value":"True"}""")).assertStatus(200);

        JsonObject user = lenient.read("/Users/" + id);
        List<JsonObject> phones = user.getJsonArray("phoneNumbers").getValuesAs(JsonObject.class);
        assertThat(phones).hasSize(2);
        assertThat(phones.get(0).getString("type")).isEqualTo("work");
        assertThat(phones.get(0).getString("value")).isEqualTo("+1 555 0100");
        assertThat(phones.get(1).getString("type")).isEqualTo("mobile");
        assertThat(phones.get(1).getString("value")).isEqualTo("+1 555 0199");
        List<JsonObject> emails = user.getJsonArray("emails").getValuesAs(JsonObject.class);
        assertThat(emails).hasSize(1);
        assertThat(emails.getFirst().getString("value")).isEqualTo("a@b.c");
        assertThat(emails.getFirst().get("primary")).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void strictAnswersNoTargetForAValuePathWithoutAMatch() {
        String id = strict.newUser("strict-email");
        JsonObject before = strict.read("/Users/" + id);

        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","path":"emails[type eq \\"work\\"].value","value":"a@b.c"}""")).assertError(400, "noTarget");
        strict.patch("/Users/" + id, patchOp(WORK_ADDRESS_OPS.replace("\"Add\"", "\"add\""))).assertError(400, "noTarget");
        assertThat(strict.read("/Users/" + id)).isEqualTo(before);

        // With a work email there, both modes agree: the value path changes it.
        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","path":"emails","value":[{"value":"old@b.c","type":"work"}]}""")).assertStatus(200);
        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"a@b.c"}""")).assertStatus(200);
        List<JsonObject> emails = strict.read("/Users/" + id).getJsonArray("emails").getValuesAs(JsonObject.class);
        assertThat(emails).hasSize(1);
        assertThat(emails.getFirst().getString("value")).isEqualTo("a@b.c");
    }

    // ---- 6. Path-less replace / add with dotted and URN-qualified keys

    private static final String DOTTED_AND_URN_KEYS = """
            {"name.givenName":"Ann","%s:employeeNumber":"7"}""".formatted(ENTERPRISE_USER);

    private String userWithName(ScimClient scim) {
        return scim.create("/Users", """
                {"schemas":["%s","%s"],"userName":"%s","name":{"givenName":"Old","familyName":"Smith"},
                 "%s":{"department":"Tours"}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("entra-pathless"), ENTERPRISE_USER)).id();
    }

    @Test
    void pathlessReplaceTakesDottedAndUrnQualifiedKeys() {
        String id = userWithName(lenient);

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":%s}""".formatted(DOTTED_AND_URN_KEYS))).assertStatus(200);

        JsonObject user = lenient.read("/Users/" + id);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Ann");
        assertThat(user.getJsonObject("name").getString("familyName")).isEqualTo("Smith");
        assertThat(user.getJsonObject(ENTERPRISE_USER).getString("employeeNumber")).isEqualTo("7");
        assertThat(user.getJsonObject(ENTERPRISE_USER).getString("department")).isEqualTo("Tours");
    }

    @Test
    void pathlessAddTakesDottedAndUrnQualifiedKeys() {
        String id = lenient.newUser("entra-pathless-add");

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Add","value":{"name.givenName":"Ann","name.familyName":"Lee","displayName":"Ann Lee",
                 "%s:employeeNumber":"7"}}""".formatted(ENTERPRISE_USER))).assertStatus(200);

        JsonObject user = lenient.read("/Users/" + id);
        assertThat(strings(user, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Ann");
        assertThat(user.getJsonObject("name").getString("familyName")).isEqualTo("Lee");
        assertThat(user.getString("displayName")).isEqualTo("Ann Lee");
        assertThat(user.getJsonObject(ENTERPRISE_USER).getString("employeeNumber")).isEqualTo("7");
    }

    @Test
    void pathlessReplaceTakesUrnQualifiedDottedCoreKeys() {
        String id = userWithName(lenient);

        lenient.patch("/Users/" + id, patchOp("""
                {"op":"Replace","value":{"%s:name.givenName":"Ann","%s:displayName":"Ann Smith"}}"""
                .formatted(USER, USER))).assertStatus(200);

        JsonObject user = lenient.read("/Users/" + id);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Ann");
        assertThat(user.getJsonObject("name").getString("familyName")).isEqualTo("Smith");
        assertThat(user.getString("displayName")).isEqualTo("Ann Smith");
    }

    @Test
    void strictRefusesDottedPathlessKeys() {
        String id = userWithName(strict);
        JsonObject before = strict.read("/Users/" + id);

        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":%s}""".formatted(DOTTED_AND_URN_KEYS))).assertError(400, "invalidSyntax");
        strict.patch("/Users/" + id, patchOp("""
                {"op":"add","value":{"%s:name.givenName":"Ann"}}""".formatted(USER))).assertError(400, "invalidSyntax");
        assertThat(strict.read("/Users/" + id)).isEqualTo(before);

        // A URN-qualified attribute name and a nested object are RFC-clean: both modes agree.
        strict.patch("/Users/" + id, patchOp("""
                {"op":"replace","value":{"%s:employeeNumber":"7","name":{"givenName":"Ann"}}}"""
                .formatted(ENTERPRISE_USER))).assertStatus(200);
        JsonObject user = strict.read("/Users/" + id);
        assertThat(user.getJsonObject("name").getString("givenName")).isEqualTo("Ann");
        assertThat(user.getJsonObject("name").getString("familyName")).isEqualTo("Smith");
        assertThat(user.getJsonObject(ENTERPRISE_USER).getString("employeeNumber")).isEqualTo("7");
    }

    // ---- 7. Matching before create

    private static String filterQuery(String filter) {
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    private static void assertMatching(ScimClient scim) {
        String externalId = "entra-" + UUID.randomUUID();
        String userName = uniqueName("Ann.Smith") + "@Example.com";
        String id = scim.create("/Users", """
                {"schemas":["%s"],"userName":"%s","externalId":"%s"}""".formatted(USER, userName, externalId)).id();

        for (String filter : List.of("externalId eq \"" + externalId + "\"",
                "userName eq \"" + userName + "\"",
                "userName eq \"" + userName.toLowerCase(Locale.ROOT) + "\"",
                "userName eq \"" + userName.toUpperCase(Locale.ROOT) + "\"")) {
            Exchange found = scim.get("/Users?" + filterQuery(filter)).assertStatus(200);
            assertThat(found.json().getInt("totalResults")).as(filter).isEqualTo(1);
            assertThat(found.resources().getFirst().getString("id")).as(filter).isEqualTo(id);
            assertThat(found.resources().getFirst().getString("userName")).isEqualTo(userName);
        }

        // Nobody there: an empty ListResponse, never an error (an error stops provisioning).
        for (String filter : List.of("externalId eq \"entra-" + UUID.randomUUID() + "\"",
                "userName eq \"nobody-" + UUID.randomUUID() + "@example.com\"")) {
            Exchange none = scim.get("/Users?" + filterQuery(filter)).assertStatus(200);
            assertThat(strings(none.json(), "schemas")).containsExactly(LIST_RESPONSE);
            assertThat(none.json().getInt("totalResults")).isZero();
            assertThat(none.resources()).isEmpty();
        }

        // Groups are matched by displayName, usually without their members.
        String displayName = uniqueName("Entra Group");
        String g = scim.create("/Groups", group(displayName, id)).id();
        Exchange groups = scim.get("/Groups?" + filterQuery("displayName eq \"" + displayName + "\"")
                + "&excludedAttributes=members").assertStatus(200);
        assertThat(groups.resources()).hasSize(1);
        assertThat(groups.resources().getFirst().getString("id")).isEqualTo(g);
        assertThat(groups.resources().getFirst().containsKey("members")).isFalse();
    }

    @Test
    void matchingBeforeCreateFindsTheExistingUser() {
        assertMatching(lenient);
    }

    @Test
    void strictAgreesOnMatchingBeforeCreate() {
        // These lookups are RFC-clean: strict mode answers them exactly as the default does.
        assertMatching(strict);
    }

    // ---- 8. A top-level id in a PATCH body and an extra "name" key inside operations

    @Test
    void topLevelIdAndOperationNameAreIgnored() {
        String id = lenient.newUser("entra-extra-keys");
        lenient.patch("/Users/" + id, """
                {"schemas":["%s"],"id":"%s","Operations":[
                 {"name":"displayName","op":"Replace","path":"displayName","value":"Ann"}]}
                """.formatted(PATCH_OP, id)).assertStatus(200);
        assertThat(lenient.read("/Users/" + id).getString("displayName")).isEqualTo("Ann");

        String member = lenient.newUser("entra-extra-keys");
        String g = lenient.create("/Groups", group(uniqueName("entra-extra-keys"))).id();
        lenient.patch("/Groups/" + g, """
                {"schemas":["%s"],"id":"%s","Operations":[
                 {"name":"addMember","op":"Add","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(PATCH_OP, g, member)).assertStatus(200);
        assertThat(memberIds(lenient.read("/Groups/" + g))).containsExactly(member);
    }

    @Test
    void strictRefusesTopLevelIdAndOperationName() {
        String id = strict.newUser("strict-extra-keys");
        JsonObject before = strict.read("/Users/" + id);

        String topLevel = strict.patch("/Users/" + id, """
                {"schemas":["%s"],"id":"%s","Operations":[{"op":"replace","path":"displayName","value":"Ann"}]}
                """.formatted(PATCH_OP, id)).assertError(400, "invalidSyntax");
        assertThat(topLevel).contains("'id'");
        String inOperation = strict.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"name":"displayName","op":"replace","path":"displayName","value":"Ann"}]}
                """.formatted(PATCH_OP)).assertError(400, "invalidSyntax");
        assertThat(inOperation).contains("'name'");
        assertThat(strict.read("/Users/" + id)).isEqualTo(before);
    }

    // ---- 9. Rename and membership in one PATCH; many small PATCHes in parallel

    @Test
    void renameAndMembershipInOnePatch() {
        String u1 = lenient.newUser("entra-rename");
        String u2 = lenient.newUser("entra-rename");
        String newName = uniqueName("Renamed");
        String g = lenient.create("/Groups", group(uniqueName("Original"), u1)).id();

        lenient.patch("/Groups/" + g, patchOp("""
                {"op":"Replace","path":"displayName","value":"%s"},
                {"op":"Add","path":"members","value":[{"value":"%s"}]},
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(newName, u2, u1)))
                .assertStatus(200);

        JsonObject after = lenient.read("/Groups/" + g);
        assertThat(after.getString("displayName")).isEqualTo(newName);
        assertThat(memberIds(after)).containsExactly(u2);
        assertThat(lenient.read("/Users/" + u2).getJsonArray("groups").getJsonObject(0).getString("display"))
                .isEqualTo(newName);
    }

    @Test
    void strictAgreesOnRenameAndMembershipInOnePatch() {
        // With RFC spellings (lower-case ops, a filter to remove one member) strict mode does the same.
        String u1 = strict.newUser("strict-rename");
        String u2 = strict.newUser("strict-rename");
        String newName = uniqueName("Renamed");
        String g = strict.create("/Groups", group(uniqueName("Original"), u1)).id();

        strict.patch("/Groups/" + g, patchOp("""
                {"op":"replace","path":"displayName","value":"%s"},
                {"op":"add","path":"members","value":[{"value":"%s"}]},
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(newName, u2, u1)))
                .assertStatus(200);

        JsonObject after = strict.read("/Groups/" + g);
        assertThat(after.getString("displayName")).isEqualTo(newName);
        assertThat(memberIds(after)).containsExactly(u2);
    }

    private static final int PARALLEL_MEMBERS = 64;

    /** Sends the PATCHes from 16 threads at once; every one must answer 200. */
    private static void inParallel(ScimClient scim, String group, List<String> bodies) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Exchange>> results = new ArrayList<>();
            for (String body : bodies) {
                results.add(pool.submit(() -> scim.patch("/Groups/" + group, body)));
            }
            for (Future<Exchange> result : results) {
                result.get().assertStatus(200);
            }
        }
    }

    @Test
    void parallelMembershipPatchesAreNotLost() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PARALLEL_MEMBERS; i++) {
            users.add(lenient.newUser("entra-parallel"));
        }
        String g = lenient.create("/Groups", group(uniqueName("entra-parallel"))).id();

        inParallel(lenient, g, users.stream().map(u -> patchOp("""
                {"op":"Add","path":"members","value":[{"value":"%s"}]}""".formatted(u))).toList());
        assertThat(memberIds(lenient.read("/Groups/" + g))).containsExactlyInAnyOrderElementsOf(users);

        List<String> leaving = users.subList(0, PARALLEL_MEMBERS / 2);
        inParallel(lenient, g, leaving.stream().map(u -> patchOp("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(u))).toList());
        assertThat(memberIds(lenient.read("/Groups/" + g)))
                .containsExactlyInAnyOrderElementsOf(users.subList(PARALLEL_MEMBERS / 2, PARALLEL_MEMBERS));
    }

    @Test
    void strictAgreesOnParallelMembershipPatches() throws Exception {
        // Concurrency is no compatibility question: with RFC spellings strict mode loses nothing either.
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PARALLEL_MEMBERS; i++) {
            users.add(strict.newUser("strict-parallel"));
        }
        String g = strict.create("/Groups", group(uniqueName("strict-parallel"))).id();

        inParallel(strict, g, users.stream().map(u -> patchOp("""
                {"op":"add","path":"members","value":[{"value":"%s"}]}""".formatted(u))).toList());
        assertThat(memberIds(strict.read("/Groups/" + g))).containsExactlyInAnyOrderElementsOf(users);

        inParallel(strict, g, users.subList(0, PARALLEL_MEMBERS / 2).stream().map(u -> patchOp("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u))).toList());
        assertThat(memberIds(strict.read("/Groups/" + g)))
                .containsExactlyInAnyOrderElementsOf(users.subList(PARALLEL_MEMBERS / 2, PARALLEL_MEMBERS));
    }

    // ---- 10. Microsoft's validator: unquoted and oddly cased filters

    private static List<JsonObject> search(ScimClient scim, String filter) {
        return scim.get("/Users?" + filterQuery(filter)).assertStatus(200).resources();
    }

    @Test
    void validatorFiltersAreAnswered() {
        String userName = uniqueName("Ostrich");
        String id = lenient.create("/Users", ScimClient.user(userName)).id();

        List<JsonObject> startsWithO = search(lenient, "userName sw O");
        assertThat(startsWithO).extracting(u -> u.getString("id")).contains(id);
        assertThat(startsWithO).allSatisfy(u -> assertThat(u.getString("userName")).startsWithIgnoringCase("o"));

        assertThat(search(lenient, "meta.Created gt 2015-10-10T14:38:21Z")).extracting(u -> u.getString("id")).contains(id);
        assertThat(search(lenient, "meta.Created lt 2015-10-10T14:38:21Z")).isEmpty();

        assertThat(search(lenient, "UserName eq \"" + userName + "\"")).extracting(u -> u.getString("id")).containsExactly(id);
        assertThat(search(lenient, "USERNAME eq " + userName.toUpperCase(Locale.ROOT))).extracting(u -> u.getString("id"))
                .containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eqq O", "userName eq", "userName eq \"unterminated", "(userName eq \"x\"",
            "userName eq \"x\")", "userName", "eq \"x\"", "userName eq \"x\" and", "title pr \"x\"",
            "emails[type eq \"work\"", "userName eq \"x\" or or title pr", "meta.created gt \"not a date\"",
            "noSuchAttribute eq \"x\"", "active gt true", "name eq \"x\""})
    void badFiltersAreInvalidFilterNever500(String filter) {
        lenient.get("/Users?" + filterQuery(filter)).assertError(400, "invalidFilter");
        // Both modes agree: a broken filter is a 400 invalidFilter.
        strict.get("/Users?" + filterQuery(filter)).assertError(400, "invalidFilter");
    }

    @Test
    void strictRefusesUnquotedFilterValues() {
        String userName = uniqueName("Ostrich");
        String id = strict.create("/Users", ScimClient.user(userName)).id();

        strict.get("/Users?" + filterQuery("userName sw O")).assertError(400, "invalidFilter");
        strict.get("/Users?" + filterQuery("meta.Created gt 2015-10-10T14:38:21Z")).assertError(400, "invalidFilter");

        // Quoted, the same filters work; attribute names are case-insensitive in both modes (RFC 7643 §2.1).
        assertThat(search(strict, "userName sw \"O\"")).extracting(u -> u.getString("id")).contains(id);
        assertThat(search(strict, "meta.Created gt \"2015-10-10T14:38:21Z\"")).extracting(u -> u.getString("id")).contains(id);
        assertThat(search(strict, "UserName eq \"" + userName + "\"")).extracting(u -> u.getString("id")).containsExactly(id);
    }
}
