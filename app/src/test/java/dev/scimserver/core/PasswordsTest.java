package dev.scimserver.core;

import dev.scimserver.json.ScimJson;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static dev.scimserver.core.ScimAssertions.assertScimError;
import static dev.scimserver.core.ScimAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where passwords are hashed: every client write (POST, PUT, each PATCH form), always, whatever the
 * text looks like; a restore keeps a hash of ours and hashes a cleartext. With small Argon2id
 * parameters ({@link Argon2idTest#FAST}); the HTTP tests prove the server's own.
 */
class PasswordsTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final Argon2id FAST = Argon2idTest.FAST;
    /** A hash as a client might send one, to plant a password it knows the hash of. */
    private static final String PLANTED = FAST.hash("known");

    @TempDir
    Path dir;
    private final InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
    private final ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false, FAST);

    private JsonObject create(String password) {
        return service.create(USER, json("""
                {"schemas": ["%s"], "userName": "u-%s", "password": "%s"}""".formatted(SchemaRegistry.USER, System.nanoTime(), password)));
    }

    private String stored(String id) {
        return backend.get("User", id).orElseThrow().body().getString("password", null);
    }

    private JsonObject patch(String id, String operations) {
        return service.patch(USER, id, PatchRequest.parse(json("""
                {"schemas": ["%s"], "Operations": %s}""".formatted(PatchRequest.SCHEMA, operations)), false), Preconditions.NONE);
    }

    @Test
    void createStoresAHashOfThePassword() {
        String id = create("Secret-Passw0rd-XYZ").getString("id");

        assertThat(stored(id)).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain("Secret-Passw0rd-XYZ");
        assertThat(FAST.verify("Secret-Passw0rd-XYZ", stored(id))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"password\": \"%s\"}",
            "{\"PASSWORD\": \"%s\"}",
            "{\"urn:ietf:params:scim:schemas:core:2.0:User:password\": \"%s\"}",
            "{\"urn:ietf:params:scim:schemas:core:2.0:User\": {\"password\": \"%s\"}}",
    })
    void aPasswordInAnyFormOfAPostBodyIsHashed(String form) {
        JsonObject body = ScimJson.createObjectBuilder(json(form.formatted("p0sted")))
                .add("schemas", ScimJson.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", "form-" + System.nanoTime())
                .build();

        String id = service.create(USER, body).getString("id");

        assertThat(FAST.verify("p0sted", stored(id))).isTrue();
    }

    @Test
    void aClientSentHashIsHashedLikeAnyOtherPassword() {
        String id = create(PLANTED).getString("id");

        assertThat(stored(id)).isNotEqualTo(PLANTED);
        assertThat(FAST.verify(PLANTED, stored(id))).isTrue();
        assertThat(FAST.verify("known", stored(id))).isFalse();

        service.replace(USER, id, json("""
                {"schemas": ["%s"], "userName": "planted", "password": "%s"}""".formatted(SchemaRegistry.USER, PLANTED)),
                Preconditions.NONE);
        assertThat(FAST.verify(PLANTED, stored(id))).isTrue();

        patch(id, """
                [{"op": "replace", "path": "password", "value": "%s"}]""".formatted(PLANTED));
        assertThat(FAST.verify(PLANTED, stored(id))).isTrue();
        patch(id, """
                [{"op": "replace", "value": {"password": "%s"}}]""".formatted(PLANTED));
        assertThat(FAST.verify(PLANTED, stored(id))).isTrue();
    }

    @Test
    void replaceHashesASentPasswordAndKeepsTheStoredHashWhenLeftOut() {
        String id = create("first").getString("id");
        String first = stored(id);

        service.replace(USER, id, json("""
                {"schemas": ["%s"], "userName": "kept"}""".formatted(SchemaRegistry.USER)), Preconditions.NONE);
        assertThat(stored(id)).isEqualTo(first);

        service.replace(USER, id, json("""
                {"schemas": ["%s"], "userName": "kept", "password": "second"}""".formatted(SchemaRegistry.USER)),
                Preconditions.NONE);
        assertThat(FAST.verify("second", stored(id))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            [{"op": "replace", "path": "password", "value": "n3w-Secret"}]""",
            """
            [{"op": "add", "path": "password", "value": "n3w-Secret"}]""",
            """
            [{"op": "Replace", "path": "PassWord", "value": "n3w-Secret"}]""",
            """
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:password", "value": "n3w-Secret"}]""",
            """
            [{"op": "replace", "path": "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:PASSWORD", "value": "n3w-Secret"}]""",
            """
            [{"op": "replace", "value": {"password": "n3w-Secret"}}]""",
            """
            [{"op": "add", "value": {"displayName": "D", "Password": "n3w-Secret", "title": "T"}}]""",
            """
            [{"op": "replace", "value": {"urn:ietf:params:scim:schemas:core:2.0:User:password": "n3w-Secret"}}]""",
            """
            [{"op": "replace", "path": "displayName", "value": "D"}, {"op": "replace", "path": "password", "value": "n3w-Secret"}]""",
    })
    void everyPatchFormStoresAHash(String operations) {
        String id = create("old").getString("id");

        patch(id, operations);

        assertThat(stored(id)).startsWith("$argon2id$");
        assertThat(FAST.verify("n3w-Secret", stored(id))).isTrue();
    }

    @Test
    void aPatchThatFailsAfterItsPasswordChangesNothing() {
        JsonObject created = create("old");
        String id = created.getString("id");

        assertScimError(() -> patch(id, """
                [{"op": "replace", "path": "password", "value": "n3w-Secret"},
                 {"op": "replace", "path": "userName", "value": 5}]"""), 400, "invalidValue", "userName");

        assertThat(backend.get("User", id).orElseThrow().body()).isEqualTo(created);
    }

    @Test
    void aPasswordThatIsNoStringIsRefusedAsBefore() {
        String id = create("old").getString("id");
        String before = stored(id);

        assertScimError(() -> patch(id, """
                [{"op": "replace", "path": "password", "value": 5}]"""), 400, "invalidValue", "password");
        assertScimError(() -> patch(id, """
                [{"op": "replace", "value": {"password": ["x"]}}]"""), 400, "invalidValue", "password");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void removingThePasswordRemovesTheHash() {
        String id = create("old").getString("id");

        patch(id, """
                [{"op": "remove", "path": "password"}]""");

        assertThat(stored(id)).isNull();
    }

    @Test
    void otherTypesAndAttributesAreNotHashed() {
        JsonObject group = service.create(GROUP, json("""
                {"schemas": ["%s"], "displayName": "password"}""".formatted(SchemaRegistry.GROUP)));
        assertThat(group.getString("displayName")).isEqualTo("password");

        String id = create("old").getString("id");
        JsonObject patched = patch(id, """
                [{"op": "replace", "path": "nickName", "value": "password"},
                 {"op": "replace", "value": {"displayName": "$argon2id$"}}]""");
        assertThat(patched.getString("nickName")).isEqualTo("password");
        assertThat(patched.getString("displayName")).isEqualTo("$argon2id$");
    }

    // ---- restore

    private Path dump(String... resources) throws IOException {
        Path file = dir.resolve("dump.json");
        Files.writeString(file, "[" + String.join(",\n", resources) + "]");
        return file;
    }

    private static String user(String id, String password) {
        return """
                {"schemas": ["%s"], "id": "%s", "userName": "%s", "password": "%s",
                 "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00.000Z", "version": "W/\\"1\\""}}"""
                .formatted(SchemaRegistry.USER, id, id, password);
    }

    @Test
    void aStoredHashIsNotHashedAgainOnRestoreAndACleartextOneIs() throws IOException {
        String ours = FAST.hash("from-our-snapshot");
        // Our own hash with other parameters (the server's, from before a change) is ours too.
        String owasp = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + "q".repeat(42) + "g";

        int count = DumpRestore.restore(dump(user("u-1", ours), user("u-2", "python-cleartext"), user("u-3", owasp)),
                REGISTRY, service);

        assertThat(count).isEqualTo(3);
        assertThat(stored("u-1")).isEqualTo(ours);
        assertThat(stored("u-3")).isEqualTo(owasp);
        assertThat(stored("u-2")).startsWith("$argon2id$").doesNotContain("python-cleartext");
        assertThat(FAST.verify("python-cleartext", stored("u-2"))).isTrue();
        // Everything else is kept as the dump had it.
        assertThat(ResourceService.version(backend.get("User", "u-2").orElseThrow().body())).isEqualTo("W/\"1\"");
    }

    @Test
    void aRestoreOfManyCleartextPasswordsHashesEach() throws IOException {
        // More than the reader hands over at once, so both threads prepare some.
        String[] users = new String[600];
        for (int i = 0; i < users.length; i++) {
            users[i] = user("u-" + i, "clear-" + i);
        }

        DumpRestore.restore(dump(users), REGISTRY, service);

        for (int i = 0; i < users.length; i++) {
            assertThat(FAST.verify("clear-" + i, stored("u-" + i))).as("u-%d", i).isTrue();
        }
    }

    @Test
    void cleartextPasswordsAlreadyStoredAreHashedInPlaceKeepingTheirVersion() {
        // What a journal of a server from before hashing holds, replayed as it was written.
        JsonObject legacy = json(user("legacy", "was-cleartext"));
        backend.create(new StoredResource("User", "legacy", legacy, UniqueValue.of(USER, legacy)));
        String hashed = create("already-hashed").getString("id");
        String hash = stored(hashed);

        assertThat(service.hashStoredCleartextPasswords()).isEqualTo(1);

        assertThat(FAST.verify("was-cleartext", stored("legacy"))).isTrue();
        JsonObject body = backend.get("User", "legacy").orElseThrow().body();
        assertThat(body.getJsonObject("meta")).isEqualTo(legacy.getJsonObject("meta"));
        assertThat(List.copyOf(body.keySet())).isEqualTo(List.copyOf(legacy.keySet()));
        assertThat(stored(hashed)).isEqualTo(hash);
        assertThat(service.hashStoredCleartextPasswords()).isZero();
    }
}
