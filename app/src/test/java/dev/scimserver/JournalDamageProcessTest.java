package dev.scimserver;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage in the data folder stops the start (exit 2, one line naming the line or the snapshot) and
 * leaves the folder as it was, so nothing acknowledged is dropped; a last journal line cut short by a
 * crash is skipped with a warning. The real server, as a separate process, killed with SIGKILL.
 */
class JournalDamageProcessTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private Path data() {
        return dir.resolve("data");
    }

    @Test
    void damageInsideTheJournalStopsTheStartAndATornLastLineDoesNot() throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(create(server, "damage-" + i));
        }
        server.process.destroyForcibly(); // SIGKILL: the journal holds the writes, no snapshot of them
        server.process.waitFor();
        Path journal = data().resolve("journal.jsonl");
        byte[] written = Files.readAllBytes(journal);
        List<String> lines = lines(written);
        assertThat(lines).hasSize(5);

        // A zero byte inside an early line: replayed before, the journal ended there and four writes were gone.
        String second = lines.get(1);
        int inside = second.indexOf("damage-2");
        assertStartStops(lines(lines, 1, second.substring(0, inside) + "\0" + second.substring(inside)),
                "journal.jsonl: line 2 is corrupt (a zero byte inside it");

        // A changed letter in a value.
        String third = lines.get(2);
        int letter = third.indexOf("damage-3") + 1;
        assertStartStops(lines(lines, 2, third.substring(0, letter) + "b" + third.substring(letter + 1)),
                "journal.jsonl: line 3 is corrupt (its checksum does not match its bytes)");

        // The last line cut short, as a crash while it was written leaves it: skipped, everything before kept.
        byte[] torn = Arrays.copyOf(written, written.length);
        byte[] start = lines.get(4).substring(0, 50).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, torn, length(lines), start.length);
        Files.write(journal, torn);
        ServerProcess again = ServerProcess.start(dir, "--port", "0");
        try {
            for (int i = 0; i < ids.size(); i++) {
                HttpResponse<String> found = get(again, "/Users/" + ids.get(i));
                assertThat(found.statusCode()).as("acknowledged create of damage-%d", i + 1).isEqualTo(200);
                assertThat(json(found.body()).getString("userName")).isEqualTo("damage-" + (i + 1));
            }
            assertThat(json(get(again, "/Users").body()).getInt("totalResults")).isEqualTo(5);
        } finally {
            again.signal("TERM");
        }
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("journal.jsonl: line 6 is incomplete");
        assertOwnerOnly();
    }

    @Test
    void aSnapshotWithAChangedLetterStopsTheStartAndOneWithoutAChecksumIsRead() throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0");
        String id = create(server, "snapshot-user");
        server.signal("TERM"); // writes the snapshot and its checksum, the journal starts over
        Path snapshot = data().resolve("resources.json");
        Path checksum = data().resolve("resources.json.crc32c");
        assertThat(Files.readString(checksum)).matches("crc32c [0-9a-f]{8} " + Files.size(snapshot) + "\n");
        assertOwnerOnly();
        String intact = Files.readString(snapshot);
        assertThat(Json.createReader(new StringReader(intact)).readArray()).as("still a plain JSON array").hasSize(1);

        int letter = intact.indexOf("snapshot-user") + 1;
        Files.writeString(snapshot, intact.substring(0, letter) + "m" + intact.substring(letter + 1));
        Map<String, byte[]> before = contents(data());
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("resources.json: the snapshot is damaged").doesNotContain("\tat ");
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertUnchanged(before);

        // A snapshot from before checksums (or a dump put there by hand): read as it always was.
        Files.writeString(snapshot, intact);
        Files.delete(checksum);
        ServerProcess again = ServerProcess.start(dir, "--port", "0");
        try {
            assertThat(json(get(again, "/Users/" + id).body()).getString("userName")).isEqualTo("snapshot-user");
        } finally {
            again.process.destroyForcibly();
            again.process.waitFor();
        }
        assertThat(checksum).as("the start wrote the snapshot again, with its checksum").exists();
        assertOwnerOnly();
    }

    /** Writes the journal with one line replaced, starts the server and expects it to stop, the data folder untouched. */
    private void assertStartStops(List<String> lines, String message) throws Exception {
        byte[] text = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        Files.write(data().resolve("journal.jsonl"), Arrays.copyOf(text, text.length + 4096));
        Map<String, byte[]> before = contents(data());
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains(message).doesNotContain("\tat ");
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertUnchanged(before);
    }

    private void assertUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = contents(data());
        assertThat(after.keySet()).as("no file made or removed").isEqualTo(before.keySet());
        for (Map.Entry<String, byte[]> file : before.entrySet()) {
            assertThat(after.get(file.getKey())).as("%s byte for byte", file.getKey()).isEqualTo(file.getValue());
        }
    }

    private void assertOwnerOnly() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data()))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data())) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return contents;
    }

    /** The journal's lines, each with its newline: the text before its preallocated zeros. */
    private static List<String> lines(byte[] journal) {
        int end = 0;
        while (end < journal.length && journal[end] != 0) {
            end++;
        }
        return Arrays.stream(new String(journal, 0, end, StandardCharsets.UTF_8).split("(?<=\n)")).toList();
    }

    private static List<String> lines(List<String> lines, int index, String replacement) {
        List<String> changed = new ArrayList<>(lines);
        changed.set(index, replacement);
        return changed;
    }

    private static int length(List<String> lines) {
        return String.join("", lines).getBytes(StandardCharsets.UTF_8).length;
    }

    private String create(ServerProcess server, String userName) throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/Users"))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created.body()).getString("id");
    }

    private HttpResponse<String> get(ServerProcess server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
