package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

class ResourceServiceTest {
    private static final String CORE = SchemaRegistry.USER;
    private static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER;
    private static final Instant START = Instant.parse("2024-03-01T10:00:00.250Z");

    @TempDir
    static Path dir;
    private static SchemaRegistry registry;
    private static ResourceType user;
    private static ResourceType group;
    private static ResourceType device;
    private static ResourceType gadget;

    private MutableClock clock;
    private ResourceService service;

    @BeforeAll
    static void load() {
        registry = CustomTypes.registry(dir);
        user = registry.resourceType("User");
        group = registry.resourceType("Group");
        device = CustomTypes.device(registry);
        gadget = CustomTypes.gadget(registry);
    }

    @BeforeEach
    void newService() {
        clock = new MutableClock(START);
        service = new ResourceService(new InMemoryBackend(), clock);
    }

    private static JsonObject body(ResourceType type, String json) {
        return Json.createObjectBuilder(json(json))
                .add("schemas", Json.createArrayBuilder().add(type.schema().id()))
                .build();
    }

    private JsonObject createUser(String json) {
        return service.create(user, body(user, json));
    }

    private static String version(JsonObject resource) {
        return ResourceService.version(resource);
    }

    // --- create

    @Test
    void createAssignsAUuidIdAndMeta() {
        JsonObject created = createUser("{\"userName\": \"bjensen\", \"id\": \"client-chosen\"}");

        String id = created.getString("id");
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        JsonObject meta = created.getJsonObject("meta");
        assertThat(meta.getString("resourceType")).isEqualTo("User");
        assertThat(meta.getString("created")).isEqualTo("2024-03-01T10:00:00.250Z");
        assertThat(meta.getString("lastModified")).isEqualTo(meta.getString("created"));
        assertThat(meta.getString("version")).matches("W/\"[0-9a-f]+\"");
        assertThat(meta).doesNotContainKey("location");
        assertThat(created.getJsonArray("schemas")).containsExactly(Json.createValue(CORE));
        assertThat(created.getString("userName")).isEqualTo("bjensen");
        assertThat(service.get(user, id)).isEqualTo(created);
    }

    @Test
    void everyCreateGetsItsOwnIdAndVersion() {
        JsonObject a = createUser("{\"userName\": \"a\"}");
        JsonObject b = createUser("{\"userName\": \"b\"}");
        assertThat(a.getString("id")).isNotEqualTo(b.getString("id"));
        assertThat(version(a)).isNotEqualTo(version(b));
    }

    @Test
    void schemasListsTheExtensionOnlyWhenItIsPresent() {
        JsonObject with = createUser("{\"userName\": \"a\", \"" + ENTERPRISE + "\": {\"employeeNumber\": \"1\"}}");
        assertThat(with.getJsonArray("schemas").getValuesAs(JsonString::getString)).containsExactly(CORE, ENTERPRISE);
        assertThat(with.getJsonObject(ENTERPRISE)).isEqualTo(json("{\"employeeNumber\": \"1\"}"));

        JsonObject without = createUser("{\"userName\": \"b\", \"" + ENTERPRISE + "\": {\"employeeNumber\": null}}");
        assertThat(without.getJsonArray("schemas").getValuesAs(JsonString::getString)).containsExactly(CORE);
        assertThat(without).doesNotContainKey(ENTERPRISE);
    }

    @Test
    void createStoresTheWriteOnlyPasswordAsAHash() {
        JsonObject created = createUser("{\"userName\": \"a\", \"password\": \"t1meMa$heen\"}");
        assertThat(created.getString("password")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Argon2id.owasp().verify("t1meMa$heen", created.getString("password"))).isTrue();
    }

    @Test
    void createRefusesInvalidInputAndStoresNothing() {
        assertScimError(() -> createUser("{\"displayName\": \"no user name\"}"), 400, "invalidValue", "'userName' is required");
        assertScimError(() -> createUser("{\"userName\": \"a\", \"shoe\": 1}"), 400, "invalidSyntax", "shoe");
        assertScimError(() -> service.create(gadget, body(gadget, "{\"name\": \"g\"}")), 400, "invalidValue",
                "urn:example:DeviceOwner");
        assertThat(service.list(user)).isEmpty();
        assertThat(service.list(gadget)).isEmpty();
    }

    // --- get / delete

    @Test
    void getOfAnUnknownIdIs404() {
        assertScimError(() -> service.get(user, "nope"), 404, null, "User 'nope' not found");
    }

    @Test
    void deleteThenGetIs404() {
        String id = createUser("{\"userName\": \"a\"}").getString("id");
        service.delete(user, id, Preconditions.NONE);
        assertScimError(() -> service.get(user, id), 404, null, id);
        assertScimError(() -> service.delete(user, id, Preconditions.NONE), 404, null, id);
        assertThat(service.list(user)).isEmpty();
    }

    @Test
    void anIdOfOneTypeIsNotFoundInAnother() {
        String id = createUser("{\"userName\": \"a\"}").getString("id");
        assertScimError(() -> service.get(group, id), 404, null, "Group '" + id + "' not found");
    }

    // --- replace

    @Test
    void replaceClearsLeftOutReadWriteAttributes() {
        JsonObject created = createUser("{\"userName\": \"a\", \"externalId\": \"e-1\", \"displayName\": \"A\", "
                + "\"emails\": [{\"value\": \"a@x\"}], \"" + ENTERPRISE + "\": {\"employeeNumber\": \"1\"}}");
        String id = created.getString("id");

        JsonObject replaced = service.replace(user, id, body(user, "{\"userName\": \"a\", \"nickName\": \"Ace\"}"), Preconditions.NONE);

        assertThat(replaced).doesNotContainKeys("externalId", "displayName", "emails", ENTERPRISE);
        assertThat(replaced.getString("nickName")).isEqualTo("Ace");
        assertThat(replaced.getJsonArray("schemas").getValuesAs(JsonString::getString)).containsExactly(CORE);
        assertThat(replaced.getString("id")).isEqualTo(id);
        assertThat(service.get(user, id)).isEqualTo(replaced);
    }

    @Test
    void replaceKeepsTheWriteOnlyPasswordWhenLeftOutAndChangesItWhenSent() {
        String id = createUser("{\"userName\": \"a\", \"password\": \"first\"}").getString("id");

        String first = service.get(user, id).getString("password");

        JsonObject kept = service.replace(user, id, body(user, "{\"userName\": \"a\"}"), Preconditions.NONE);
        assertThat(kept.getString("password")).isEqualTo(first); // the same hash, not hashed again

        JsonObject changed = service.replace(user, id, body(user, "{\"userName\": \"a\", \"password\": \"second\"}"), Preconditions.NONE);
        assertThat(Argon2id.owasp().verify("second", changed.getString("password"))).isTrue();
        assertThat(changed.getString("password")).doesNotContain("second");
    }

    @Test
    void replaceKeepsCreatedAndChangesVersionAndLastModified() {
        JsonObject created = createUser("{\"userName\": \"a\"}");
        clock.advance(Duration.ofSeconds(90));

        JsonObject replaced = service.replace(user, created.getString("id"), body(user, "{\"userName\": \"a\"}"), Preconditions.NONE);

        JsonObject meta = replaced.getJsonObject("meta");
        assertThat(meta.getString("created")).isEqualTo("2024-03-01T10:00:00.250Z");
        assertThat(meta.getString("lastModified")).isEqualTo("2024-03-01T10:01:30.250Z");
        assertThat(meta.getString("resourceType")).isEqualTo("User");
        assertThat(version(replaced)).matches("W/\"[0-9a-f]+\"").isNotEqualTo(version(created));
    }

    @Test
    void replaceKeepsALeftOutImmutableValueAndAcceptsTheSameValue() {
        String id = service.create(device, body(device, "{\"name\": \"d\", \"firmware\": \"1.0\"}")).getString("id");

        JsonObject leftOut = service.replace(device, id, body(device, "{\"name\": \"d\"}"), Preconditions.NONE);
        assertThat(leftOut.getString("firmware")).isEqualTo("1.0");

        JsonObject same = service.replace(device, id, body(device, "{\"name\": \"d\", \"firmware\": \"1.0\"}"), Preconditions.NONE);
        assertThat(same.getString("firmware")).isEqualTo("1.0");
    }

    @Test
    void replaceMaySetAnImmutableValueThatHasNone() {
        String id = service.create(device, body(device, "{\"name\": \"d\"}")).getString("id");
        JsonObject replaced = service.replace(device, id, body(device, "{\"name\": \"d\", \"firmware\": \"1.0\"}"), Preconditions.NONE);
        assertThat(replaced.getString("firmware")).isEqualTo("1.0");
    }

    @Test
    void replaceRefusesAChangedImmutableValueAndChangesNothing() {
        JsonObject created = service.create(device, body(device, "{\"name\": \"d\", \"firmware\": \"1.0\"}"));
        String id = created.getString("id");

        assertScimError(() -> service.replace(device, id, body(device, "{\"name\": \"other\", \"firmware\": \"2.0\"}"), Preconditions.NONE),
                400, "mutability", "'firmware' is immutable");
        assertThat(service.get(device, id)).isEqualTo(created);
    }

    @Test
    void immutableExtensionValuesAreKeptWhenLeftOutAndRefusedWhenChanged() {
        JsonObject created = service.create(device, body(device,
                "{\"name\": \"d\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\", \"badge\": \"B-1\"}}"));
        String id = created.getString("id");

        JsonObject kept = service.replace(device, id, body(device,
                "{\"name\": \"d\", \"urn:example:DeviceOwner\": {\"owner\": \"sec\"}}"), Preconditions.NONE);
        assertThat(kept.getJsonObject("urn:example:DeviceOwner")).isEqualTo(json("{\"owner\": \"sec\", \"badge\": \"B-1\"}"));
        assertThat(kept.getJsonArray("schemas").getValuesAs(JsonString::getString))
                .containsExactly(CustomTypes.DEVICE, CustomTypes.OWNER);

        assertScimError(() -> service.replace(device, id, body(device,
                        "{\"name\": \"d\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\", \"badge\": \"B-2\"}}"), Preconditions.NONE),
                400, "mutability", "'urn:example:DeviceOwner:badge' is immutable");
    }

    @Test
    void replaceChecksRequiredAttributes() {
        String id = createUser("{\"userName\": \"a\"}").getString("id");
        assertScimError(() -> service.replace(user, id, body(user, "{\"displayName\": \"A\"}"), Preconditions.NONE),
                400, "invalidValue", "'userName' is required");
    }

    @Test
    void replaceOfAnUnknownIdIs404() {
        assertScimError(() -> service.replace(user, "nope", body(user, "{\"userName\": \"a\"}"), Preconditions.NONE),
                404, null, "User 'nope' not found");
    }

    // --- If-Match

    @Test
    void replaceWithAStaleIfMatchIs412AndChangesNothing() {
        JsonObject created = createUser("{\"userName\": \"a\"}");
        String id = created.getString("id");
        String stale = version(created);
        service.replace(user, id, body(user, "{\"userName\": \"a\", \"displayName\": \"one\"}"), Preconditions.ifMatch(stale));
        JsonObject current = service.get(user, id);

        assertScimError(() -> service.replace(user, id, body(user, "{\"userName\": \"a\", \"displayName\": \"two\"}"), Preconditions.ifMatch(stale)),
                412, null, "If-Match " + stale, version(current));
        assertThat(service.get(user, id)).isEqualTo(current);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "current", "strong", "list"})
    void replaceWithAMatchingIfMatchSucceeds(String kind) {
        JsonObject created = createUser("{\"userName\": \"a\"}");
        String version = version(created);
        String ifMatch = switch (kind) {
            case "*" -> "*";
            case "current" -> version;
            case "strong" -> version.substring(2);
            default -> "W/\"0\", " + version;
        };
        JsonObject replaced = service.replace(user, created.getString("id"),
                body(user, "{\"userName\": \"a\", \"displayName\": \"B\"}"), Preconditions.ifMatch(ifMatch));
        assertThat(replaced.getString("displayName")).isEqualTo("B");
    }

    @Test
    void deleteWithAStaleIfMatchIs412AndKeepsTheResource() {
        JsonObject created = createUser("{\"userName\": \"a\"}");
        String id = created.getString("id");
        assertScimError(() -> service.delete(user, id, Preconditions.ifMatch("W/\"stale\"")), 412, null, "W/\"stale\"");
        assertThat(service.get(user, id)).isEqualTo(created);

        service.delete(user, id, Preconditions.ifMatch(version(created)));
        assertScimError(() -> service.get(user, id), 404, null, id);
    }

    @Test
    void deleteWithIfMatchStarSucceeds() {
        String id = createUser("{\"userName\": \"a\"}").getString("id");
        service.delete(user, id, Preconditions.ifMatch("*"));
        assertThat(service.list(user)).isEmpty();
    }

    // --- uniqueness

    @Test
    void userNameIsUniqueIgnoringCaseOnCreate() {
        createUser("{\"userName\": \"bjensen\"}");
        assertScimError(() -> createUser("{\"userName\": \"BJensen\"}"), 409, "uniqueness", "'userName'", "bjensen");
        assertThat(service.list(user)).hasSize(1);
    }

    @Test
    void userNameIsUniqueIgnoringCaseOnReplace() {
        createUser("{\"userName\": \"bjensen\"}");
        JsonObject other = createUser("{\"userName\": \"other\"}");
        String id = other.getString("id");

        assertScimError(() -> service.replace(user, id, body(user, "{\"userName\": \"BJENSEN\"}"), Preconditions.NONE),
                409, "uniqueness", "'userName'");
        assertThat(service.get(user, id)).isEqualTo(other);
    }

    @Test
    void aResourceMayKeepItsOwnUniqueValueInAnotherCase() {
        String id = createUser("{\"userName\": \"bjensen\"}").getString("id");
        JsonObject replaced = service.replace(user, id, body(user, "{\"userName\": \"BJensen\"}"), Preconditions.NONE);
        assertThat(replaced.getString("userName")).isEqualTo("BJensen");
        assertScimError(() -> createUser("{\"userName\": \"bjensen\"}"), 409, "uniqueness", "'userName'");
    }

    @Test
    void aCaseExactUniqueValueMayDifferOnlyByCase() {
        service.create(device, body(device, "{\"name\": \"d1\", \"serialNumber\": \"SN-1\"}"));
        JsonObject lower = service.create(device, body(device, "{\"name\": \"d2\", \"serialNumber\": \"sn-1\"}"));
        assertThat(lower.getString("serialNumber")).isEqualTo("sn-1");
        assertScimError(() -> service.create(device, body(device, "{\"name\": \"d3\", \"serialNumber\": \"SN-1\"}")),
                409, "uniqueness", "'serialNumber'", "SN-1");
    }

    @Test
    void globalUniquenessSpansResourceTypes() {
        service.create(device, body(device, "{\"name\": \"d1\", \"assetTag\": \"A-1\"}"));
        assertScimError(() -> service.create(gadget, body(gadget,
                        "{\"name\": \"g1\", \"assetTag\": \"a-1\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\"}}")),
                409, "uniqueness", "'assetTag'");
        assertThat(service.list(gadget)).isEmpty();
    }

    @Test
    void serverUniquenessIsPerResourceType() {
        service.create(device, body(device, "{\"name\": \"same\"}"));
        JsonObject g = service.create(gadget, body(gadget,
                "{\"name\": \"same\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\"}}"));
        assertThat(g.getString("name")).isEqualTo("same");
        assertScimError(() -> service.create(device, body(device, "{\"name\": \"SAME\"}")), 409, "uniqueness",
                "'name'", "among Device resources");
    }

    @Test
    void aUniqueValueIsReleasedByDelete() {
        String id = createUser("{\"userName\": \"bjensen\"}").getString("id");
        service.delete(user, id, Preconditions.NONE);
        JsonObject again = createUser("{\"userName\": \"BJENSEN\"}");
        assertThat(again.getString("userName")).isEqualTo("BJENSEN");
    }

    @Test
    void aUniqueValueIsReleasedByARename() {
        String id = createUser("{\"userName\": \"bjensen\"}").getString("id");
        service.replace(user, id, body(user, "{\"userName\": \"barbara\"}"), Preconditions.NONE);

        JsonObject newcomer = createUser("{\"userName\": \"bjensen\"}");
        assertThat(newcomer.getString("userName")).isEqualTo("bjensen");
        assertScimError(() -> createUser("{\"userName\": \"Barbara\"}"), 409, "uniqueness", "'userName'");
    }

    @Test
    void aGlobalValueIsReleasedWhenClearedByReplace() {
        String id = service.create(device, body(device, "{\"name\": \"d1\", \"assetTag\": \"A-1\"}")).getString("id");
        service.replace(device, id, body(device, "{\"name\": \"d1\"}"), Preconditions.NONE);
        JsonObject g = service.create(gadget, body(gadget,
                "{\"name\": \"g1\", \"assetTag\": \"A-1\", \"urn:example:DeviceOwner\": {\"owner\": \"ops\"}}"));
        assertThat(g.getString("assetTag")).isEqualTo("A-1");
    }

    // --- list

    @Test
    void listIsInCreationOrder() {
        String first = createUser("{\"userName\": \"z\"}").getString("id");
        clock.advance(Duration.ofMillis(750)); // to a whole second, which ISO_INSTANT would print without a fraction
        String second = createUser("{\"userName\": \"y\"}").getString("id");
        clock.advance(Duration.ofMillis(1));
        String third = createUser("{\"userName\": \"x\"}").getString("id");
        service.create(group, body(group, "{\"displayName\": \"G\"}"));

        assertThat(service.get(user, second).getJsonObject("meta").getString("created"))
                .isEqualTo("2024-03-01T10:00:01.000Z");
        assertThat(service.list(user)).extracting(r -> r.getString("id")).containsExactly(first, second, third);
        assertThat(service.list(group)).hasSize(1);
    }
}
