package dev.scimserver.store.jdbc;

import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every file and folder the server makes in its data folder is its owner's only (0600, 0700),
 * whatever the umask: H2's database, its trace file and the folders above them, as the in-memory
 * backend's snapshot and journal are.
 */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    private static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.toList();
        }
    }

    private static void assertOwnerOnly(Path root) throws IOException {
        for (Path path : everything(root)) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as("%s", path).isEqualTo(expected);
        }
    }

    private static void createAndDeleteAUser(ResourceService service) {
        var users = SchemaRegistry.defaults().resourceType("User");
        String id = service.create(users, Json.createReader(new StringReader(
                "{\"schemas\": [\"" + SchemaRegistry.USER + "\"], \"userName\": \"bjensen\", \"password\": \"secret\"}"))
                .readObject()).getString("id");
        service.delete(users, id, dev.scimserver.core.Preconditions.NONE);
        service.create(users, Json.createReader(new StringReader(
                "{\"schemas\": [\"" + SchemaRegistry.USER + "\"], \"userName\": \"bjensen\"}")).readObject());
    }

    @Test
    void theH2DatabaseItsTraceFileAndTheFoldersAboveThemAreTheOwnersOnly() throws IOException {
        Path data = dir.resolve("data");
        // As Main opens it: jdbc:h2:file: and an absolute path in the data folder (a level deeper,
        // so H2 makes two folders); TRACE_LEVEL_FILE=2 makes H2 write its trace file at once.
        String url = "jdbc:h2:file:" + data.resolve("db").resolve("scim").toAbsolutePath() + ";TRACE_LEVEL_FILE=2";
        JdbcBackend backend = JdbcBackends.open(url, "", "", SchemaRegistry.defaults());
        try {
            createAndDeleteAUser(new ResourceService(backend, Clock.systemUTC(), SchemaRegistry.defaults(), false));
            assertThat(everything(data)).extracting(p -> p.getFileName().toString())
                    .contains("data", "db", "scim.mv.db", "scim.trace.db");
            assertOwnerOnly(data);
        } finally {
            backend.close(); // SHUTDOWN writes the file out and compacts it
        }
        assertOwnerOnly(data);

        // Opened again (the files exist): still the owner's only.
        JdbcBackend again = JdbcBackends.open(url, "", "", SchemaRegistry.defaults());
        again.close();
        assertOwnerOnly(data);
    }

    @Test
    void anH2UrlWithoutTheFilePrefixGetsTheSame() throws IOException {
        Path data = dir.resolve("other");
        JdbcBackend backend = JdbcBackends.open("jdbc:h2:" + data.resolve("scim").toAbsolutePath(), "", "",
                SchemaRegistry.defaults());
        try {
            createAndDeleteAUser(new ResourceService(backend, Clock.systemUTC(), SchemaRegistry.defaults(), false));
        } finally {
            backend.close();
        }
        assertThat(everything(data)).extracting(p -> p.getFileName().toString()).contains("scim.mv.db");
        assertOwnerOnly(data);
    }

    @Test
    void theInMemoryBackendsJournalSnapshotAndDataFolderAreTheOwnersOnly() throws IOException {
        Path data = dir.resolve("memory").resolve("data");
        InMemoryBackend backend = new InMemoryBackend();
        backend.openJournal(data.resolve("journal.jsonl"), false, data.resolve("resources.json"), 1024 * 1024);
        createAndDeleteAUser(new ResourceService(backend, Clock.systemUTC(), SchemaRegistry.defaults(), false));
        backend.compact();
        assertThat(everything(data)).extracting(p -> p.getFileName().toString()).contains("journal.jsonl", "resources.json");
        assertOwnerOnly(dir.resolve("memory"));
    }
}
