package dev.scimserver.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaRegistryTest {
    private static final String DISCOVERY_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    private static final String DISCOVERY_RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String DISCOVERY_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

    private static final String DEVICE_SCHEMA = """
            [{"id": "urn:example:Device", "name": "Device", "attributes": [
              {"name": "serialNumber", "type": "string", "uniqueness": "server", "required": true},
              {"name": "ports", "type": "integer"}
            ]}]
            """;
    private static final String DEVICE_TYPE = """
            [{"id": "Device", "name": "Device", "endpoint": "/Devices", "schema": "urn:example:Device"}]
            """;

    @TempDir
    Path dir;

    @Test
    void defaultsHaveUserWithEnterpriseExtensionGroupAndTheDiscoverySchemas() {
        SchemaRegistry registry = SchemaRegistry.defaults();

        assertThat(registry.schemas()).extracting(Schema::id).containsExactlyInAnyOrder(
                SchemaRegistry.USER, SchemaRegistry.GROUP, SchemaRegistry.ENTERPRISE_USER,
                DISCOVERY_SCHEMA, DISCOVERY_RESOURCE_TYPE, DISCOVERY_CONFIG);
        assertThat(registry.resourceTypes()).extracting(ResourceType::id).containsExactly("User", "Group");

        ResourceType user = registry.resourceType("User");
        assertThat(user.endpoint()).isEqualTo("/Users");
        assertThat(user.schema().id()).isEqualTo(SchemaRegistry.USER);
        assertThat(user.extensions()).singleElement().satisfies(e -> {
            assertThat(e.schema().id()).isEqualTo(SchemaRegistry.ENTERPRISE_USER);
            assertThat(e.required()).isFalse();
        });
        ResourceType group = registry.resourceType("Group");
        assertThat(group.endpoint()).isEqualTo("/Groups");
        assertThat(group.schema().id()).isEqualTo(SchemaRegistry.GROUP);
        assertThat(group.extensions()).isEmpty();

        Attribute userName = user.schema().attribute("userName");
        assertThat(userName.required()).isTrue();
        assertThat(userName.uniqueness()).isEqualTo(Uniqueness.SERVER);
        assertThat(user.schema().attribute("password").returned()).isEqualTo(Returned.NEVER);
        assertThat(user.schema().attribute("emails").multiValued()).isTrue();
        assertThat(user.schema().attribute("emails").subAttribute("value").type()).isEqualTo(AttributeType.STRING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:ietf:params:scim:schemas:core:2.0:User", "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER",
            "urn:ietf:params:scim:schemas:core:2.0:user"})
    void schemaLookUpIgnoresCase(String urn) {
        assertThat(SchemaRegistry.defaults().schema(urn).id()).isEqualTo(SchemaRegistry.USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"User", "user", "USER"})
    void resourceTypeLookUpIgnoresCase(String id) {
        assertThat(SchemaRegistry.defaults().resourceType(id).id()).isEqualTo("User");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Users", "users", "USERS"})
    void endpointLookUpIgnoresCase(String segment) {
        assertThat(SchemaRegistry.defaults().byEndpoint(segment).id()).isEqualTo("User");
    }

    @Test
    void unknownNamesGiveNull() {
        SchemaRegistry registry = SchemaRegistry.defaults();
        assertThat(registry.schema("urn:example:Nope")).isNull();
        assertThat(registry.resourceType("Device")).isNull();
        assertThat(registry.byEndpoint("Devices")).isNull();
        assertThat(registry.byEndpoint("Schemas")).isNull();
    }

    @Test
    void attributeAndSubAttributeLookUpsIgnoreCase() {
        Schema user = SchemaRegistry.defaults().schema(SchemaRegistry.USER);
        assertThat(user.attribute("USERNAME").name()).isEqualTo("userName");
        assertThat(user.attribute("Name").subAttribute("GIVENNAME").name()).isEqualTo("givenName");
    }

    @Test
    void customSchemaAndResourceTypeAreServedAlongsideTheDefaults() throws IOException {
        SchemaRegistry registry = SchemaRegistry.load(List.of(write("device.json", DEVICE_SCHEMA)),
                List.of(write("device-type.json", DEVICE_TYPE)));

        assertThat(registry.resourceTypes()).extracting(ResourceType::id).containsExactly("User", "Group", "Device");
        assertThat(registry.schema(SchemaRegistry.USER)).isNotNull();
        assertThat(registry.schema("URN:EXAMPLE:DEVICE").attribute("serialnumber").required()).isTrue();
        ResourceType device = registry.byEndpoint("devices");
        assertThat(device.id()).isEqualTo("Device");
        assertThat(device.pathSegment()).isEqualTo("Devices");
        assertThat(device.schema().attribute("ports").type()).isEqualTo(AttributeType.INTEGER);
        assertThat(registry.byEndpoint("Users").id()).isEqualTo("User");
    }

    @Test
    void characteristicsLeftOutTakeTheRfcDefaults() throws IOException {
        SchemaRegistry registry = SchemaRegistry.load(List.of(write("s.json", """
                [{"id": "urn:example:Bare", "attributes": [{"name": "x"}]}]
                """)), List.of());
        Attribute x = registry.schema("urn:example:Bare").attribute("x");
        assertThat(x.type()).isEqualTo(AttributeType.STRING);
        assertThat(x.multiValued()).isFalse();
        assertThat(x.required()).isFalse();
        assertThat(x.caseExact()).isFalse();
        assertThat(x.mutability()).isEqualTo(Mutability.READ_WRITE);
        assertThat(x.returned()).isEqualTo(Returned.DEFAULT);
        assertThat(x.uniqueness()).isEqualTo(Uniqueness.NONE);
    }

    @Test
    void aFileSchemaWithTheSameIdReplacesTheDefault() throws IOException {
        Path file = write("user.json", """
                [{"id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "Slim User", "attributes": [
                  {"name": "userName", "type": "string", "required": true, "uniqueness": "server"},
                  {"name": "badge", "type": "integer"}
                ]}]
                """);
        SchemaRegistry registry = SchemaRegistry.load(List.of(file), List.of());

        Schema user = registry.schema(SchemaRegistry.USER);
        assertThat(user.name()).isEqualTo("Slim User");
        assertThat(user.attributes()).extracting(Attribute::name).containsExactly("userName", "badge");
        assertThat(registry.schemas()).filteredOn(s -> s.id().equalsIgnoreCase(SchemaRegistry.USER)).hasSize(1);
        // The default User resource type now uses the replacement.
        assertThat(registry.resourceType("User").schema()).isSameAs(user);
    }

    @Test
    void aFileResourceTypeWithTheSameIdReplacesTheDefault() throws IOException {
        Path types = write("user-type.json", """
                [{"id": "User", "name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}]
                """);
        SchemaRegistry registry = SchemaRegistry.load(List.of(), List.of(types));
        assertThat(registry.resourceTypes()).extracting(ResourceType::id).containsExactly("User", "Group");
        assertThat(registry.resourceType("User").extensions()).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> SchemaRegistry.load(List.of(missing), List.of()))
                .isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> SchemaRegistry.load(List.of(), List.of(missing)))
                .isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }

    static Stream<Arguments> badSchemaFiles() {
        return Stream.of(
                Arguments.of("invalid JSON", "[{\"id\": ", "invalid JSON"),
                Arguments.of("empty file", "", "invalid JSON"),
                Arguments.of("an object, not an array", "{\"id\": \"urn:example:X\"}", "expected a JSON array"),
                Arguments.of("an entry that is not an object", "[\"urn:example:X\"]", "must be a JSON object"),
                Arguments.of("no id", "[{\"name\": \"X\"}]", "has no \"id\" string"),
                Arguments.of("id not a string", "[{\"id\": \"urn:example:X\", \"name\": 5}]", "\"name\" must be a string"),
                Arguments.of("attributes not an array", "[{\"id\": \"urn:example:X\", \"attributes\": {}}]",
                        "\"attributes\" must be an array"),
                Arguments.of("attribute without name", "[{\"id\": \"urn:example:X\", \"attributes\": [{\"type\": \"string\"}]}]",
                        "has no \"name\" string"),
                Arguments.of("unknown type", attribute("{\"name\": \"size\", \"type\": \"strng\"}"),
                        "attribute size: \"type\" has an unknown value \"strng\""),
                Arguments.of("unknown mutability", attribute("{\"name\": \"size\", \"mutability\": \"sometimes\"}"),
                        "attribute size: \"mutability\" has an unknown value \"sometimes\""),
                Arguments.of("unknown returned", attribute("{\"name\": \"size\", \"returned\": \"maybe\"}"),
                        "attribute size: \"returned\" has an unknown value \"maybe\""),
                Arguments.of("unknown uniqueness", attribute("{\"name\": \"size\", \"uniqueness\": \"galactic\"}"),
                        "attribute size: \"uniqueness\" has an unknown value \"galactic\""),
                Arguments.of("type not a string", attribute("{\"name\": \"size\", \"type\": 7}"),
                        "attribute size: \"type\" must be a string"),
                Arguments.of("boolean characteristic not a boolean", attribute("{\"name\": \"size\", \"required\": \"yes\"}"),
                        "attribute size: \"required\" must be true or false"),
                Arguments.of("canonicalValues not strings", attribute("{\"name\": \"size\", \"canonicalValues\": [1]}"),
                        "attribute size: \"canonicalValues\" must be an array of strings"),
                Arguments.of("complex without subAttributes", attribute("{\"name\": \"address\", \"type\": \"complex\"}"),
                        "attribute address: a complex attribute needs \"subAttributes\""),
                Arguments.of("complex with empty subAttributes",
                        attribute("{\"name\": \"address\", \"type\": \"complex\", \"subAttributes\": []}"),
                        "attribute address: a complex attribute needs \"subAttributes\""),
                Arguments.of("subAttributes on a simple attribute",
                        attribute("{\"name\": \"size\", \"subAttributes\": [{\"name\": \"unit\"}]}"),
                        "attribute size: only complex attributes may have \"subAttributes\""),
                Arguments.of("unknown type of a sub-attribute",
                        attribute("{\"name\": \"address\", \"type\": \"complex\", \"subAttributes\": [{\"name\": \"zip\", \"type\": \"zip\"}]}"),
                        "attribute address, attribute zip: \"type\" has an unknown value \"zip\""),
                Arguments.of("duplicate attribute names",
                        "[{\"id\": \"urn:example:X\", \"attributes\": [{\"name\": \"size\"}, {\"name\": \"Size\"}]}]",
                        "attribute \"Size\" is defined twice"),
                Arguments.of("duplicate sub-attribute names",
                        attribute("{\"name\": \"address\", \"type\": \"complex\", \"subAttributes\": [{\"name\": \"zip\"}, {\"name\": \"ZIP\"}]}"),
                        "attribute address: attribute \"ZIP\" is defined twice"));
    }

    private static String attribute(String attribute) {
        return "[{\"id\": \"urn:example:X\", \"attributes\": [" + attribute + "]}]";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSchemaFiles")
    void aBadSchemaFileIsRefusedNamingTheFileAndTheFault(String description, String content, String fault)
            throws IOException {
        Path file = write("bad-schema.json", content);
        assertThatThrownBy(() -> SchemaRegistry.load(List.of(file), List.of()))
                .isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(fault);
    }

    static Stream<Arguments> badResourceTypeFiles() {
        return Stream.of(
                Arguments.of("invalid JSON", "[{", "invalid JSON"),
                Arguments.of("an object, not an array", DEVICE_TYPE.trim().substring(1, DEVICE_TYPE.trim().length() - 1),
                        "expected a JSON array"),
                Arguments.of("no name", "[{\"endpoint\": \"/Devices\", \"schema\": \"urn:example:Device\"}]",
                        "a resource type has no \"name\" string"),
                Arguments.of("no endpoint", "[{\"name\": \"Device\", \"schema\": \"urn:example:Device\"}]",
                        "resource type Device has no \"endpoint\" string"),
                Arguments.of("endpoint without slash", type("Device", "Devices", "urn:example:Device"),
                        "resource type Device: \"endpoint\" must look like \"/Things\""),
                Arguments.of("nested endpoint", type("Device", "/Devices/All", "urn:example:Device"),
                        "resource type Device: \"endpoint\" must look like \"/Things\""),
                Arguments.of("undefined schema", type("Device", "/Devices", "urn:example:Nope"),
                        "resource type Device: schema urn:example:Nope is not defined"),
                Arguments.of("undefined extension", """
                        [{"name": "Device", "endpoint": "/Devices", "schema": "urn:example:Device",
                          "schemaExtensions": [{"schema": "urn:example:Nope", "required": true}]}]
                        """, "resource type Device: extension schema urn:example:Nope is not defined"),
                Arguments.of("schemaExtensions not an array", """
                        [{"name": "Device", "endpoint": "/Devices", "schema": "urn:example:Device", "schemaExtensions": {}}]
                        """, "resource type Device: \"schemaExtensions\" must be an array"),
                Arguments.of("extension required not a boolean", """
                        [{"name": "Device", "endpoint": "/Devices", "schema": "urn:example:Device",
                          "schemaExtensions": [{"schema": "urn:example:Device", "required": "no"}]}]
                        """, "\"required\" must be true or false"),
                Arguments.of("two types sharing an endpoint", "[" + type("Device", "/Devices", "urn:example:Device")
                                .replaceAll("^\\[|]$", "") + ", " + type("Gadget", "/devices", "urn:example:Device")
                                .replaceAll("^\\[|]$", "") + "]",
                        "share the endpoint"),
                Arguments.of("the endpoint of a default type", type("People", "/USERS", "urn:example:Device"),
                        "share the endpoint"),
                Arguments.of("reserved endpoint /Schemas", type("Device", "/Schemas", "urn:example:Device"),
                        "endpoint /Schemas is reserved"),
                Arguments.of("reserved endpoint in another case", type("Device", "/resourcetypes", "urn:example:Device"),
                        "endpoint /resourcetypes is reserved"),
                Arguments.of("reserved endpoint /ServiceProviderConfig", type("Device", "/ServiceProviderConfig", "urn:example:Device"),
                        "is reserved"),
                Arguments.of("reserved endpoint /Bulk", type("Device", "/Bulk", "urn:example:Device"), "is reserved"),
                Arguments.of("reserved endpoint /Me", type("Device", "/Me", "urn:example:Device"), "is reserved"));
    }

    private static String type(String name, String endpoint, String schema) {
        return "[{\"name\": \"" + name + "\", \"endpoint\": \"" + endpoint + "\", \"schema\": \"" + schema + "\"}]";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResourceTypeFiles")
    void aBadResourceTypeFileIsRefusedNamingTheFileAndTheFault(String description, String content, String fault)
            throws IOException {
        Path schemas = write("device.json", DEVICE_SCHEMA);
        Path file = write("bad-type.json", content);
        assertThatThrownBy(() -> SchemaRegistry.load(List.of(schemas), List.of(file)))
                .isInstanceOf(SchemaDefinitionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(fault);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
