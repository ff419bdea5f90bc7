package dev.scimserver.schema;

import dev.scimserver.core.CustomTypes;
import dev.scimserver.core.ScimAssertions;
import dev.scimserver.error.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ResourceValidatorTest {
    private static final String CORE = SchemaRegistry.USER;
    private static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER;

    @TempDir
    static Path dir;
    private static SchemaRegistry registry;
    private final ResourceValidator validator = new ResourceValidator();
    private final ResourceValidator strictValidator = new ResourceValidator(true);

    @BeforeAll
    static void load() {
        registry = CustomTypes.registry(dir);
    }

    /** The body with {@code "schemas": [core URN]} added unless it has its own. */
    private static JsonObject input(ResourceType type, String body) {
        JsonObject object = json(body);
        if (object.containsKey("schemas")) {
            return object;
        }
        return Json.createObjectBuilder(object)
                .add("schemas", Json.createArrayBuilder().add(type.schema().id()))
                .build();
    }

    private JsonObject writable(String type, String body) {
        ResourceType resourceType = registry.resourceType(type);
        return validator.writableAttributes(resourceType, input(resourceType, body));
    }

    static Stream<Arguments> normalisedNames() {
        return Stream.of(
                Arguments.of("User", "{\"USERNAME\": \"bjensen\"}", "{\"userName\": \"bjensen\"}"),
                Arguments.of("User", "{\"username\": \"bjensen\", \"DisplayName\": \"Babs\"}",
                        "{\"userName\": \"bjensen\", \"displayName\": \"Babs\"}"),
                Arguments.of("User", "{\"Name\": {\"GIVENNAME\": \"Barbara\", \"familyname\": \"Jensen\"}}",
                        "{\"name\": {\"givenName\": \"Barbara\", \"familyName\": \"Jensen\"}}"),
                Arguments.of("User", "{\"EMAILS\": [{\"VALUE\": \"b@example.com\", \"Primary\": true}, {\"value\": \"c@example.com\"}]}",
                        "{\"emails\": [{\"value\": \"b@example.com\", \"primary\": true}, {\"value\": \"c@example.com\"}]}"),
                Arguments.of("User", "{\"ExternalID\": \"ext-1\"}", "{\"externalId\": \"ext-1\"}"),
                Arguments.of("User", "{\"" + ENTERPRISE + "\": {\"employeeNumber\": \"701984\"}}",
                        "{\"" + ENTERPRISE + "\": {\"employeeNumber\": \"701984\"}}"),
                Arguments.of("User", "{\"" + ENTERPRISE.toUpperCase() + "\": {\"EMPLOYEENUMBER\": \"701984\", \"Manager\": {\"VALUE\": \"m-1\"}}}",
                        "{\"" + ENTERPRISE + "\": {\"employeeNumber\": \"701984\", \"manager\": {\"value\": \"m-1\"}}}"),
                Arguments.of("User", "{\"" + ENTERPRISE.toLowerCase() + "\": {\"costcenter\": \"4130\"}}",
                        "{\"" + ENTERPRISE + "\": {\"costCenter\": \"4130\"}}"),
                Arguments.of("User", "{\"" + CORE + ":userName\": \"bjensen\"}", "{\"userName\": \"bjensen\"}"),
                Arguments.of("User", "{\"" + CORE.toUpperCase() + ":USERNAME\": \"bjensen\"}", "{\"userName\": \"bjensen\"}"),
                Arguments.of("User", "{\"" + CORE + ":name\": {\"givenName\": \"Barbara\"}}",
                        "{\"name\": {\"givenName\": \"Barbara\"}}"),
                Arguments.of("User", "{\"" + ENTERPRISE + ":employeeNumber\": \"701984\"}",
                        "{\"" + ENTERPRISE + "\": {\"employeeNumber\": \"701984\"}}"),
                Arguments.of("User", "{\"" + ENTERPRISE.toLowerCase() + ":EMPLOYEENUMBER\": \"701984\", \""
                                + ENTERPRISE + "\": {\"division\": \"Theme Park\"}}",
                        "{\"" + ENTERPRISE + "\": {\"employeeNumber\": \"701984\", \"division\": \"Theme Park\"}}"),
                Arguments.of("User", "{\"" + CORE + "\": {\"USERNAME\": \"bjensen\", \"nickName\": \"Babs\"}}",
                        "{\"userName\": \"bjensen\", \"nickName\": \"Babs\"}"),
                Arguments.of("Group", "{\"DISPLAYNAME\": \"Tour Guides\", \"Members\": [{\"VALUE\": \"u-1\", \"Display\": \"Babs\"}]}",
                        "{\"displayName\": \"Tour Guides\", \"members\": [{\"value\": \"u-1\", \"display\": \"Babs\"}]}"),
                Arguments.of("Device", "{\"urn:example:deviceowner\": {\"OWNER\": \"ops\"}, \"urn:example:DEVICE:Name\": \"d1\"}",
                        "{\"name\": \"d1\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\"}}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("normalisedNames")
    void namesInAnyCaseAreNormalisedToTheSchemaSpelling(String type, String body, String expected) {
        JsonObject result = writable(type, body);
        assertThat(result).isEqualTo(json(expected));
        // Same keys in the same (schema) spelling, not merely equal ignoring case.
        assertThat(result.keySet()).containsExactlyInAnyOrderElementsOf(json(expected).keySet());
    }

    @Test
    void resultFollowsTheSchemaOrderWithExtensionsLast() {
        JsonObject result = writable("User", "{\"" + ENTERPRISE + "\": {\"department\": \"Tour\"}, \"emails\": [{\"value\": \"b@x\"}], "
                + "\"userName\": \"bjensen\", \"externalId\": \"e\"}");
        assertThat(result.keySet()).containsExactly("externalId", "userName", "emails", ENTERPRISE);
    }

    @Test
    void schemasIdAndMetaAreNotPartOfTheResult() {
        JsonObject result = writable("User", "{\"userName\": \"bjensen\", \"id\": \"abc\", \"meta\": {\"version\": \"W/\\\"1\\\"\"}}");
        assertThat(result).isEqualTo(json("{\"userName\": \"bjensen\"}"));
    }

    static Stream<Arguments> droppedValues() {
        return Stream.of(
                Arguments.of("null", "{\"displayName\": null}"),
                Arguments.of("empty array", "{\"emails\": []}"),
                Arguments.of("array of nulls", "{\"emails\": [null, null]}"),
                Arguments.of("array of empty objects", "{\"emails\": [{}]}"),
                Arguments.of("complex with only nulls", "{\"name\": {\"givenName\": null}}"),
                Arguments.of("empty complex", "{\"name\": {}}"),
                Arguments.of("multi-valued items with only nulls", "{\"emails\": [{\"value\": null, \"type\": null}]}"),
                Arguments.of("readOnly id", "{\"id\": \"2819c223\"}"),
                Arguments.of("readOnly id in other case", "{\"ID\": \"2819c223\"}"),
                Arguments.of("readOnly meta", "{\"meta\": {\"resourceType\": \"User\", \"created\": \"2010-01-23T04:56:22Z\"}}"),
                Arguments.of("readOnly groups", "{\"groups\": [{\"value\": \"e9e30dba\", \"display\": \"Tour Guides\"}]}"),
                Arguments.of("readOnly groups of a wrong type", "{\"groups\": \"Tour Guides\"}"),
                Arguments.of("readOnly manager.displayName alone",
                        "{\"" + ENTERPRISE + "\": {\"manager\": {\"displayName\": \"John Smith\"}}}"),
                Arguments.of("null extension", "{\"" + ENTERPRISE + "\": null}"),
                Arguments.of("empty extension", "{\"" + ENTERPRISE + "\": {}}"),
                Arguments.of("extension of nulls", "{\"" + ENTERPRISE + "\": {\"employeeNumber\": null}}"),
                Arguments.of("null URN-qualified attribute", "{\"" + ENTERPRISE + ":employeeNumber\": null}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedValues")
    void nullEmptyAndReadOnlyValuesAreDropped(String description, String extra) {
        JsonObject body = Json.createObjectBuilder(json(extra)).add("userName", "bjensen").build();
        assertThat(writable("User", body.toString())).isEqualTo(json("{\"userName\": \"bjensen\"}"));
    }

    @Test
    void readOnlySubAttributeIsDroppedAndTheRestKept() {
        JsonObject result = writable("User", "{\"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"26118915\", "
                + "\"displayName\": \"John Smith\"}}}");
        assertThat(result).isEqualTo(json("{\"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"26118915\"}}}"));
    }

    @Test
    void nullItemsOfAMultiValuedAttributeAreDroppedAndTheRestKept() {
        JsonObject result = writable("User", "{\"emails\": [null, {\"value\": \"b@x\"}, {\"type\": null}]}");
        assertThat(result).isEqualTo(json("{\"emails\": [{\"value\": \"b@x\"}]}"));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                Arguments.of("User", "{\"active\": true}"),
                Arguments.of("User", "{\"active\": false}"),
                Arguments.of("User", "{\"profileUrl\": \"https://login.example.com/bjensen\"}"),
                Arguments.of("User", "{\"x509Certificates\": [{\"value\": \"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw\"}]}"),
                Arguments.of("User", "{\"x509Certificates\": [{\"value\": \"MIIDQzCC\\r\\nAqygAwIB\\nAgICEAAw\"}]}"),
                Arguments.of("Device", "{\"ports\": 8}"),
                Arguments.of("Device", "{\"ports\": -3}"),
                Arguments.of("Device", "{\"ports\": 0}"),
                Arguments.of("Device", "{\"ports\": 12345678901234567890}"),
                Arguments.of("Device", "{\"weight\": 1.5}"),
                Arguments.of("Device", "{\"weight\": 2}"),
                Arguments.of("Device", "{\"weight\": -1.5e3}"),
                Arguments.of("Device", "{\"installed\": \"2024-01-31T12:00:00Z\"}"),
                Arguments.of("Device", "{\"installed\": \"2024-01-31T12:00:00.123+02:00\"}"),
                Arguments.of("Device", "{\"image\": \"aGVsbG8gd29ybGQ=\"}"),
                Arguments.of("Device", "{\"image\": \"aGVsbG8g\\nd29ybGQ=\"}"),
                Arguments.of("Device", "{\"vendorUrl\": \"https://example.com/vendor\"}"),
                Arguments.of("Device", "{\"enabled\": false}"),
                Arguments.of("Device", "{\"tags\": [\"lab\", \"rack-4\"]}"),
                Arguments.of("Device", "{\"readings\": [{\"value\": 1.5, \"at\": \"2024-01-31T12:00:00Z\"}, {\"value\": 2}]}"),
                Arguments.of("Device", "{\"location\": {\"building\": \"B\", \"note\": \"by the door\"}}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("acceptedValues")
    void valuesOfTheRightTypeAreKeptAsSent(String type, String body) {
        JsonObject sent = json(body);
        JsonObject result = writable(type, body);
        String name = sent.keySet().iterator().next();
        assertThat(result.get(name)).isEqualTo(sent.get(name));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                wrong("User", "{\"userName\": 5}", "'userName' must be a string", "the number 5"),
                wrong("User", "{\"userName\": true}", "'userName' must be a string"),
                wrong("User", "{\"userName\": [\"bjensen\"]}", "'userName' must be a string", "an array"),
                wrong("User", "{\"userName\": {\"value\": \"bjensen\"}}", "'userName' must be a string", "an object"),
                wrong("User", "{\"active\": 1}", "'active' must be true or false"),
                wrong("User", "{\"profileUrl\": 1}", "'profileUrl' must be a string"),
                wrong("User", "{\"name\": \"Barbara Jensen\"}", "'name' must be a JSON object"),
                wrong("User", "{\"name\": [{\"givenName\": \"Barbara\"}]}", "'name' must be a JSON object"),
                wrong("User", "{\"name\": {\"givenName\": 7}}", "'name.givenName' must be a string"),
                wrong("User", "{\"emails\": {\"value\": \"b@x\"}}", "'emails' is multi-valued and must be a JSON array"),
                wrong("User", "{\"emails\": \"b@x\"}", "'emails' is multi-valued and must be a JSON array"),
                wrong("User", "{\"emails\": [\"b@x\"]}", "'emails' must be a JSON object"),
                wrong("User", "{\"EMAILS\": [{\"PRIMARY\": \"yes\"}]}", "'emails.primary' must be true or false"),
                wrong("User", "{\"x509Certificates\": [{\"value\": \"%%% not base64 %%%\"}]}",
                        "'x509Certificates.value' must be base64"),
                wrong("User", "{\"x509Certificates\": [{\"value\": 12}]}", "'x509Certificates.value' must be a base64 string"),
                wrong("User", "{\"" + ENTERPRISE + "\": \"701984\"}", "'" + ENTERPRISE + "' must be a JSON object"),
                wrong("User", "{\"" + ENTERPRISE + "\": [{\"employeeNumber\": \"1\"}]}", "'" + ENTERPRISE + "' must be a JSON object"),
                wrong("User", "{\"" + ENTERPRISE + "\": {\"employeeNumber\": 701984}}",
                        "'" + ENTERPRISE + ":employeeNumber' must be a string"),
                wrong("User", "{\"" + ENTERPRISE + ":manager\": \"26118915\"}",
                        "'" + ENTERPRISE + ":manager' must be a JSON object"),
                wrong("User", "{\"" + CORE + "\": \"bjensen\"}", "'" + CORE + "' must be a JSON object"),
                wrong("User", "{\"externalId\": 5}", "'externalId' must be a string"),
                wrong("Group", "{\"members\": {\"value\": \"u-1\"}}", "'members' is multi-valued and must be a JSON array"),
                wrong("Device", "{\"ports\": 1.5}", "'ports' must be an integer"),
                wrong("Device", "{\"ports\": \"8\"}", "'ports' must be an integer"),
                wrong("Device", "{\"ports\": true}", "'ports' must be an integer"),
                wrong("Device", "{\"weight\": \"1.5\"}", "'weight' must be a number"),
                wrong("Device", "{\"installed\": \"yesterday\"}", "'installed' must be an xsd:dateTime", "yesterday"),
                wrong("Device", "{\"installed\": \"2024-01-31T12:00:00\"}", "'installed' must be an xsd:dateTime"),
                wrong("Device", "{\"installed\": \"2024-01-31\"}", "'installed' must be an xsd:dateTime"),
                wrong("Device", "{\"installed\": 1706702400}", "'installed' must be a dateTime string"),
                wrong("Device", "{\"image\": \"not base64!\"}", "'image' must be base64"),
                wrong("Device", "{\"image\": \"aGVsbG8=x\"}", "'image' must be base64"),
                wrong("Device", "{\"image\": \"hello world!\"}", "'image' must be base64"),
                wrong("Device", "{\"image\": \"@@@@\"}", "'image' must be base64"),
                wrong("Device", "{\"image\": 5}", "'image' must be a base64 string"),
                wrong("Device", "{\"vendorUrl\": true}", "'vendorUrl' must be a string"),
                wrong("Device", "{\"enabled\": \"no\"}", "'enabled' must be true or false"),
                wrong("Device", "{\"tags\": \"lab\"}", "'tags' is multi-valued and must be a JSON array"),
                wrong("Device", "{\"tags\": [\"lab\", 4]}", "'tags' must be a string"),
                wrong("Device", "{\"readings\": [{\"value\": \"high\"}]}", "'readings.value' must be a number"),
                wrong("Device", "{\"readings\": [{\"value\": 1, \"at\": \"noon\"}]}", "'readings.at' must be an xsd:dateTime"),
                wrong("Device", "{\"location\": {\"room\": 12}}", "'location.room' must be a string"),
                wrong("Device", "{\"urn:example:DeviceOwner\": {\"owner\": [\"ops\"]}}",
                        "'urn:example:DeviceOwner:owner' must be a string"));
    }

    private static Arguments wrong(String type, String body, String... fragments) {
        return Arguments.of(type, body, fragments);
    }

    /** Values the lenient default coerces (Entra ID sends booleans as strings) and strict mode refuses. */
    static Stream<Arguments> wrongOnlyWhenStrict() {
        return Stream.of(
                wrong("User", "{\"active\": \"true\"}", "'active' must be true or false", "the string \"true\""),
                wrong("User", "{\"active\": \"False\"}", "'active' must be true or false"),
                wrong("User", "{\"emails\": [{\"value\": \"b@x\", \"primary\": \"TRUE\"}]}", "'emails.primary' must be true or false"),
                wrong("Device", "{\"enabled\": \"false\"}", "'enabled' must be true or false"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeIsInvalidValueNamingTheAttribute(String type, String body, String[] fragments) {
        assertScimError(() -> writable(type, body), 400, "invalidValue", fragments);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource({"wrongTypes", "wrongOnlyWhenStrict"})
    void aStrictValidatorRefusesEveryValueOfTheWrongType(String type, String body, String[] fragments) {
        ResourceType resourceType = registry.resourceType(type);
        assertScimError(() -> strictValidator.writableAttributes(resourceType, input(resourceType, body)),
                400, "invalidValue", fragments);
    }

    static Stream<Arguments> booleanStrings() {
        return Stream.of(
                Arguments.of("User", "{\"active\": \"true\"}", "{\"active\": true}"),
                Arguments.of("User", "{\"active\": \"False\"}", "{\"active\": false}"),
                Arguments.of("User", "{\"active\": \"TRUE\"}", "{\"active\": true}"),
                Arguments.of("User", "{\"emails\": [{\"value\": \"b@x\", \"primary\": \"true\"}]}",
                        "{\"emails\": [{\"value\": \"b@x\", \"primary\": true}]}"),
                Arguments.of("Device", "{\"enabled\": \"false\"}", "{\"enabled\": false}"));
    }

    /** Lenient (the default): "True"/"false" strings where the schema says boolean are the booleans they spell. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("booleanStrings")
    void theLenientValidatorCoercesBooleanStringsWhereTheSchemaSaysBoolean(String type, String body, String expected) {
        assertThat(writable(type, body)).isEqualTo(json(expected));
    }

    @Test
    void aRequiredSubAttributeMissingFromAnItemIsInvalidValue() {
        assertScimError(() -> writable("Device", "{\"readings\": [{\"at\": \"2024-01-31T12:00:00Z\"}]}"),
                400, "invalidValue", "'readings.value' is required");
    }

    @Test
    void unknownAttributesAreInvalidSyntaxListingAllOfThem() {
        String body = "{\"userName\": \"bjensen\", \"shoeSize\": 42, \"name\": {\"givenName\": \"B\", \"nickname\": \"Babs\"}, "
                + "\"emails\": [{\"value\": \"b@x\", \"label\": \"work\"}], "
                + "\"" + ENTERPRISE + "\": {\"employeeNumber\": \"1\", \"hatSize\": 7}, "
                + "\"" + ENTERPRISE + ":gloveSize\": 9, \"" + CORE + ":eyeColour\": \"blue\", "
                + "\"urn:example:Other:thing\": 1}";
        ScimException e = assertScimError(() -> writable("User", body), 400, "invalidSyntax",
                "Unknown attributes for User", "shoeSize", "name.nickname", "emails.label",
                ENTERPRISE + ":hatSize", ENTERPRISE + ":gloveSize", CORE + ":eyeColour", "urn:example:Other:thing");
        assertThat(e.detail()).doesNotContain("givenName", "employeeNumber");
    }

    @Test
    void oneUnknownAttributeIsNamedInTheSingular() {
        assertScimError(() -> writable("Group", "{\"displayName\": \"G\", \"owner\": \"x\"}"), 400, "invalidSyntax",
                "Unknown attribute for Group: owner");
    }

    @Test
    void anExtensionOfAnotherTypeIsAnUnknownAttribute() {
        assertScimError(() -> writable("Group", "{\"displayName\": \"G\", \"" + ENTERPRISE + "\": {\"employeeNumber\": \"1\"}}"),
                400, "invalidSyntax", ENTERPRISE);
    }

    static Stream<Arguments> badSchemas() {
        return Stream.of(
                Arguments.of("a string", "{\"schemas\": \"" + CORE + "\", \"userName\": \"bjensen\"}",
                        new String[]{"'schemas' must be an array"}),
                Arguments.of("not strings", "{\"schemas\": [1], \"userName\": \"bjensen\"}",
                        new String[]{"'schemas' must be an array"}),
                Arguments.of("extension only", "{\"schemas\": [\"" + ENTERPRISE + "\"], \"userName\": \"bjensen\"}",
                        new String[]{"'schemas' must contain", CORE}));
    }

    /** Lenient mode ignores a foreign URN, so only the missing core schema is left to name. */
    static Stream<Arguments> badSchemasWhenLenient() {
        return Stream.of(
                Arguments.of("only another type's schema", "{\"schemas\": [\"" + SchemaRegistry.GROUP + "\"], \"userName\": \"bjensen\"}",
                        new String[]{"'schemas' must contain", CORE}));
    }

    /**
     * Foreign URNs next to the core schema, and no schemas at all: refused in strict mode; the lenient
     * default ignores the first and supplies the core schema for the second.
     */
    static Stream<Arguments> badSchemasWhenStrict() {
        return Stream.of(
                Arguments.of("missing", "{\"userName\": \"bjensen\"}", new String[]{"'schemas' is required", CORE}),
                Arguments.of("null", "{\"schemas\": null, \"userName\": \"bjensen\"}", new String[]{"'schemas' is required"}),
                Arguments.of("empty", "{\"schemas\": [], \"userName\": \"bjensen\"}", new String[]{"'schemas' is required", CORE}),
                Arguments.of("another type's schema", "{\"schemas\": [\"" + SchemaRegistry.GROUP + "\"], \"userName\": \"bjensen\"}",
                        new String[]{SchemaRegistry.GROUP, "is not one of User's schemas"}),
                Arguments.of("an unrelated URN next to the core", "{\"schemas\": [\"" + CORE + "\", \"urn:example:Other\"], \"userName\": \"b\"}",
                        new String[]{"\"urn:example:Other\" is not one of User's schemas", ENTERPRISE}));
    }

    @ParameterizedTest(name = "schemas {0}")
    @MethodSource({"badSchemas", "badSchemasWhenLenient"})
    void schemasMustNameTheCoreSchema(String description, String body, String[] fragments) {
        ResourceType user = registry.resourceType("User");
        assertScimError(() -> validator.writableAttributes(user, json(body)), 400, "invalidValue", fragments);
    }

    @ParameterizedTest(name = "schemas {0}")
    @MethodSource({"badSchemas", "badSchemasWhenStrict"})
    void strictSchemasMustNameTheCoreSchemaAndNothingForeign(String description, String body, String[] fragments) {
        ResourceType user = registry.resourceType("User");
        assertScimError(() -> strictValidator.writableAttributes(user, json(body)), 400, "invalidValue", fragments);
    }

    @ParameterizedTest(name = "schemas {0}")
    @ValueSource(strings = {"urn:example:Other", "urn:scim:schemas:core:1.0", SchemaRegistry.GROUP})
    void theLenientValidatorIgnoresAForeignUrnNextToTheCoreSchema(String foreign) {
        ResourceType user = registry.resourceType("User");
        JsonObject body = json("{\"schemas\": [\"" + foreign + "\", \"" + CORE + "\"], \"userName\": \"b\"}");
        assertThat(validator.writableAttributes(user, body)).isEqualTo(json("{\"userName\": \"b\"}"));
    }

    @ParameterizedTest(name = "schemas {0}")
    @ValueSource(strings = {"", "\"schemas\": null,", "\"schemas\": [],"})
    void theLenientValidatorTakesNoSchemasAsTheEndpointsType(String schemas) {
        ResourceType user = registry.resourceType("User");
        assertThat(validator.writableAttributes(user, json("{" + schemas + "\"userName\": \"bjensen\"}")))
                .isEqualTo(json("{\"userName\": \"bjensen\"}"));
    }

    @Test
    void schemasMayListTheExtensionAndUseAnyCase() {
        // A declared extension without values is kept as an empty object, so it stays in the stored schemas.
        ResourceType user = registry.resourceType("User");
        JsonObject body = json("{\"schemas\": [\"" + CORE.toUpperCase() + "\", \"" + ENTERPRISE.toLowerCase() + "\"], "
                + "\"userName\": \"bjensen\"}");
        assertThat(validator.writableAttributes(user, body)).isEqualTo(json("{\"userName\": \"bjensen\", \"" + ENTERPRISE + "\": {}}"));
        assertThat(strictValidator.writableAttributes(user, body)).isEqualTo(validator.writableAttributes(user, body));
    }

    @Test
    void theSchemasAttributeNameIsCaseInsensitiveToo() {
        ResourceType user = registry.resourceType("User");
        JsonObject body = json("{\"Schemas\": [\"" + CORE + "\"], \"userName\": \"bjensen\"}");
        assertThat(validator.writableAttributes(user, body)).isEqualTo(json("{\"userName\": \"bjensen\"}"));
    }

    @Test
    void checkRequiredAcceptsAResourceWithItsRequiredAttributes() {
        ResourceType user = registry.resourceType("User");
        assertThatCode(() -> validator.checkRequired(user, writable("User", "{\"userName\": \"bjensen\"}")))
                .doesNotThrowAnyException();
        ResourceType device = registry.resourceType("Device");
        assertThatCode(() -> validator.checkRequired(device, writable("Device", "{\"name\": \"d1\"}")))
                .doesNotThrowAnyException();
        ResourceType gadget = registry.resourceType("Gadget");
        assertThatCode(() -> validator.checkRequired(gadget,
                writable("Gadget", "{\"name\": \"g1\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\"}}")))
                .doesNotThrowAnyException();
    }

    static Stream<Arguments> missingRequired() {
        return Stream.of(
                Arguments.of("User", "{\"displayName\": \"Babs\"}", "'userName' is required"),
                Arguments.of("User", "{\"userName\": null}", "'userName' is required"),
                Arguments.of("User", "{\"USERNAME\": null, \"" + CORE + ":userName\": null}", "'userName' is required"),
                Arguments.of("Group", "{\"members\": [{\"value\": \"u-1\"}]}", "'displayName' is required"),
                Arguments.of("Device", "{\"tags\": [\"lab\"]}", "'name' is required"),
                Arguments.of("Device", "{\"name\": \"d1\", \"urn:example:DeviceOwner\": {\"badge\": \"b-1\"}}",
                        "'urn:example:DeviceOwner:owner' is required"),
                Arguments.of("Gadget", "{\"name\": \"g1\"}", "The extension urn:example:DeviceOwner is required for Gadget"),
                Arguments.of("Gadget", "{\"name\": \"g1\", \"urn:example:DeviceOwner\": {}}",
                        "The extension urn:example:DeviceOwner is required for Gadget"),
                Arguments.of("Gadget", "{\"name\": \"g1\", \"urn:example:DeviceOwner\": {\"badge\": \"b-1\"}}",
                        "'urn:example:DeviceOwner:owner' is required"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("missingRequired")
    void aMissingRequiredAttributeOrExtensionIsInvalidValue(String type, String body, String fragment) {
        ResourceType resourceType = registry.resourceType(type);
        JsonObject attributes = writable(type, body);
        assertScimError(() -> validator.checkRequired(resourceType, attributes), 400, "invalidValue", fragment);
    }
}
