package dev.scimserver.core;

import dev.scimserver.patch.PatchOperation;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH (RFC 7644 §3.5.2) through {@link ResourceService#patch}, with the body read by
 * {@link PatchRequest} as the HTTP layer reads it: add, replace and remove with and without a path,
 * value paths, extensions, multi-valued and complex attributes, the schema's mutability, type,
 * required and uniqueness rules, and all-or-nothing application. Each case runs on a lenient
 * service (the default) and, where the answer differs, on a strict one over the same backend.
 */
class PatchTest {
    private static final String CORE = SchemaRegistry.USER;
    private static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER;
    private static final String OWNER = CustomTypes.OWNER;
    private static final Instant START = Instant.parse("2024-05-01T08:00:00.000Z");

    @TempDir
    static Path dir;
    private static SchemaRegistry registry;
    private static ResourceType user;
    private static ResourceType group;
    private static ResourceType device;

    private MutableClock clock;
    private ResourceService service;
    private ResourceService strict;

    @BeforeAll
    static void load() {
        registry = CustomTypes.registry(dir);
        user = registry.resourceType("User");
        group = registry.resourceType("Group");
        device = CustomTypes.device(registry);
    }

    @BeforeEach
    void newServices() {
        clock = new MutableClock(START);
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(registry));
        service = new ResourceService(backend, clock, registry, false);
        strict = new ResourceService(backend, clock, registry, true);
    }

    // ---- helpers

    private JsonObject create(ResourceType type, String json) {
        JsonObject body = Json.createObjectBuilder(json(json))
                .add("schemas", Json.createArrayBuilder().add(type.schema().id()))
                .build();
        return service.create(type, body);
    }

    /** bjensen with two emails (work is primary), a name, and the enterprise extension. */
    private JsonObject bjensen() {
        return create(user, """
                {"userName": "bjensen", "displayName": "Babs", "active": true,
                 "name": {"givenName": "Barbara", "familyName": "Jensen"},
                 "emails": [{"value": "bjensen@work.example", "type": "work", "primary": true},
                            {"value": "babs@home.example", "type": "home"}],
                 "%s": {"employeeNumber": "701984", "department": "Tour"}}
                """.formatted(ENTERPRISE));
    }

    private static String patchOp(String operations) {
        return "{\"schemas\": [\"" + PatchRequest.SCHEMA + "\"], \"Operations\": " + operations + "}";
    }

    /** Applies a PatchOp whose Operations array is given, through the lenient service; the clock moves first. */
    private JsonObject patch(ResourceType type, String id, String operations) {
        return patch(service, type, id, operations, null);
    }

    private JsonObject patch(ResourceService on, ResourceType type, String id, String operations, String ifMatch) {
        clock.advance(Duration.ofMinutes(1));
        return on.patch(type, id, PatchRequest.parse(json(patchOp(operations)), on.strict()), Preconditions.ifMatch(ifMatch));
    }

    private JsonObject patchUser(String id, String operations) {
        return patch(user, id, operations);
    }

    private static List<String> schemas(JsonObject resource) {
        return resource.getJsonArray("schemas").getValuesAs(JsonString::getString);
    }

    private static String version(JsonObject resource) {
        return ResourceService.version(resource);
    }

    private static JsonObject email(JsonObject resource, String type) {
        for (JsonValue value : resource.getJsonArray("emails")) {
            if (type.equals(value.asJsonObject().getString("type", null))) {
                return value.asJsonObject();
            }
        }
        throw new AssertionError("no " + type + " email in " + resource);
    }

    /** Asserts the call fails as given and the resource (body and version) is exactly as before. */
    private void assertRefusedAndUnchanged(ResourceType type, String id, Runnable call, int status, String scimType,
                                           String... fragments) {
        JsonObject before = service.get(type, id);
        assertScimError(call::run, status, scimType, fragments);
        assertThat(service.get(type, id)).isEqualTo(before);
    }

    // ---- add

    @Test
    void addWithoutPathSetsEachAttributeOfTheValue() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "value": {"nickName": "Babsie", "title": "Guide", "displayName": "Barbara"}}]""");

        assertThat(patched.getString("nickName")).isEqualTo("Babsie");
        assertThat(patched.getString("title")).isEqualTo("Guide");
        assertThat(patched.getString("displayName")).isEqualTo("Barbara");
        assertThat(patched.getString("userName")).isEqualTo("bjensen");
        assertThat(service.get(user, id)).isEqualTo(patched);
    }

    @Test
    void addOfASingleValuedAttributeSetsOrReplacesIt() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "title", "value": "Guide"},
                 {"op": "add", "path": "displayName", "value": "Barbara"}]""");

        assertThat(patched.getString("title")).isEqualTo("Guide");
        assertThat(patched.getString("displayName")).isEqualTo("Barbara");
    }

    @Test
    void addOfAComplexAttributeMergesItsSubAttributes() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "name", "value": {"middleName": "Jane", "givenName": "Barb"}}]""");

        assertThat(patched.getJsonObject("name"))
                .isEqualTo(json("{\"familyName\": \"Jensen\", \"givenName\": \"Barb\", \"middleName\": \"Jane\"}"));
    }

    @Test
    void addOfASubAttributeKeepsTheOthers() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "name.honorificPrefix", "value": "Ms."}]""");

        assertThat(patched.getJsonObject("name"))
                .isEqualTo(json("{\"familyName\": \"Jensen\", \"givenName\": \"Barbara\", \"honorificPrefix\": \"Ms.\"}"));
    }

    @Test
    void addToAMultiValuedAttributeAppends() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "emails", "value": [{"value": "b@other.example", "type": "other"}]}]""");

        assertThat(patched.getJsonArray("emails")).extracting(v -> v.asJsonObject().getString("value"))
                .containsExactly("bjensen@work.example", "babs@home.example", "b@other.example");
        assertThat(email(patched, "work").getBoolean("primary")).isTrue();
    }

    @Test
    void addOfAValueAlreadyThereChangesNothingNotEvenTheVersion() {
        JsonObject created = bjensen();
        String id = created.getString("id");

        // emails.value is not caseExact: the same address in other case is the same value.
        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "emails", "value": [{"value": "BJENSEN@work.example", "type": "work"}]}]""");

        assertThat(patched).isEqualTo(created);
        assertThat(version(patched)).isEqualTo(version(created));
        assertThat(patched.getJsonObject("meta").getString("lastModified")).isEqualTo("2024-05-01T08:00:00.000Z");
    }

    @Test
    void addOfAUrnQualifiedExtensionAttributeCreatesTheExtension() {
        String id = create(user, "{\"userName\": \"plain\"}").getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "%s:employeeNumber", "value": "42"},
                 {"op": "add", "path": "%s:manager", "value": {"value": "boss-1"}}]""".formatted(ENTERPRISE, ENTERPRISE));

        assertThat(schemas(patched)).containsExactly(CORE, ENTERPRISE);
        assertThat(patched.getJsonObject(ENTERPRISE))
                .isEqualTo(json("{\"employeeNumber\": \"42\", \"manager\": {\"value\": \"boss-1\"}}"));
    }

    @Test
    void aUrnQualifiedCoreAttributeIsTheAttribute() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "%s:displayName", "value": "Qualified"},
                 {"op": "replace", "path": "%s:name.givenName", "value": "Q"}]""".formatted(CORE, CORE));

        assertThat(patched.getString("displayName")).isEqualTo("Qualified");
        assertThat(patched.getJsonObject("name").getString("givenName")).isEqualTo("Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "replace"})
    void addOrReplaceOnTheExtensionRootMergesIntoTheExtension(String op) {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "%s", "path": "%s", "value": {"department": "Sales", "costCenter": "4130"}}]""".formatted(op, ENTERPRISE));

        assertThat(patched.getJsonObject(ENTERPRISE))
                .isEqualTo(json("{\"employeeNumber\": \"701984\", \"costCenter\": \"4130\", \"department\": \"Sales\"}"));
        assertThat(schemas(patched)).containsExactly(CORE, ENTERPRISE);
    }

    @Test
    void addOnTheExtensionRootOfAUserWithoutItCreatesIt() {
        String id = create(user, "{\"userName\": \"plain\"}").getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "%s", "value": {"division": "North"}}]""".formatted(ENTERPRISE));

        assertThat(schemas(patched)).containsExactly(CORE, ENTERPRISE);
        assertThat(patched.getJsonObject(ENTERPRISE)).isEqualTo(json("{\"division\": \"North\"}"));
    }

    @Test
    void removeOfTheExtensionRootRemovesTheExtensionAndItsSchema() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "%s"}]""".formatted(ENTERPRISE));

        assertThat(patched).doesNotContainKey(ENTERPRISE);
        assertThat(schemas(patched)).containsExactly(CORE);
        assertThat(service.get(user, id)).doesNotContainKey(ENTERPRISE);
    }

    @Test
    void removeOfTheLastExtensionAttributeRemovesTheExtension() {
        String id = create(user, "{\"userName\": \"one\", \"%s\": {\"division\": \"North\"}}".formatted(ENTERPRISE))
                .getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "%s:division"}]""".formatted(ENTERPRISE));

        assertThat(patched).doesNotContainKey(ENTERPRISE);
        assertThat(schemas(patched)).containsExactly(CORE);
    }

    @Test
    void aPathlessValueMayCarryTheExtensionObjectAndUrnQualifiedNames() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "value": {"%s": {"department": "Ops"}, "%s:costCenter": "9", "%s:title": "Lead"}}]"""
                .formatted(ENTERPRISE, ENTERPRISE, CORE));

        assertThat(patched.getJsonObject(ENTERPRISE))
                .isEqualTo(json("{\"employeeNumber\": \"701984\", \"costCenter\": \"9\", \"department\": \"Ops\"}"));
        assertThat(patched.getString("title")).isEqualTo("Lead");
    }

    // ---- replace

    @Test
    void replaceOfASingleValuedAttribute() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "displayName", "value": "Barbara J"}]""");

        assertThat(patched.getString("displayName")).isEqualTo("Barbara J");
    }

    @Test
    void replaceOfAComplexAttributeWithSomeSubAttributesMergesThem() {
        // SailPoint sends only the sub-attributes that changed; RFC 7644 §3.5.2.3 leaves the others unchanged.
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "name", "value": {"givenName": "Babs"}}]""");

        assertThat(patched.getJsonObject("name")).isEqualTo(json("{\"familyName\": \"Jensen\", \"givenName\": \"Babs\"}"));
    }

    @Test
    void replaceOfAMultiValuedAttributeWithoutFilterReplacesEveryValue() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "emails", "value": [{"value": "only@example.com", "type": "work"}]}]""");

        assertThat(patched.getJsonArray("emails")).isEqualTo(json("{\"a\": [{\"value\": \"only@example.com\", \"type\": \"work\"}]}")
                .getJsonArray("a"));
    }

    @Test
    void replaceWithoutPathSetsEachAttributeAndKeepsTheRest() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "value": {"active": false, "name": {"familyName": "Jensen-Smith"}}}]""");

        assertThat(patched.getBoolean("active")).isFalse();
        assertThat(patched.getJsonObject("name"))
                .isEqualTo(json("{\"familyName\": \"Jensen-Smith\", \"givenName\": \"Barbara\"}"));
        assertThat(patched.getJsonArray("emails")).hasSize(2);
    }

    @Test
    void replaceOfAnAttributeWithNoValueAddsIt() {
        String id = create(user, "{\"userName\": \"bare\"}").getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "title", "value": "New"},
                 {"op": "replace", "path": "name.familyName", "value": "Bare"}]""");

        assertThat(patched.getString("title")).isEqualTo("New");
        assertThat(patched.getJsonObject("name")).isEqualTo(json("{\"familyName\": \"Bare\"}"));
    }

    // ---- value paths

    @Test
    void replaceThroughAValuePathChangesOnlyTheMatchingValue() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "barbara@work.example"}]""");

        assertThat(email(patched, "work")).isEqualTo(
                json("{\"value\": \"barbara@work.example\", \"type\": \"work\", \"primary\": true}"));
        assertThat(email(patched, "home")).isEqualTo(json("{\"value\": \"babs@home.example\", \"type\": \"home\"}"));
    }

    @Test
    void replaceOfAWholeMatchingElementUpdatesItsSubAttributes() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "emails[type eq \\"home\\"]", "value": {"value": "new@home.example", "display": "Home"}}]""");

        assertThat(email(patched, "home")).isEqualTo(
                json("{\"value\": \"new@home.example\", \"type\": \"home\", \"display\": \"Home\"}"));
        assertThat(email(patched, "work").getString("value")).isEqualTo("bjensen@work.example");
    }

    @Test
    void aValuePathFilterMayCombineConditionsAndQuoteInAnyCase() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "EMAILS[Type EQ \\"WORK\\" and primary eq true].display", "value": "Office"}]""");

        assertThat(email(patched, "work").getString("display")).isEqualTo("Office");
        assertThat(email(patched, "home")).doesNotContainKey("display");
    }

    @Test
    void removeThroughAValuePathRemovesOnlyTheMatchingValues() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "emails[type eq \\"home\\"]"}]""");

        assertThat(patched.getJsonArray("emails")).hasSize(1);
        assertThat(email(patched, "work").getString("value")).isEqualTo("bjensen@work.example");
    }

    @Test
    void removeOfASubAttributeThroughAValuePathKeepsTheElement() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "emails[type eq \\"work\\"].primary"}]""");

        assertThat(email(patched, "work")).isEqualTo(json("{\"value\": \"bjensen@work.example\", \"type\": \"work\"}"));
    }

    @Test
    void removingEveryValueLeavesTheAttributeUnassigned() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "emails[value ew \\".example\\"]"}]""");

        assertThat(patched).doesNotContainKey("emails");
    }

    @Test
    void removeThroughAValuePathMatchingNothingSucceedsAndKeepsTheVersion() {
        JsonObject created = bjensen();

        for (ResourceService on : List.of(service, strict)) {
            JsonObject patched = patch(on, user, created.getString("id"), """
                    [{"op": "remove", "path": "emails[type eq \\"other\\"]"}]""", null);

            assertThat(patched).isEqualTo(created);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "emails[type eq \\\"other\\\"]",
            "emails[value eq \\\"nobody@example.com\\\"]"})
    void replaceOfAWholeElementMatchingNothingIsNoTargetInBothModes(String path) {
        String id = bjensen().getString("id");
        String ops = "[{\"op\": \"replace\", \"path\": \"" + path + "\", \"value\": {\"value\": \"x@example.com\"}}]";

        for (ResourceService on : List.of(service, strict)) {
            assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, ops, null), 400, "noTarget", "emails");
        }
    }

    @Test
    void replaceOfASubAttributeMatchingNothingIsNoTargetWhenStrictAndCreatesTheElementByDefault() {
        String id = bjensen().getString("id");
        String ops = """
                [{"op": "replace", "path": "emails[type eq \\"other\\"].value", "value": "o@example.com"}]""";

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops, null), 400, "noTarget", "emails");

        JsonObject patched = patch(service, user, id, ops, null);
        assertThat(email(patched, "other")).isEqualTo(json("{\"value\": \"o@example.com\", \"type\": \"other\"}"));
        assertThat(patched.getJsonArray("emails")).hasSize(3);
    }

    @Test
    void addThroughAValuePathMatchingNothingCreatesTheElementFromTheFilterByDefault() {
        // Entra ID: "emails[type eq \"work\"].value" before any work email exists; several
        // addresses[type eq "work"].x ops in one request build one address.
        String id = create(user, "{\"userName\": \"nomail\"}").getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "emails[type eq \\"work\\"].value", "value": "a@b.c"},
                 {"op": "add", "path": "addresses[type eq \\"work\\"].locality", "value": "Redmond"},
                 {"op": "add", "path": "addresses[type eq \\"work\\"].postalCode", "value": "98052"}]""");

        assertThat(patched.getJsonArray("emails")).containsExactly(json("{\"value\": \"a@b.c\", \"type\": \"work\"}"));
        assertThat(patched.getJsonArray("addresses")).containsExactly(
                json("{\"locality\": \"Redmond\", \"postalCode\": \"98052\", \"type\": \"work\"}"));

        String other = create(user, "{\"userName\": \"nomail-strict\"}").getString("id");
        assertRefusedAndUnchanged(user, other, () -> patch(strict, user, other, """
                [{"op": "add", "path": "emails[type eq \\"work\\"].value", "value": "a@b.c"}]""", null),
                400, "noTarget", "emails");
    }

    @Test
    void aFilterThatDoesNotSayWhatANewElementWouldBeIsNoTarget() {
        String id = create(user, "{\"userName\": \"nomail\"}").getString("id");

        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "add", "path": "emails[type eq \\"work\\" or type eq \\"home\\"].value", "value": "a@b.c"}]"""),
                400, "noTarget", "emails");
    }

    // ---- remove

    @Test
    void removeOfAnAttribute() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "displayName"}, {"op": "remove", "path": "name.givenName"}]""");

        assertThat(patched).doesNotContainKey("displayName");
        assertThat(patched.getJsonObject("name")).isEqualTo(json("{\"familyName\": \"Jensen\"}"));
    }

    @Test
    void removeOfTheLastSubAttributeRemovesTheComplexAttribute() {
        String id = create(user, "{\"userName\": \"n\", \"name\": {\"givenName\": \"Only\"}}").getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "name.givenName"}]""");

        assertThat(patched).doesNotContainKey("name");
    }

    @Test
    void removeOfAMultiValuedAttributeWithoutFilterRemovesEveryValue() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "emails"}]""");

        assertThat(patched).doesNotContainKey("emails");
    }

    @Test
    void removeOfAnAttributeWithNoValueChangesNothing() {
        JsonObject created = bjensen();

        JsonObject patched = patchUser(created.getString("id"), """
                [{"op": "remove", "path": "nickName"}, {"op": "remove", "path": "phoneNumbers"}]""");

        assertThat(patched).isEqualTo(created);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void removeWithoutPathIsNoTarget(boolean strictMode) {
        String id = bjensen().getString("id");
        ResourceService on = strictMode ? strict : service;

        assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, """
                [{"op": "remove"}]""", null), 400, "noTarget", "path");
        assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, """
                [{"op": "remove", "value": {"displayName": "Babs"}}]""", null), 400, "noTarget", "path");
    }

    // ---- primary

    @Test
    void addingAPrimaryValueClearsPrimaryOnTheOthers() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "type": "other", "primary": true}]}]""");

        assertThat(email(patched, "other").getBoolean("primary")).isTrue();
        assertThat(email(patched, "work").getBoolean("primary", false)).isFalse();
        assertThat(patched.getJsonArray("emails").stream()
                .filter(v -> v.asJsonObject().getBoolean("primary", false)).count()).isEqualTo(1);
    }

    @Test
    void settingPrimaryThroughAValuePathMovesIt() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "emails[type eq \\"home\\"].primary", "value": true}]""");

        assertThat(email(patched, "home").getBoolean("primary")).isTrue();
        assertThat(email(patched, "work").getBoolean("primary", false)).isFalse();
    }

    @Test
    void replacingWithTwoPrimaryValuesKeepsOnlyOne() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "phoneNumbers", "value": [
                    {"value": "+1 555 0100", "type": "work", "primary": true},
                    {"value": "+1 555 0101", "type": "mobile", "primary": true}]}]""");

        assertThat(patched.getJsonArray("phoneNumbers").stream()
                .filter(v -> v.asJsonObject().getBoolean("primary", false)).count()).isEqualTo(1);
    }

    @Test
    void reAddingAnExistingValueAsPrimaryChangesNothing() {
        // The added value is already there, so it is not added; the current primary must not lose its flag.
        JsonObject created = bjensen();

        JsonObject patched = patchUser(created.getString("id"), """
                [{"op": "add", "path": "emails", "value": [{"value": "babs@home.example", "type": "home", "primary": true}]}]""");

        assertThat(patched.getJsonArray("emails").stream()
                .filter(v -> v.asJsonObject().getBoolean("primary", false)).count()).isEqualTo(1);
        assertThat(patched).isEqualTo(created);
    }

    @Test
    void primarySentAsAStringIsCoercedByDefault() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "add", "path": "emails", "value": [{"value": "s@example.com", "type": "other", "primary": "true"}]}]""");

        assertThat(email(patched, "other").getBoolean("primary")).isTrue();
        assertThat(email(patched, "work").getBoolean("primary", false)).isFalse();
    }

    // ---- mutability

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            replace | id                 | "other-id"
            replace | meta               | {"version": "W/\\"1\\""}
            replace | meta.lastModified  | "2020-01-01T00:00:00Z"
            add     | groups             | [{"value": "g-1"}]
            remove  | groups             |
            remove  | id                 |
            """)
    void aReadOnlyTargetIsMutabilityInBothModes(String op, String path, String value) {
        String id = bjensen().getString("id");
        String ops = "[{\"op\": \"" + op + "\", \"path\": \"" + path + "\"" + (value == null ? "" : ", \"value\": " + value) + "}]";

        for (ResourceService on : List.of(service, strict)) {
            assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, ops, null), 400, "mutability", path);
        }
    }

    @Test
    void readOnlyKeysInAPathlessValueAreRefusedWhenStrictAndIgnoredByDefault() {
        JsonObject created = bjensen();
        String id = created.getString("id");
        String ops = """
                [{"op": "replace", "value": {"id": "other", "meta": {"version": "W/\\"1\\""}, "groups": [], "displayName": "Sent back"}}]""";

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops, null), 400, "mutability", "\"id\" is read-only");

        JsonObject patched = patch(service, user, id, ops, null);
        assertThat(patched.getString("id")).isEqualTo(id);
        assertThat(patched.getString("displayName")).isEqualTo("Sent back");
        assertThat(patched.getJsonObject("meta").getString("created")).isEqualTo(created.getJsonObject("meta").getString("created"));
    }

    @Test
    void anImmutableAttributeMayBeSetOnceButNotChangedOrRemoved() {
        String id = create(device, "{\"name\": \"d1\"}").getString("id");

        JsonObject set = patch(device, id, """
                [{"op": "add", "path": "firmware", "value": "1.0"}]""");
        assertThat(set.getString("firmware")).isEqualTo("1.0");

        // The same value again is no change.
        assertThat(patch(device, id, """
                [{"op": "replace", "path": "firmware", "value": "1.0"}]""")).isEqualTo(set);

        assertRefusedAndUnchanged(device, id, () -> patch(device, id, """
                [{"op": "replace", "path": "firmware", "value": "2.0"}]"""), 400, "mutability", "firmware", "immutable");
        assertRefusedAndUnchanged(device, id, () -> patch(device, id, """
                [{"op": "remove", "path": "firmware"}]"""), 400, "mutability", "firmware");
        assertRefusedAndUnchanged(device, id, () -> patch(device, id, """
                [{"op": "replace", "value": {"firmware": "3.0"}}]"""), 400, "mutability", "firmware");
    }

    @Test
    void anImmutableExtensionAttributeCannotBeRemovedWithItsExtension() {
        String id = create(device, "{\"name\": \"d2\", \"%s\": {\"owner\": \"ops\", \"badge\": \"b-1\"}}".formatted(OWNER))
                .getString("id");

        assertRefusedAndUnchanged(device, id, () -> patch(device, id, """
                [{"op": "remove", "path": "%s"}]""".formatted(OWNER)), 400, "mutability", "badge");
        assertRefusedAndUnchanged(device, id, () -> patch(device, id, """
                [{"op": "replace", "path": "%s:badge", "value": "b-2"}]""".formatted(OWNER)), 400, "mutability", "badge");

        JsonObject patched = patch(device, id, """
                [{"op": "replace", "path": "%s", "value": {"owner": "it"}}]""".formatted(OWNER));
        assertThat(patched.getJsonObject(OWNER)).isEqualTo(json("{\"owner\": \"it\", \"badge\": \"b-1\"}"));
    }

    @Test
    void aMemberCannotBeChangedInPlaceItsSubAttributesAreImmutable() {
        String member = create(user, "{\"userName\": \"m\"}").getString("id");
        String other = create(user, "{\"userName\": \"o\"}").getString("id");
        String id = create(group, "{\"displayName\": \"G\", \"members\": [{\"value\": \"%s\"}]}".formatted(member)).getString("id");

        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "replace", "path": "members[value eq \\"%s\\"].value", "value": "%s"}]""".formatted(member, other)),
                400, "mutability", "members");
        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "replace", "path": "members[value eq \\"%s\\"]", "value": {"value": "%s"}}]""".formatted(member, other)),
                400, "mutability", "members.value");
        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "remove", "path": "members.type"}]"""), 400, "mutability", "members.type");
    }

    // ---- types, required, unknown

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            active            | 5                   | 'active' must be true or false
            active            | "maybe"             | 'active' must be true or false
            displayName       | 7                   | 'displayName' must be a string
            name              | "Barbara"           | 'name' must be a JSON object
            name.givenName    | ["a"]               | 'name.givenName' must be a string
            emails            | [{"value": 1}]      | 'emails.value' must be a string
            emails            | ["a@b.c"]           | 'emails' must be a JSON object
            `emails[type eq "work"].value` | true   | 'emails[type eq "work"].value' must be a string
            `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber` | 42 | employeeNumber' must be a string
            """)
    void aValueOfTheWrongTypeIsInvalidValueNamingTheAttribute(String path, String value, String fragment) {
        String id = bjensen().getString("id");
        String ops = "[{\"op\": \"replace\", \"path\": " + Json.createValue(path) + ", \"value\": " + value + "}]";

        for (ResourceService on : List.of(service, strict)) {
            assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, ops, null), 400, "invalidValue", fragment);
        }
    }

    @Test
    void aBooleanSentAsAStringIsInvalidValueWhenStrictAndCoercedByDefault() {
        String id = bjensen().getString("id");
        String ops = """
                [{"op": "Replace", "path": "active", "value": "False"}]""";

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops.replace("Replace", "replace"), null),
                400, "invalidValue", "'active' must be true or false");

        assertThat(patch(service, user, id, ops, null).getBoolean("active")).isFalse();
        assertThat(patchUser(id, """
                [{"op": "replace", "value": {"active": "True"}}]""").getBoolean("active")).isTrue();
    }

    @Test
    void removingARequiredAttributeIsInvalidValue() {
        String id = bjensen().getString("id");
        String groupId = create(group, "{\"displayName\": \"Named\"}").getString("id");

        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "remove", "path": "userName"}]"""), 400, "invalidValue", "'userName' is required");
        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "replace", "path": "userName", "value": ""}]"""), 400, "invalidValue", "'userName' is required");
        assertRefusedAndUnchanged(group, groupId, () -> patch(group, groupId, """
                [{"op": "remove", "path": "displayName"}]"""), 400, "invalidValue", "'displayName' is required");
    }

    @Test
    void removingARequiredAttributeIsFineWhenTheSameRequestSetsItAgain() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "remove", "path": "userName"}, {"op": "add", "path": "userName", "value": "barbara"}]""");

        assertThat(patched.getString("userName")).isEqualTo("barbara");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shoeSize", "name.nickname", "emails.label", "urn:example:Nope:thing",
            ENTERPRISE + ":hatSize", ENTERPRISE + ":manager.phone", "emails[type eq \\\"work\\\"].label",
            "emails[label eq \\\"work\\\"]", "userName[value eq \\\"x\\\"]"})
    void aPathNamingNoAttributeIsInvalidPath(String path) {
        String id = bjensen().getString("id");
        String ops = "[{\"op\": \"replace\", \"path\": \"" + path + "\", \"value\": \"x\"}]";

        String named = path.replace("\\\"", "\"");
        for (ResourceService on : List.of(service, strict)) {
            assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, ops, null), 400, "invalidPath", named);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"shoeSize\": 42}",
            "{\"name\": {\"nickname\": \"B\"}}",
            "{\"emails\": [{\"value\": \"a@b.c\", \"label\": \"x\"}]}",
            "{\"" + ENTERPRISE + "\": {\"hatSize\": 7}}",
            "{\"" + ENTERPRISE + ":hatSize\": 7}"})
    void anUnknownAttributeInAPathlessValueIsInvalidSyntaxAsInAPost(String value) {
        String id = bjensen().getString("id");
        String ops = "[{\"op\": \"add\", \"value\": " + value + "}]";

        for (ResourceService on : List.of(service, strict)) {
            assertRefusedAndUnchanged(user, id, () -> patch(on, user, id, ops, null), 400, "invalidSyntax", "nknown attribute");
        }
    }

    @Test
    void aPathlessValueMustBeAnObject() {
        String id = bjensen().getString("id");

        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "add", "value": "Babs"}]"""), 400, "invalidValue", "JSON object");
        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "replace", "value": [{"displayName": "Babs"}]}]"""), 400, "invalidValue", "JSON object");
    }

    @Test
    void dottedKeysInAPathlessValueAreSubAttributesByDefaultAndUnknownWhenStrict() {
        String id = bjensen().getString("id");
        String ops = """
                [{"op": "replace", "value": {"name.givenName": "Ann", "%s:employeeNumber": "7"}}]""".formatted(ENTERPRISE);

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops, null), 400, "invalidSyntax", "name.givenName");

        JsonObject patched = patch(service, user, id, ops, null);
        assertThat(patched.getJsonObject("name").getString("givenName")).isEqualTo("Ann");
        assertThat(patched.getJsonObject(ENTERPRISE).getString("employeeNumber")).isEqualTo("7");
    }

    @Test
    void aManagerSentAsABareIdMeansItsValueByDefault() {
        String id = bjensen().getString("id");
        String ops = """
                [{"op": "add", "path": "%s:manager", "value": "boss-7"}]""".formatted(ENTERPRISE);

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops, null), 400, "invalidValue", "manager");

        JsonObject patched = patch(service, user, id, ops, null);
        assertThat(patched.getJsonObject(ENTERPRISE).getJsonObject("manager")).isEqualTo(json("{\"value\": \"boss-7\"}"));
    }

    @Test
    void aManagerRemovedThroughAFilterOnTheSingleValuedAttributeIsRemovedByDefault() {
        // Entra ID: "...:manager[value eq \"<id>\"]" although manager is not multi-valued.
        String id = create(user, "{\"userName\": \"managed\", \"%s\": {\"employeeNumber\": \"3\", \"manager\": {\"value\": \"boss-1\"}}}"
                .formatted(ENTERPRISE)).getString("id");
        String other = """
                [{"op": "remove", "path": "%s:manager[value eq \\"boss-2\\"]"}]""".formatted(ENTERPRISE);
        String ops = """
                [{"op": "remove", "path": "%s:manager[value eq \\"boss-1\\"]"}]""".formatted(ENTERPRISE);

        assertRefusedAndUnchanged(user, id, () -> patch(strict, user, id, ops, null), 400, "invalidPath", "manager");

        assertThat(patchUser(id, other).getJsonObject(ENTERPRISE).getJsonObject("manager").getString("value")).isEqualTo("boss-1");
        JsonObject patched = patchUser(id, ops);
        assertThat(patched.getJsonObject(ENTERPRISE)).isEqualTo(json("{\"employeeNumber\": \"3\"}"));
    }

    @Test
    void aRequiredExtensionCannotBeRemoved() {
        ResourceType gadget = CustomTypes.gadget(registry);
        String id = create(gadget, "{\"name\": \"g1\", \"%s\": {\"owner\": \"ops\"}}".formatted(OWNER)).getString("id");

        assertRefusedAndUnchanged(gadget, id, () -> patch(gadget, id, """
                [{"op": "remove", "path": "%s"}]""".formatted(OWNER)), 400, "invalidValue", OWNER, "required");
        assertRefusedAndUnchanged(gadget, id, () -> patch(gadget, id, """
                [{"op": "remove", "path": "%s:owner"}]""".formatted(OWNER)), 400, "invalidValue", OWNER, "required");
    }

    @Test
    void aWriteOnlyPasswordCanBeReplaced() {
        String id = bjensen().getString("id");

        JsonObject patched = patchUser(id, """
                [{"op": "replace", "path": "password", "value": "n3w-Secret"}]""");

        assertThat(Argon2id.owasp().verify("n3w-Secret", patched.getString("password"))).isTrue();
    }

    // ---- uniqueness, atomicity, versions, If-Match

    @Test
    void renamingOntoAnotherUsersUserNameIsAUniquenessConflict() {
        create(user, "{\"userName\": \"taken\"}");
        String id = bjensen().getString("id");

        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "replace", "path": "userName", "value": "TAKEN"}]"""), 409, "uniqueness", "userName");
        assertRefusedAndUnchanged(user, id, () -> patchUser(id, """
                [{"op": "replace", "value": {"userName": "taken"}}]"""), 409, "uniqueness", "userName");

        // Its own userName in another case is no conflict.
        assertThat(patchUser(id, """
                [{"op": "replace", "path": "userName", "value": "BJensen"}]""").getString("userName")).isEqualTo("BJensen");
    }

    @Test
    void aFailingOperationUndoesTheOnesBeforeIt() {
        JsonObject created = bjensen();
        String id = created.getString("id");

        assertScimError(() -> patchUser(id, """
                [{"op": "replace", "path": "displayName", "value": "Changed"},
                 {"op": "add", "path": "emails", "value": [{"value": "new@example.com"}]},
                 {"op": "replace", "path": "active", "value": 5}]"""), 400, "invalidValue", "active");

        JsonObject after = service.get(user, id);
        assertThat(after).isEqualTo(created);
        assertThat(version(after)).isEqualTo(version(created));
    }

    @Test
    void aChangeGetsANewVersionAndLastModifiedAndKeepsCreated() {
        JsonObject created = bjensen();

        JsonObject patched = patchUser(created.getString("id"), """
                [{"op": "replace", "path": "title", "value": "Guide"}]""");

        assertThat(version(patched)).isNotEqualTo(version(created));
        assertThat(patched.getJsonObject("meta").getString("created")).isEqualTo("2024-05-01T08:00:00.000Z");
        assertThat(patched.getJsonObject("meta").getString("lastModified")).isEqualTo("2024-05-01T08:01:00.000Z");
        assertThat(patched.getJsonObject("meta").getString("resourceType")).isEqualTo("User");
        assertThat(patched.getString("id")).isEqualTo(created.getString("id"));
    }

    @Test
    void aPatchThatChangesNothingKeepsTheVersionAndLastModified() {
        JsonObject created = bjensen();

        JsonObject patched = patchUser(created.getString("id"), """
                [{"op": "replace", "path": "displayName", "value": "Babs"},
                 {"op": "replace", "path": "name", "value": {"givenName": "Barbara"}},
                 {"op": "add", "path": "emails[type eq \\"work\\"].value", "value": "bjensen@work.example"}]""");

        assertThat(patched).isEqualTo(created);
        assertThat(service.get(user, created.getString("id"))).isEqualTo(created);
    }

    @Test
    void aPatchThatSetsAndUndoesAValueKeepsTheVersion() {
        JsonObject created = bjensen();

        JsonObject patched = patchUser(created.getString("id"), """
                [{"op": "replace", "path": "displayName", "value": "Temp"},
                 {"op": "replace", "path": "displayName", "value": "Babs"}]""");

        assertThat(version(patched)).isEqualTo(version(created));
    }

    @Test
    void ifMatchMustNameTheCurrentVersion() {
        JsonObject created = bjensen();
        String id = created.getString("id");
        String ops = """
                [{"op": "replace", "path": "title", "value": "One"}]""";

        JsonObject first = patch(service, user, id, ops, version(created));
        assertThat(first.getString("title")).isEqualTo("One");

        assertRefusedAndUnchanged(user, id, () -> patch(service, user, id, """
                [{"op": "replace", "path": "title", "value": "Two"}]""", version(created)), 412, null, version(created));

        JsonObject star = patch(service, user, id, """
                [{"op": "replace", "path": "title", "value": "Three"}]""", "*");
        assertThat(star.getString("title")).isEqualTo("Three");
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertScimError(() -> patchUser("no-such-id", """
                [{"op": "replace", "path": "title", "value": "x"}]"""), 404, null, "no-such-id");
    }

    // ---- group members

    @Test
    void membersAreAddedOnceAndRemovedByValuePath() {
        String a = create(user, "{\"userName\": \"a\"}").getString("id");
        String b = create(user, "{\"userName\": \"b\"}").getString("id");
        String id = create(group, "{\"displayName\": \"G\"}").getString("id");

        JsonObject added = patch(group, id, """
                [{"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}, {"value": "%s"}]}]"""
                .formatted(a, b, a));
        assertThat(memberIds(added)).containsExactly(a, b);
        assertThat(added.getJsonArray("members").getJsonObject(0).getString("type")).isEqualTo("User");

        JsonObject again = patch(group, id, """
                [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]""".formatted(a));
        assertThat(again).isEqualTo(added);

        JsonObject removed = patch(group, id, """
                [{"op": "remove", "path": "members[value eq \\"%s\\"]"}]""".formatted(a));
        assertThat(memberIds(removed)).containsExactly(b);

        JsonObject absent = patch(group, id, """
                [{"op": "remove", "path": "members[value eq \\"%s\\"]"}]""".formatted(a));
        assertThat(absent).isEqualTo(removed);
    }

    @Test
    void removeOfMembersWithAValueListRemovesOnlyThoseByDefaultAndAllWhenStrict() {
        String a = create(user, "{\"userName\": \"a\"}").getString("id");
        String b = create(user, "{\"userName\": \"b\"}").getString("id");
        String c = create(user, "{\"userName\": \"c\"}").getString("id");
        String id = create(group, "{\"displayName\": \"G\", \"members\": [{\"value\": \"%s\"}, {\"value\": \"%s\"}, {\"value\": \"%s\"}]}"
                .formatted(a, b, c)).getString("id");
        String ops = """
                [{"op": "Remove", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}]""".formatted(a, c);

        assertThat(memberIds(patch(group, id, ops))).containsExactly(b);

        assertThat(patch(strict, group, id, ops.replace("Remove", "remove"), null)).doesNotContainKey("members");
    }

    @Test
    void aMemberThatIsNoUserOrGroupIsInvalidValue() {
        String id = create(group, "{\"displayName\": \"G\"}").getString("id");
        String device1 = create(device, "{\"name\": \"not-a-member\"}").getString("id");

        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "add", "path": "members", "value": [{"value": "ghost"}]}]"""), 400, "invalidValue", "ghost");
        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]""".formatted(device1)), 400, "invalidValue", device1);
        assertRefusedAndUnchanged(group, id, () -> patch(group, id, """
                [{"op": "add", "path": "members", "value": [{"display": "no value"}]}]"""), 400, "invalidValue", "value");
    }

    @Test
    void aGroupMayHaveAGroupAsMember() {
        String inner = create(group, "{\"displayName\": \"Inner\"}").getString("id");
        String outer = create(group, "{\"displayName\": \"Outer\"}").getString("id");

        JsonObject patched = patch(group, outer, """
                [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]""".formatted(inner));

        assertThat(patched.getJsonArray("members").getJsonObject(0))
                .isEqualTo(json("{\"value\": \"%s\", \"type\": \"Group\"}".formatted(inner)));
    }

    private static List<String> memberIds(JsonObject group) {
        JsonArray members = group.getJsonArray("members");
        return members == null ? List.of() : members.stream().map(m -> m.asJsonObject().getString("value")).toList();
    }

    // ---- the request body

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            no Operations             | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}                                         | invalidSyntax | Operations
            empty Operations          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}                       | invalidSyntax | Operations
            Operations an object      | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": {"op": "add"}}             | invalidSyntax | Operations
            Operations null           | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": null}                     | invalidSyntax | Operations
            an operation not object   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ["add"]}                  | invalidSyntax | Operations[0]
            op missing                | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"path": "title", "value": "x"}]} | invalidSyntax | 'op'
            op unknown                | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "frob", "path": "title", "value": "x"}]} | invalidSyntax | frob
            op not a string           | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": 1, "path": "title", "value": "x"}]} | invalidSyntax | op
            path not a string         | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": 5, "value": "x"}]} | invalidSyntax | path
            path syntax               | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "emails[type eq", "value": "x"}]} | invalidPath | emails[type eq
            path with spaces          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "display Name", "value": "x"}]} | invalidPath | display Name
            add without value         | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "title"}]} | invalidValue | value
            replace with null value   | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": null}]} | invalidValue | value
            second op broken          | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "title", "value": "x"}, {"op": "nope"}]} | invalidSyntax | Operations[1]
            schemas not an array      | {"schemas": "urn:ietf:params:scim:api:messages:2.0:PatchOp", "Operations": [{"op": "add", "path": "title", "value": "x"}]} | invalidValue | schemas
            """)
    void aMalformedBodyIsRefusedInBothModes(String what, String body, String scimType, String fragment) {
        for (boolean strictMode : new boolean[] {false, true}) {
            assertScimError(() -> PatchRequest.parse(json(body), strictMode), 400, scimType, fragment);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            capitalised op              | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "title", "value": "x"}]} | invalidSyntax | Replace
            no schemas                  | {"Operations": [{"op": "replace", "path": "title", "value": "x"}]}                                                                | invalidSyntax | schemas
            another schema              | {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "Operations": [{"op": "replace", "path": "title", "value": "x"}]}       | invalidValue  | PatchOp
            a top-level id              | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "id": "u-1", "Operations": [{"op": "replace", "path": "title", "value": "x"}]} | invalidSyntax | id
            an extra key in an op       | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "name": "t", "path": "title", "value": "x"}]} | invalidSyntax | name
            an unquoted filter value    | {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "emails[type eq work]"}]} | invalidPath   | emails[type eq work]
            """)
    void whatEntraIdSendsIsRefusedWhenStrictAndReadByDefault(String what, String body, String scimType, String fragment) {
        assertScimError(() -> PatchRequest.parse(json(body), true), 400, scimType, fragment);

        List<PatchOperation> operations = PatchRequest.parse(json(body), false);
        assertThat(operations).hasSize(1);
    }

    @Test
    void strictModeTakesTheNamesOfAPatchOpInAnyCase() {
        // RFC 7643 §2.1: attribute names are case-insensitive, the PatchOp's own included.
        List<PatchOperation> operations = PatchRequest.parse(json("""
                {"Schemas": ["%s"], "operations": [{"op": "add", "path": "title", "value": "x"}]}""".formatted(PatchRequest.SCHEMA)),
                true);

        assertThat(operations).hasSize(1);
    }

    @Test
    void theParsedOperationsSayWhatToDoWhere() {
        List<PatchOperation> operations = PatchRequest.parse(json(patchOp("""
                [{"op": "ADD", "path": "emails[type eq \\"work\\"].value", "value": "a@b.c"},
                 {"op": "remove", "path": " title "},
                 {"op": "replace", "path": "", "value": {"title": "t"}},
                 {"op": "remove", "path": "emails[type eq work]"}]""")), false);

        assertThat(operations).extracting(PatchOperation::op).containsExactly(
                PatchOperation.Op.ADD, PatchOperation.Op.REMOVE, PatchOperation.Op.REPLACE, PatchOperation.Op.REMOVE);
        assertThat(operations.get(0).path().toString()).isEqualTo("emails[type eq \"work\"].value");
        assertThat(operations.get(0).value()).isEqualTo(Json.createValue("a@b.c"));
        assertThat(operations.get(1).path().toString()).isEqualTo("title");
        assertThat(operations.get(1).value()).isNull();
        assertThat(operations.get(2).path()).isNull();
        assertThat(operations.get(3).path().toString()).isEqualTo("emails[type eq \"work\"]");
    }
}
