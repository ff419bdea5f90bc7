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
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.UUID_PATTERN;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests checked against the schemas (RFC 7643 §2): case-insensitive names, types, required and
 * unknown attributes, and the mutability and returned characteristics.
 */
@ServerTest
class SchemaProcessingTest {
    private final ScimClient scim;
    private final ScimClient strict;

    SchemaProcessingTest(Http1Client client, @Socket("strict") Http1Client strictClient) {
        this.scim = new ScimClient(client);
        this.strict = new ScimClient(strictClient);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    /** A second socket with {@code strict} on: RFC answers where the default is lenient. */
    @SetUpRoute("strict")
    static void strictRouting(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, ServerSettings.defaults().withStrict(true), registry,
                new ResourceService(TestBackends.create(), Clock.systemUTC(), registry, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void namesAreCaseInsensitiveAndAnsweredInTheSchemaSpelling(String prefix) {
        String userName = uniqueName("Case");

        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s", "%s"],
                 "USERNAME": "%s",
                 "Name": {"GivenName": "Barbara", "FAMILYNAME": "Jensen"},
                 "EMAILS": [{"VALUE": "bjensen@example.com", "Type": "work", "PRIMARY": true}],
                 "Active": true,
                 "%s": {"EmployeeNumber": "42", "MANAGER": {"Value": "boss"}}}
                """.formatted(USER.toLowerCase(), ENTERPRISE_USER.toUpperCase(), userName,
                ENTERPRISE_USER.toUpperCase()));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        JsonObject body = res.json();
        assertThat(strings(body, "schemas")).containsExactly(USER, ENTERPRISE_USER);
        assertThat(body.getString("userName")).isEqualTo(userName);
        assertThat(body.getJsonObject("name").keySet()).containsExactlyInAnyOrder("givenName", "familyName");
        assertThat(body.getJsonObject("name").getString("givenName")).isEqualTo("Barbara");
        assertThat(body.getJsonArray("emails").getJsonObject(0).keySet()).containsExactlyInAnyOrder("value", "type", "primary");
        assertThat(body.getBoolean("active")).isTrue();
        assertThat(body.keySet()).doesNotContain("USERNAME", "Name", "EMAILS", "Active", ENTERPRISE_USER.toUpperCase());
        JsonObject enterprise = body.getJsonObject(ENTERPRISE_USER);
        assertThat(enterprise.getString("employeeNumber")).isEqualTo("42");
        assertThat(enterprise.getJsonObject("manager").getString("value")).isEqualTo("boss");

        assertThat(scim.get(prefix + "/Users/" + body.getString("id")).json()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void urnQualifiedAttributeNamesAreAccepted(String prefix) {
        String userName = uniqueName("qualified");

        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s", "%s"],
                 "%s:userName": "%s",
                 "%s:department": "Tour Operations"}
                """.formatted(USER, ENTERPRISE_USER, USER.toUpperCase(), userName, ENTERPRISE_USER));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        assertThat(res.json().getString("userName")).isEqualTo(userName);
        assertThat(res.json().getJsonObject(ENTERPRISE_USER).getString("department")).isEqualTo("Tour Operations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Schemas", "SCHEMAS"})
    void theSchemasKeyIsCaseInsensitiveToo(String key) {
        Exchange res = scim.post("/Users", """
                {"%s": ["%s"], "userName": "%s"}
                """.formatted(key, USER, uniqueName("schemas-key")));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        assertThat(strings(res.json(), "schemas")).containsExactly(USER);
        assertThat(res.json().keySet()).doesNotContain(key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName as a number          | "userName": 42                                                  | userName
            active as the string "yes"    | "userName": "{u}", "active": "yes"                              | active
            emails not an array           | "userName": "{u}", "emails": {"value": "a@example.com"}         | emails
            name as a string              | "userName": "{u}", "name": "Barbara Jensen"                     | name
            name.givenName as a number    | "userName": "{u}", "name": {"givenName": 7}                     | name.givenName
            emails.primary as a string    | "userName": "{u}", "emails": [{"value": "a@b.c", "primary": "yes"}] | emails.primary
            an email that is a string     | "userName": "{u}", "emails": ["a@example.com"]                  | emails
            x509 value that is not base64 | "userName": "{u}", "x509Certificates": [{"value": "not base64!"}] | x509Certificates.value
            x509 value as a number        | "userName": "{u}", "x509Certificates": [{"value": 12}]          | x509Certificates.value
            displayName as an object      | "userName": "{u}", "displayName": {"text": "Babs"}              | displayName
            the extension as a string     | "userName": "{u}", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x" | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User
            """)
    void wrongTypesAreInvalidValueNamingTheAttribute(String what, String members, String attribute) {
        Exchange res = scim.post("/Users", """
                {"schemas": ["%s", "%s"], %s}
                """.formatted(USER, ENTERPRISE_USER, members.replace("{u}", uniqueName("types"))));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains(attribute);
    }

    @ParameterizedTest
    @ValueSource(strings = {"***", "hello world!", "é"})
    void binaryValuesOutsideTheBase64AlphabetAreInvalidValue(String value) {
        Exchange res = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "x509Certificates": [{"value": "%s"}]}
                """.formatted(USER, uniqueName("binary"), value));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("x509Certificates.value");
    }

    @Test
    void base64BinaryIsAccepted() {
        Exchange res = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "x509Certificates": [{"value": "TUlJRGRqQ0NBbDZnQXdJQkFnSUpBTg=="}]}
                """.formatted(USER, uniqueName("binary-ok")));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        assertThat(res.json().getJsonArray("x509Certificates").getJsonObject(0).getString("value"))
                .isEqualTo("TUlJRGRqQ0NBbDZnQXdJQkFnSUpBTg==");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void missingUserNameIsInvalidValue(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "displayName": "Nobody"}
                """.formatted(USER));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("userName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aBlankUserNameIsNoUserName(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "  "}
                """.formatted(USER));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("userName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void missingDisplayNameOfAGroupIsInvalidValue(String prefix) {
        Exchange res = scim.post(prefix + "/Groups", """
                {"schemas": ["%s"], "members": []}
                """.formatted(GROUP));

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("displayName");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            schemas a string           | {"schemas": "urn:ietf:params:scim:schemas:core:2.0:User", "userName": "x"}
            only the extension         | {"schemas": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "userName": "x"}
            the Group schema           | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "userName": "x"}
            """)
    // Missing or null "schemas" is served by default and refused only by strict mode:
    // PythonServerClientsTest.aUserWithoutSchemasIsCreatedWithTheCoreSchemaAsThePythonServerDoes.
    void schemasMustNameTheCoreSchema(String what, String body) {
        for (ScimClient server : new ScimClient[] {scim, strict}) {
            Exchange res = server.post("/Users", body);

            String detail = res.assertError(400, "invalidValue");
            assertThat(detail).containsAnyOf("schemas", "urn:");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown schema          | urn:example:nope
            the SCIM 1.0 core (Google) | urn:scim:schemas:core:1.0
            the Group schema           | urn:ietf:params:scim:schemas:core:2.0:Group
            """)
    void aForeignSchemaNextToTheCoreIsRefusedWhenStrictAndIgnoredByDefault(String what, String foreign) {
        String userName = uniqueName("foreign-schema");
        String body = """
                {"schemas": ["%s", "%s"], "userName": "%s"}
                """.formatted(foreign, USER, userName);

        String detail = strict.post("/Users", body).assertError(400, "invalidValue");
        assertThat(detail).contains(foreign, "is not one of User's schemas");

        Exchange lenient = scim.post("/Users", body);
        assertThat(lenient.status()).as(lenient.body()).isEqualTo(201);
        assertThat(strings(lenient.json(), "schemas")).containsExactly(USER);
        assertThat(lenient.json().getString("userName")).isEqualTo(userName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void unknownAttributeIsInvalidSyntaxNamingIt(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "favouriteColour": "teal"}
                """.formatted(USER, uniqueName("unknown")));

        String detail = res.assertError(400, "invalidSyntax");
        assertThat(detail).contains("favouriteColour");
    }

    @Test
    void unknownSubAttributeAndExtensionAttributeAreNamed() {
        Exchange res = scim.post("/Users", """
                {"schemas": ["%s", "%s"], "userName": "%s", "name": {"nickname": "Babs"},
                 "%s": {"shoeSize": 42}}
                """.formatted(USER, ENTERPRISE_USER, uniqueName("unknown-sub"), ENTERPRISE_USER));

        String detail = res.assertError(400, "invalidSyntax");
        assertThat(detail).contains("name.nickname", "shoeSize");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void readOnlyAttributesSentByTheClientAreIgnored(String prefix) {
        String userName = uniqueName("readonly");

        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s",
                 "id": "client-chosen-id",
                 "meta": {"resourceType": "Group", "created": "1999-01-01T00:00:00Z", "version": "W/\\"client\\""},
                 "groups": [{"value": "some-group", "display": "Admins"}]}
                """.formatted(USER, userName));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        JsonObject body = res.json();
        assertThat(body.getString("id")).matches(UUID_PATTERN).isNotEqualTo("client-chosen-id");
        assertThat(body.getJsonObject("meta").getString("resourceType")).isEqualTo("User");
        assertThat(body.getJsonObject("meta").getString("created")).doesNotStartWith("1999");
        assertThat(body.getJsonObject("meta").getString("version")).isNotEqualTo("W/\"client\"");
        assertThat(body.containsKey("groups")).isFalse();
        scim.get(prefix + "/Users/client-chosen-id").assertError(404, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void thePasswordIsNeverReturned(String prefix) {
        String userName = uniqueName("secret");

        Exchange created = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "password": "t1meMachine!"}
                """.formatted(USER, userName));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().containsKey("password")).isFalse();
        assertThat(created.body()).doesNotContain("t1meMachine!");
        String id = created.id();
        Exchange read = scim.get(prefix + "/Users/" + id);
        assertThat(read.json().containsKey("password")).isFalse();
        assertThat(read.body()).doesNotContain("t1meMachine!");
        Exchange asked = scim.get(prefix + "/Users/" + id + "?attributes=password,userName");
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).doesNotContain("t1meMachine!");
        Exchange replaced = scim.put(prefix + "/Users/" + id, """
                {"schemas": ["%s"], "userName": "%s", "password": "n3wSecret!"}
                """.formatted(USER, userName));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().containsKey("password")).isFalse();
        assertThat(replaced.body()).doesNotContain("n3wSecret!");
        Exchange list = scim.get(prefix + "/Users");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("t1meMachine!", "n3wSecret!", "\"password\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void externalIdIsKeptAsSent(String prefix) {
        Exchange res = scim.post(prefix + "/Users", """
                {"schemas": ["%s"], "userName": "%s", "EXTERNALID": "Okta-00uAbC123"}
                """.formatted(USER, uniqueName("external")));

        assertThat(res.status()).isEqualTo(201);
        assertThat(res.json().getString("externalId")).isEqualTo("Okta-00uAbC123");
        assertThat(scim.get(prefix + "/Users/" + res.id()).json().getString("externalId")).isEqualTo("Okta-00uAbC123");
    }

    @Test
    void nullAndEmptyValuesAreUnassigned() {
        Exchange res = scim.post("/Users", """
                {"schemas": ["%s"], "userName": "%s", "displayName": null, "emails": [], "name": {}}
                """.formatted(USER, uniqueName("nulls")));

        assertThat(res.status()).as(res.body()).isEqualTo(201);
        assertThat(res.json().keySet()).doesNotContain("displayName", "emails", "name");
    }
}
