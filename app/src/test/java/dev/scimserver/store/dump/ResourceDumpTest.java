package dev.scimserver.store.dump;

import dev.scimserver.store.StoredResource;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ResourceDumpTest {
    @TempDir
    Path dir;

    private static StoredResource resource(String type, String id, String extraKey, String extraValue) {
        JsonObject body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:" + type))
                .add("id", id)
                .add(extraKey, extraValue)
                .add("meta", Json.createObjectBuilder().add("resourceType", type)
                        .add("created", "2024-03-01T10:00:00.000Z").add("version", "W/\"1\""))
                .build();
        return new StoredResource(type, id, body, Set.of());
    }

    private static JsonArray read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file); JsonReader reader = Json.createReader(in)) {
            return reader.readArray();
        }
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void writesTheBodiesAsOneJsonArray() throws IOException {
        StoredResource user = resource("User", "u-1", "userName", "bjensen");
        StoredResource group = resource("Group", "g-1", "displayName", "Tour Guides \u00e9\u00e8");
        Path target = dir.resolve("dump.json");

        ResourceDump.write(List.of(user, group), target);

        assertThat(read(target)).containsExactly(user.body(), group.body());
        assertThat(filesIn(dir)).containsExactly(target);
    }

    @Test
    void anEmptyStoreIsAnEmptyArray() throws IOException {
        Path target = dir.resolve("dump.json");
        ResourceDump.write(List.of(), target);
        assertThat(read(target)).isEmpty();
    }

    @Test
    void createsMissingDirectories() throws IOException {
        Path target = dir.resolve("a/b/dump.json");
        ResourceDump.write(List.of(resource("User", "u-1", "userName", "x")), target);
        assertThat(read(target)).hasSize(1);
    }

    @Test
    void theFoldersItCreatesAreTheOwnersOnlyAndFoldersThatExistAreLeftAlone() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ResourceDump.write(List.of(resource("User", "u-1", "userName", "x")), dir.resolve("a/b/dump.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void theDumpIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("dump.json");
        ResourceDump.write(List.of(resource("User", "u-1", "password", "secret")), target);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void overwritingAnExistingDumpReplacesItRestrictsItAndLeavesNoTemporaryFiles() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("dump.json");
        Files.writeString(target, "[{\"id\": \"old\"}, {\"id\": \"older\"}] and some more text that is longer");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        StoredResource user = resource("User", "u-2", "userName", "new");
        ResourceDump.write(List.of(user), target);
        ResourceDump.write(List.of(user), target);

        assertThat(read(target)).containsExactly(user.body());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(filesIn(dir)).containsExactly(target);
    }
}
