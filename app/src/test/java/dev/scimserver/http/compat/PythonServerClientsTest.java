package dev.scimserver.http.compat;

import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests for the request shapes that worked against the Python scim2-server (the model for
 * the default answer here) and that other independent clients send: a body without
 * {@code schemas}, an extension declared without values, an extension-root PATCH value with its own
 * {@code schemas}, empty query parameters and a member's {@code displayName}. Each is served by
 * default and answered the RFC's way with {@code --strict}.
 */
@ServerTest
class PythonServerClientsTest {
    private final ScimClient lenient;
    private final ScimClient strict;

    PythonServerClientsTest(Http1Client lenient, @Socket(CompatServers.STRICT) Http1Client strict) {
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

    // ---- 1. schemas missing or empty: the endpoint names the type (the Python server creates the user)

    @ParameterizedTest
    @ValueSource(strings = {"", "\"schemas\":[],", "\"schemas\":null,"})
    void aUserWithoutSchemasIsCreatedWithTheCoreSchemaAsThePythonServerDoes(String schemas) {
        String userName = uniqueName("no-schemas");
        Exchange created = lenient.post("/Users", "{" + schemas + "\"userName\":\"" + userName + "\"}").assertStatus(201);
        JsonObject user = created.json();
        assertThat(strings(user, "schemas")).containsExactly(USER);
        assertThat(user.getString("userName")).isEqualTo(userName);
        assertThat(lenient.read("/Users/" + user.getString("id")).getString("userName")).isEqualTo(userName);

        String detail = strict.post("/Users", "{" + schemas + "\"userName\":\"" + uniqueName("no-schemas") + "\"}")
                .assertError(400, "invalidValue");
        assertThat(detail).contains("schemas", USER);
    }

    @Test
    void withoutSchemasTheExtensionsFollowFromTheAttributesSent() {
        JsonObject user = lenient.post("/Users", """
                {"userName":"%s","%s":{"employeeNumber":"701"}}""".formatted(uniqueName("no-schemas-ext"), ENTERPRISE_USER))
                .assertStatus(201).json();
        assertThat(strings(user, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(user.getJsonObject(ENTERPRISE_USER).getString("employeeNumber")).isEqualTo("701");

        JsonObject group = lenient.post("/Groups", "{\"displayName\":\"" + uniqueName("no-schemas-group") + "\"}")
                .assertStatus(201).json();
        assertThat(strings(group, "schemas")).containsExactly(GROUP);
    }

    @Test
    void aPutWithoutSchemasReplacesTheUser() {
        String id = lenient.newUser("put-no-schemas");
        JsonObject replaced = lenient.put("/Users/" + id, "{\"userName\":\"" + uniqueName("put-no-schemas")
                + "\",\"displayName\":\"Put Without Schemas\"}").assertStatus(200).json();
        assertThat(strings(replaced, "schemas")).containsExactly(USER);
        assertThat(replaced.getString("displayName")).isEqualTo("Put Without Schemas");

        String strictId = strict.newUser("put-no-schemas");
        strict.put("/Users/" + strictId, "{\"userName\":\"" + uniqueName("put-no-schemas") + "\"}")
                .assertError(400, "invalidValue");
    }

    @Test
    void schemasWithoutTheCoreSchemaIsStillRefused() {
        // Not missing but wrong: the body says it is something else, and neither mode guesses.
        for (ScimClient scim : new ScimClient[] {lenient, strict}) {
            scim.post("/Users", "{\"schemas\":[\"" + GROUP + "\"],\"userName\":\"" + uniqueName("wrong-core") + "\"}")
                    .assertError(400, "invalidValue");
        }
    }

    // ---- 2. an extension listed in schemas without values stays listed

    @Test
    void aDeclaredExtensionWithoutValuesStaysInSchemasOnEveryRead() {
        for (ScimClient scim : new ScimClient[] {lenient, strict}) {
            Exchange created = scim.post("/Users", """
                    {"schemas":["%s","%s"],"userName":"%s"}""".formatted(USER, ENTERPRISE_USER, uniqueName("declared")))
                    .assertStatus(201);
            assertThat(strings(created.json(), "schemas")).containsExactly(USER, ENTERPRISE_USER);
            String id = created.id();
            assertThat(strings(scim.read("/Users/" + id), "schemas")).containsExactly(USER, ENTERPRISE_USER);
            Exchange found = scim.get("/Users?filter=id%20eq%20%22" + id + "%22").assertStatus(200);
            assertThat(strings(found.resources().get(0), "schemas")).containsExactly(USER, ENTERPRISE_USER);

            // A PATCH of a core attribute leaves the declaration as it was.
            JsonObject patched = scim.patch("/Users/" + id, patchOp("""
                    {"op":"replace","path":"displayName","value":"Declared"}""")).assertStatus(200).json();
            assertThat(strings(patched, "schemas")).containsExactly(USER, ENTERPRISE_USER);
            // Removing the extension's root takes it out.
            JsonObject removed = scim.patch("/Users/" + id, patchOp("""
                    {"op":"remove","path":"%s"}""".formatted(ENTERPRISE_USER))).assertStatus(200).json();
            assertThat(strings(removed, "schemas")).containsExactly(USER);
        }
    }

    @Test
    void aPutKeepsTheExtensionsItDeclares() {
        String id = lenient.post("/Users", """
                {"schemas":["%s"],"userName":"put-declared-%s","%s":{"department":"R&D"}}"""
                .formatted(USER, System.nanoTime(), ENTERPRISE_USER)).assertStatus(201).id();
        JsonObject replaced = lenient.put("/Users/" + id, """
                {"schemas":["%s","%s"],"userName":"put-declared-again-%s"}""".formatted(USER, ENTERPRISE_USER, System.nanoTime()))
                .assertStatus(200).json();
        assertThat(strings(replaced, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(replaced.containsKey(ENTERPRISE_USER)).as("no department left to show").isFalse();
    }

    // ---- 6. an extension-root PATCH value with its own schemas (clients built on scim2-models)

    private static String extensionRootAdd() {
        return patchOp("""
                {"op":"add","path":"%s","value":{"schemas":["%s"],"employeeNumber":"7"}}""".formatted(ENTERPRISE_USER, ENTERPRISE_USER));
    }

    @Test
    void anExtensionRootValueMayCarryTheExtensionsSchemas() {
        String id = lenient.newUser("ext-root-schemas");
        JsonObject patched = lenient.patch("/Users/" + id, extensionRootAdd()).assertStatus(200).json();
        assertThat(patched.getJsonObject(ENTERPRISE_USER).getString("employeeNumber")).isEqualTo("7");
        assertThat(patched.getJsonObject(ENTERPRISE_USER).containsKey("schemas")).isFalse();
        assertThat(strings(patched, "schemas")).containsExactly(USER, ENTERPRISE_USER);

        String strictId = strict.newUser("ext-root-schemas");
        strict.patch("/Users/" + strictId, extensionRootAdd()).assertError(400, "invalidSyntax");
        assertThat(strict.read("/Users/" + strictId).containsKey(ENTERPRISE_USER)).isFalse();
    }

    @Test
    void anExtensionRootValueNamingAnotherSchemaIsRefusedInBothModes() {
        for (ScimClient scim : new ScimClient[] {lenient, strict}) {
            String id = scim.newUser("ext-root-other");
            scim.patch("/Users/" + id, patchOp("""
                    {"op":"add","path":"%s","value":{"schemas":["%s"],"employeeNumber":"7"}}""".formatted(ENTERPRISE_USER, GROUP)))
                    .assertError(400, "invalidSyntax");
        }
    }

    // ---- 9. empty query parameters mean absent (as the Python server reads them)

    @ParameterizedTest
    @ValueSource(strings = {"filter", "attributes", "excludedAttributes", "sortBy", "sortOrder", "startIndex", "count"})
    void anEmptyQueryParameterIsLeftOutByDefaultAndRefusedWhenStrict(String parameter) {
        String id = lenient.newUser("empty-" + parameter);
        Exchange list = lenient.get("/Users?" + parameter + "=").assertStatus(200);
        assertThat(list.json().getInt("totalResults")).isPositive();
        assertThat(list.resources()).allSatisfy(u -> assertThat(u.containsKey("userName")).isTrue());
        Exchange one = lenient.get("/Users/" + id + "?" + parameter + "=").assertStatus(200);
        assertThat(one.json().getString("id")).isEqualTo(id);
        assertThat(one.json().containsKey("userName")).isTrue();
        lenient.get("/?" + parameter + "=").assertStatus(200);

        String strictId = strict.newUser("empty-" + parameter);
        String detail = strict.get("/Users?" + parameter + "=").assertError(400,
                parameter.equals("filter") ? "invalidFilter" : "invalidValue");
        assertThat(detail).contains("'" + parameter + "'", "empty");
        strict.get("/?" + parameter + "=").assertError(400, parameter.equals("filter") ? "invalidFilter" : "invalidValue");
        if (parameter.equals("attributes") || parameter.equals("excludedAttributes")) {
            strict.get("/Users/" + strictId + "?" + parameter + "=").assertError(400, "invalidValue");
        }
    }

    @Test
    void anEmptyFilterBesideARealParameterChangesNothingElse() {
        String userName = uniqueName("empty-beside");
        String id = lenient.create("/Users", user(userName)).id();
        JsonObject one = lenient.get("/Users/" + id + "?attributes=userName&excludedAttributes=").assertStatus(200).json();
        assertThat(one.getString("userName")).isEqualTo(userName);
        assertThat(one.containsKey("meta")).isFalse();
    }

    // ---- 11. a member's displayName (Microsoft's SCIM validator) is its display

    @Test
    void aMembersDisplayNameIsReadAsItsDisplayAndKeptAsGiven() {
        String userId = lenient.newUser("member-display-name");
        Exchange created = lenient.post("/Groups", """
                {"schemas":["%s"],"displayName":"%s","members":[{"displayName":"new User","value":"%s"}]}"""
                .formatted(GROUP, uniqueName("validator-group"), userId)).assertStatus(201);
        JsonObject member = created.json().getJsonArray("members").getJsonObject(0);
        assertThat(member.getString("value")).isEqualTo(userId);
        assertThat(member.getString("display")).isEqualTo("new User");
        assertThat(member.containsKey("displayName")).isFalse();

        // The validator's PATCH add of a member takes the same shape.
        String other = lenient.newUser("member-display-name-patch");
        JsonObject patched = lenient.patch("/Groups/" + created.id(), patchOp("""
                {"op":"add","path":"members","value":[{"displayName":"second User","value":"%s"}]}""".formatted(other)))
                .assertStatus(200).json();
        assertThat(patched.getJsonArray("members")).extracting(m -> m.asJsonObject().getString("display"))
                .containsExactly("new User", "second User");
    }

    @Test
    void strictRefusesAMembersDisplayName() {
        String userId = strict.newUser("member-display-name");
        String detail = strict.post("/Groups", """
                {"schemas":["%s"],"displayName":"%s","members":[{"displayName":"new User","value":"%s"}]}"""
                .formatted(GROUP, uniqueName("validator-group"), userId)).assertError(400, "invalidSyntax");
        assertThat(detail).contains("members.displayName");
    }

    @Test
    void displayNameBesideDisplayIsStillUnknown() {
        String userId = lenient.newUser("member-both-names");
        lenient.post("/Groups", """
                {"schemas":["%s"],"displayName":"%s","members":[{"display":"a","displayName":"b","value":"%s"}]}"""
                .formatted(GROUP, uniqueName("both-names"), userId)).assertError(400, "invalidSyntax");
    }
}
