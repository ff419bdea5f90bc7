package dev.scimserver.store;

import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.Preconditions;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.StartRestorer;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.jdbc.JdbcBackend;
import dev.scimserver.store.jdbc.JdbcBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import dev.scimserver.store.memory.Journal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No file the server writes ever holds a cleartext password: the journal, the snapshot, a
 * {@code --dump-resources} file, the H2 database (its bodies and its value rows). Each case writes
 * passwords through every write path (POST, PUT, PATCH, a restore of a dump that carries them in
 * cleartext) with the server's own hasher, then reads every byte of every file in the data folder.
 * The userNames are found there, so the search would see a password too.
 */
class PasswordFilesTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final String CREATED = "Secret-Passw0rd-XYZ";
    private static final String PUT = "Put-Passw0rd-XYZ";
    private static final String PATCHED = "Patched-Passw0rd-XYZ";
    private static final String RESTORED = "Restored-Passw0rd-XYZ";
    private static final String LEGACY = "Legacy-Passw0rd-XYZ";
    private static final List<String> SECRETS = List.of(CREATED, PUT, PATCHED, RESTORED, LEGACY);

    @TempDir
    Path data;
    @TempDir
    Path elsewhere;

    /** Writes a password in each way a server does; returns the userNames written. */
    private List<String> writePasswords(ResourceService service) throws IOException {
        JsonObject created = service.create(USER, user("files-created-user", CREATED));
        String id = created.getString("id");
        service.replace(USER, id, user("files-created-user", PUT), Preconditions.NONE);
        String other = service.create(USER, user("files-patched-user", null)).getString("id");
        service.patch(USER, other, PatchRequest.parse(Json.createReader(new StringReader("""
                {"Operations": [{"op": "replace", "value": {"password": "%s"}}]}""".formatted(PATCHED))).readObject(), false),
                Preconditions.NONE);
        // A dump as the Python scim2-server writes it, passwords in cleartext; it is the input, kept outside the folder.
        Path dump = elsewhere.resolve("python-dump.json");
        Files.writeString(dump, """
                [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "restored-1",
                  "userName": "files-restored-user", "password": "%s",
                  "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z", "lastModified": "2024-01-01T00:00:00Z",
                           "version": "W/\\"1\\""}}]""".formatted(RESTORED));
        return List.of("files-created-user", "files-patched-user", "files-restored-user");
    }

    private static JsonObject user(String userName, String password) {
        var builder = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", userName);
        if (password != null) {
            builder.add("password", password);
        }
        return builder.build();
    }

    /** Every file under the folder, with its bytes. */
    private List<FileBytes> files() throws IOException {
        List<FileBytes> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.add(new FileBytes(file, Files.readAllBytes(file)));
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }

    private record FileBytes(Path file, byte[] bytes) {
        boolean contains(String text) {
            byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + wanted.length <= bytes.length; i++) {
                for (int k = 0; k < wanted.length; k++) {
                    if (bytes[i + k] != wanted[k]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    /**
     * No file holds a password. Each file of {@code holdingUsers} holds every userName: the search
     * sees the text of those resources there, so it would see a password.
     */
    private void assertNoCleartext(List<String> userNames, String... holdingUsers) throws IOException {
        List<FileBytes> files = files();
        for (FileBytes file : files) {
            for (String secret : SECRETS) {
                assertThat(file.contains(secret)).as("%s holds %s", file.file(), secret).isFalse();
            }
        }
        for (String name : holdingUsers) {
            FileBytes file = files.stream().filter(f -> f.file().getFileName().toString().equals(name)).findFirst().orElseThrow();
            for (String userName : userNames) {
                assertThat(file.contains(userName)).as("%s holds %s", name, userName).isTrue();
            }
        }
    }

    @Test
    void theJournalTheSnapshotAndTheDumpOfTheMemoryBackendHoldNoPassword() throws IOException {
        Path journal = data.resolve("journal.jsonl");
        Path snapshot = data.resolve("resources.json");
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        backend.openJournal(journal, true, snapshot, Long.MAX_VALUE);
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);

        List<String> userNames = writePasswords(service);
        DumpRestore.restore(elsewhere.resolve("python-dump.json"), REGISTRY, service);
        assertNoCleartext(userNames, "journal.jsonl"); // the journal holds every write

        backend.compact();
        ResourceDump.write(backend.all(), data.resolve("dump-resources.json"));
        backend.close();
        assertNoCleartext(userNames, "resources.json", "dump-resources.json");

        // And the state comes back from them: the snapshot's hashes are kept, not hashed again.
        InMemoryBackend again = new InMemoryBackend(IndexPlan.of(REGISTRY));
        DumpRestore.restore(snapshot, REGISTRY, new ResourceService(again, Clock.systemUTC(), REGISTRY, false));
        assertThat(again.all()).isEqualTo(backend.all());
    }

    @Test
    void aJournalWithCleartextFromBeforeHashingIsHashedBeforeTheSnapshotIsWritten() throws IOException {
        // What a server from before hashing left: a journal line with the password as it was sent.
        Path journal = data.resolve("journal.jsonl");
        Path snapshot = data.resolve("resources.json");
        InMemoryBackend old = new InMemoryBackend(IndexPlan.of(REGISTRY));
        old.attach(Journal.create(journal, true), snapshot, Long.MAX_VALUE);
        JsonObject legacy = Json.createObjectBuilder(user("files-legacy-user", LEGACY))
                .add("id", "legacy-1")
                .add("meta", Json.createObjectBuilder().add("resourceType", "User").add("created", "2024-01-01T00:00:00.000Z")
                        .add("lastModified", "2024-01-01T00:00:00.000Z").add("version", "W/\"1\""))
                .build();
        old.create(new StoredResource("User", "legacy-1", legacy, UniqueValue.of(USER, legacy)));
        old.close();
        assertThat(Files.readString(journal)).contains(LEGACY);

        // The start as Main does it: replay, hash what is cleartext, then the snapshot and a new journal.
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
        Journal.replayAll(journal, backend::holdsAll, backend::replay, warning -> { });
        assertThat(service.hashStoredCleartextPasswords()).isEqualTo(1);
        backend.openJournal(journal, true, snapshot, Long.MAX_VALUE);
        backend.close();

        assertNoCleartext(List.of("files-legacy-user"), "resources.json");
        assertThat(backend.get("User", "legacy-1").orElseThrow().body().getString("password")).startsWith("$argon2id$");
    }

    @Test
    void theH2DatabaseAndItsDumpHoldNoPassword() throws IOException, SQLException {
        String url = "jdbc:h2:file:" + data.resolve("scim");
        JdbcBackend backend = JdbcBackends.open(url, "", "", REGISTRY);
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
        List<String> userNames;
        try {
            userNames = writePasswords(service);
            DumpRestore.restore(elsewhere.resolve("python-dump.json"), REGISTRY, service);
            ResourceDump.write(backend.all(), data.resolve("dump-resources.json"));
        } finally {
            backend.close();
        }

        try (Connection connection = DriverManager.getConnection(url, "", "");
             Statement statement = connection.createStatement()) {
            // The filterable values never include the password, nor its hash.
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scim_value WHERE LOWER(path) LIKE '%password%'"
                    + " OR str LIKE '%Passw0rd%' OR str LIKE '$argon2id$%'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scim_resource WHERE body LIKE '%$argon2id$v=19$m=19456,t=2,p=1$%'")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(3);
            }
            statement.execute("SHUTDOWN");
        }
        assertNoCleartext(userNames, "scim.mv.db", "dump-resources.json");
    }

    @Test
    void anH2DatabaseFromBeforeHashingHasItsCleartextPasswordsHashedAtTheStartThatUpgradesIt() throws SQLException, IOException {
        // What a server from before hashing left: a row whose body holds the password as it was sent,
        // in a database at table version 2.
        String url = "jdbc:h2:file:" + data.resolve("scim");
        JsonObject legacy = Json.createObjectBuilder(user("h2-legacy-user", LEGACY))
                .add("id", "legacy-1")
                .add("meta", Json.createObjectBuilder().add("resourceType", "User").add("created", "2024-01-01T00:00:00.000Z")
                        .add("lastModified", "2024-01-01T00:00:00.000Z").add("version", "W/\"1\""))
                .build();
        JdbcBackend old = JdbcBackends.open(url, "", "", REGISTRY);
        old.create(new StoredResource("User", "legacy-1", legacy, UniqueValue.of(USER, legacy)));
        old.close();
        try (Connection connection = DriverManager.getConnection(url, "", "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM scim_schema_version WHERE version >= 3");
            statement.execute("SHUTDOWN");
        }

        // The start as Main does it, through the h2 backend's provider.
        BackendProvider provider = Backends.named("h2");
        BackendContext context = new BackendContext(REGISTRY, ServerSettings.defaults()
                .withPersistence(new ServerSettings.Persistence(data, null, true, "h2")),
                SettingsLoader.values(CommandLine.parse(List.of(new CommandLine.Section("h2", provider.settings())),
                        "--jdbc-url", url), java.util.Map.of()));
        for (int start = 1; start <= 2; start++) {
            Backend backend = provider.open(context);
            ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
            int[] hashed = {0};
            // The server's restorer, counting the passwords it hashes.
            StartRestorer server = new StartRestorer(REGISTRY, service, line -> { });
            provider.restore(backend, context, new Restorer() {
                @Override
                public int restore(Path dump) {
                    throw new AssertionError("no --restore was given");
                }

                @Override
                public int hashStoredCleartextPasswords() {
                    hashed[0] = server.hashStoredCleartextPasswords();
                    return hashed[0];
                }

                @Override
                public int dropDanglingMembers() {
                    return server.dropDanglingMembers();
                }

                @Override
                public int dropDanglingMembers(String groupType, String groupId, java.util.Set<String> memberIds) {
                    return server.dropDanglingMembers(groupType, groupId, memberIds);
                }
            });
            assertThat(hashed[0]).as("passwords hashed at start " + start).isEqualTo(start == 1 ? 1 : 0);
            assertThat(backend.get("User", "legacy-1").orElseThrow().body().getString("password")).startsWith("$argon2id$");
            provider.stop(backend, context);
        }
        assertNoCleartext(List.of("h2-legacy-user"), "scim.mv.db");
    }
}
