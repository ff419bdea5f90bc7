package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectionTest {
    private static final String CORE = SchemaRegistry.USER;
    private static final String ENT = SchemaRegistry.ENTERPRISE_USER;

    private static final JsonObject USER = json("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223",
              "externalId": "ext-1",
              "userName": "bjensen",
              "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara"},
              "displayName": "Babs",
              "password": "t1meMa$heen",
              "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                         {"value": "babs@jensen.org", "type": "home"}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": {"value": "26118915", "displayName": "John Smith"}
              },
              "meta": {"resourceType": "User", "created": "2024-03-01T10:00:00.000Z",
                       "lastModified": "2024-03-01T10:00:00.000Z", "version": "W/\\"3694e05e9dff590\\"",
                       "location": "https://example.com/v2/Users/2819c223"}
            }
            """);

    private static final JsonObject DEVICE = json("""
            {
              "schemas": ["urn:example:Device"],
              "id": "d-1",
              "name": "router",
              "secret": "hunter2",
              "pin": "1234",
              "location": {"building": "B", "room": "12", "note": "behind the rack"},
              "meta": {"resourceType": "Device", "created": "2024-03-01T10:00:00.000Z"}
            }
            """);

    @TempDir
    static Path dir;
    private static ResourceType user;
    private static ResourceType device;

    @BeforeAll
    static void load() {
        SchemaRegistry registry = CustomTypes.registry(dir);
        user = registry.resourceType("User");
        device = CustomTypes.device(registry);
    }

    /** {@code base} without these top-level keys. */
    private static JsonObject without(JsonObject base, String... keys) {
        JsonObjectBuilder builder = Json.createObjectBuilder(base);
        for (String key : keys) {
            builder.remove(key);
        }
        return builder.build();
    }

    /** {@code base} with these top-level values replaced. */
    private static JsonObject with(JsonObject base, Map<String, JsonValue> values) {
        JsonObjectBuilder builder = Json.createObjectBuilder(base);
        values.forEach(builder::add);
        return builder.build();
    }

    private static String idOnly(String extra) {
        return "{\"schemas\": [\"" + CORE + "\", \"" + ENT + "\"], \"id\": \"2819c223\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static Stream<Arguments> userProjections() {
        JsonObject defaultView = without(USER, "password");
        return Stream.of(
                Arguments.of(null, null, defaultView),
                Arguments.of("", " ", defaultView),
                Arguments.of(" , ", null, defaultView),
                Arguments.of("userName", null, json(idOnly("\"userName\": \"bjensen\""))),
                Arguments.of("USERNAME", null, json(idOnly("\"userName\": \"bjensen\""))),
                Arguments.of(" userName , displayName ", null, json(idOnly("\"userName\": \"bjensen\", \"displayName\": \"Babs\""))),
                Arguments.of("id", null, json(idOnly(""))),
                Arguments.of("schemas", null, json(idOnly(""))),
                Arguments.of("password", null, json(idOnly(""))),
                Arguments.of("nickName", null, json(idOnly(""))),
                Arguments.of("noSuchAttribute", null, json(idOnly(""))),
                Arguments.of("externalId", null, json(idOnly("\"externalId\": \"ext-1\""))),
                Arguments.of("name", null, json(idOnly("\"name\": " + USER.get("name")))),
                Arguments.of("name.givenName", null, json(idOnly("\"name\": {\"givenName\": \"Barbara\"}"))),
                Arguments.of("Name.GIVENNAME,name.familyName", null,
                        json(idOnly("\"name\": {\"familyName\": \"Jensen\", \"givenName\": \"Barbara\"}"))),
                Arguments.of("emails.value", null,
                        json(idOnly("\"emails\": [{\"value\": \"bjensen@example.com\"}, {\"value\": \"babs@jensen.org\"}]"))),
                Arguments.of("emails.primary", null, json(idOnly("\"emails\": [{\"primary\": true}]"))),
                Arguments.of(CORE + ":userName", null, json(idOnly("\"userName\": \"bjensen\""))),
                Arguments.of(CORE.toUpperCase() + ":NAME.givenName", null, json(idOnly("\"name\": {\"givenName\": \"Barbara\"}"))),
                Arguments.of(ENT + ":employeeNumber", null, json(idOnly("\"" + ENT + "\": {\"employeeNumber\": \"701984\"}"))),
                Arguments.of(ENT.toLowerCase() + ":EMPLOYEENUMBER", null,
                        json(idOnly("\"" + ENT + "\": {\"employeeNumber\": \"701984\"}"))),
                Arguments.of(ENT + ":manager.value", null, json(idOnly("\"" + ENT + "\": {\"manager\": {\"value\": \"26118915\"}}"))),
                Arguments.of(ENT, null, json(idOnly("\"" + ENT + "\": " + USER.get(ENT)))),
                Arguments.of(ENT.toUpperCase(), null, json(idOnly("\"" + ENT + "\": " + USER.get(ENT)))),
                Arguments.of("employeeNumber", null, json(idOnly(""))),
                Arguments.of("meta", null, json(idOnly("\"meta\": " + USER.get("meta")))),
                Arguments.of("meta.location", null,
                        json(idOnly("\"meta\": {\"location\": \"https://example.com/v2/Users/2819c223\"}"))),
                Arguments.of("META.Version,meta.resourceType", null,
                        json(idOnly("\"meta\": {\"resourceType\": \"User\", \"version\": \"W/\\\"3694e05e9dff590\\\"\"}"))),

                Arguments.of(null, "emails", without(defaultView, "emails")),
                Arguments.of(null, "EMAILS,displayName, userName", without(defaultView, "emails", "displayName", "userName")),
                Arguments.of(null, "id", defaultView),
                Arguments.of(null, "schemas", defaultView),
                Arguments.of(null, "password", defaultView),
                Arguments.of(null, "name.givenName,emails.type", with(defaultView, Map.of(
                        "name", json("{\"formatted\": \"Ms. Barbara J Jensen III\", \"familyName\": \"Jensen\"}"),
                        "emails", Json.createArrayBuilder()
                                .add(json("{\"value\": \"bjensen@example.com\", \"primary\": true}"))
                                .add(json("{\"value\": \"babs@jensen.org\"}")).build()))),
                Arguments.of(null, "meta.version,meta.location", with(defaultView, Map.of("meta", json(
                        "{\"resourceType\": \"User\", \"created\": \"2024-03-01T10:00:00.000Z\", "
                                + "\"lastModified\": \"2024-03-01T10:00:00.000Z\"}")))),
                Arguments.of(null, "meta", without(defaultView, "meta")),
                Arguments.of(null, ENT, without(defaultView, ENT)),
                Arguments.of(null, ENT.toUpperCase(), without(defaultView, ENT)),
                Arguments.of(null, ENT + ":manager", with(defaultView, Map.of(ENT,
                        json("{\"employeeNumber\": \"701984\", \"department\": \"Tour Operations\"}")))),
                Arguments.of(null, ENT + ":manager.displayName", with(defaultView, Map.of(ENT,
                        json("{\"employeeNumber\": \"701984\", \"department\": \"Tour Operations\", "
                                + "\"manager\": {\"value\": \"26118915\"}}")))),
                Arguments.of(null, CORE + ":userName", without(defaultView, "userName")));
    }

    @ParameterizedTest(name = "attributes={0} excludedAttributes={1}")
    @MethodSource("userProjections")
    void projectsAUser(String attributes, String excludedAttributes, JsonObject expected) {
        assertThat(Projection.of(attributes, excludedAttributes).apply(user, USER)).isEqualTo(expected);
    }

    @Test
    void theDefaultProjectionIsShared() {
        assertThat(Projection.of(null, null)).isSameAs(Projection.DEFAULT);
        assertThat(Projection.of(" ", ",")).isSameAs(Projection.DEFAULT);
    }

    @Test
    void attributesAndExcludedAttributesTogetherAreInvalidValue() {
        assertScimError(() -> Projection.of("userName", "emails"), 400, "invalidValue",
                "'attributes'", "'excludedAttributes'");
    }

    static Stream<Arguments> deviceProjections() {
        return Stream.of(
                Arguments.of(null, null,
                        "{\"name\": \"router\", \"location\": {\"building\": \"B\", \"room\": \"12\"}, \"meta\": " + DEVICE.get("meta") + "}"),
                Arguments.of("secret", null, "{\"secret\": \"hunter2\"}"),
                Arguments.of("SECRET,name", null, "{\"name\": \"router\", \"secret\": \"hunter2\"}"),
                Arguments.of("location.note", null, "{\"location\": {\"note\": \"behind the rack\"}}"),
                Arguments.of("pin", null, "{}"),
                Arguments.of(null, "name", "{\"location\": {\"building\": \"B\", \"room\": \"12\"}, \"meta\": " + DEVICE.get("meta") + "}"),
                Arguments.of(null, "location.building", "{\"name\": \"router\", \"location\": {\"room\": \"12\"}, \"meta\": "
                        + DEVICE.get("meta") + "}"));
    }

    @ParameterizedTest(name = "attributes={0} excludedAttributes={1}")
    @MethodSource("deviceProjections")
    void requestAttributesShowOnlyWhenAskedForAndNeverOnesNever(String attributes, String excludedAttributes, String expected) {
        JsonObject shown = Projection.of(attributes, excludedAttributes).apply(device, DEVICE);
        JsonObject expectedWithIdentity = Json.createObjectBuilder(json(expected))
                .add("schemas", DEVICE.get("schemas"))
                .add("id", "d-1")
                .build();
        assertThat(shown).isEqualTo(expectedWithIdentity);
    }
}
