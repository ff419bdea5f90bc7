package dev.scimserver;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing acknowledged is lost: the real server, as a separate process, is killed while writes
 * stream at it, and started again on the same data folder.
 */
class DurabilityProcessTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    /**
     * With the in-memory backend the journal keeps the writes; with H2, the committed transactions.
     * "memory-compacting" compacts after every kilobyte of journal, so the kill often lands while a
     * snapshot is being written and the previous journal is still beside the new one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "memory-compacting", "h2"})
    void sigkillLosesNoAcknowledgedWrite(String setup) throws Exception {
        String[] args = switch (setup) {
            case "memory-compacting" -> new String[] {"--port", "0", "--backend", "memory", "--compact-at-bytes", "1024"};
            default -> new String[] {"--port", "0", "--backend", setup};
        };
        ServerProcess server = ServerProcess.start(dir, args);
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id → userName
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        Set<String> deleteSent = ConcurrentHashMap.newKeySet(); // a delete in flight at the kill may or may not have happened
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger counter = new AtomicInteger();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            for (int t = 0; t < 6; t++) {
                clients.submit(() -> {
                    while (running.get()) {
                        String userName = "user-" + counter.incrementAndGet();
                        attempted.add(userName);
                        try {
                            HttpResponse<String> created = post(server, "/Users",
                                    "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}");
                            if (created.statusCode() == 201) {
                                String id = json(created.body()).getString("id");
                                acknowledged.put(id, userName);
                                if (counter.get() % 5 == 0) {
                                    deleteSent.add(id);
                                    HttpResponse<String> gone = client.send(HttpRequest.newBuilder(
                                            URI.create(server.base() + "/Users/" + id)).DELETE().build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (gone.statusCode() == 204) {
                                        deleted.add(id);
                                    }
                                }
                            }
                        } catch (Exception e) {
                            return null; // the server died under us: what it acknowledged is what counts
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(800 + new Random().nextInt(1200));
            server.process.destroyForcibly(); // SIGKILL: no shutdown hook, no snapshot
            server.process.waitFor();
            running.set(false);
        }
        assertThat(acknowledged).as("the clients got some writes through").isNotEmpty();

        ServerProcess again = ServerProcess.start(dir, args);
        try {
            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                HttpResponse<String> found = client.send(HttpRequest.newBuilder(
                        URI.create(again.base() + "/Users/" + write.getKey())).build(), HttpResponse.BodyHandlers.ofString());
                if (deleted.contains(write.getKey())) {
                    assertThat(found.statusCode()).as("acknowledged delete of %s", write.getKey()).isEqualTo(404);
                } else if (deleteSent.contains(write.getKey()) && found.statusCode() == 404) {
                    continue; // deleted by a request whose answer the kill cut off
                } else {
                    assertThat(found.statusCode()).as("acknowledged create of %s", write.getValue()).isEqualTo(200);
                    assertThat(json(found.body()).getString("userName")).isEqualTo(write.getValue());
                }
            }
            JsonArray all = json(client.send(HttpRequest.newBuilder(URI.create(again.base() + "/Users?count=100000"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).getJsonArray("Resources");
            for (JsonObject user : all.getValuesAs(JsonObject.class)) {
                // Nothing else: every user there was sent by a client (a write in flight may or may not be).
                assertThat(attempted).contains(user.getString("userName"));
            }
            assertThat(all.size()).isGreaterThanOrEqualTo(acknowledged.size() - deleteSent.size());
        } finally {
            again.signal("TERM");
        }
    }

    @Test
    void sigtermWritesTheSnapshotAndARestartKeepsIdsAndVersions() throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0");
        JsonObject user = json(post(server, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"kept\"}").body());
        JsonObject group = json(post(server, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"team\",\"members\":[{\"value\":\"" + user.getString("id") + "\"}]}").body());
        server.signal("TERM");

        JsonArray snapshot = Json.createReader(new StringReader(Files.readString(dir.resolve("data/resources.json")))).readArray();
        assertThat(snapshot).hasSize(2);
        assertThat(writtenLines(dir.resolve("data/journal.jsonl"))).as("the snapshot holds everything; the journal starts over").isEmpty();

        ServerProcess again = ServerProcess.start(dir, "--port", "0");
        try {
            JsonObject restored = json(client.send(HttpRequest.newBuilder(URI.create(again.base() + "/Users/" + user.getString("id")))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(restored.getJsonObject("meta").getString("version")).isEqualTo(user.getJsonObject("meta").getString("version"));
            assertThat(restored.getJsonObject("meta").getString("created")).isEqualTo(user.getJsonObject("meta").getString("created"));
            assertThat(restored.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(group.getString("id"));
        } finally {
            again.signal("TERM");
        }
    }

    @Test
    void aTornLastJournalLineIsSkippedAndCorruptionInTheMiddleStopsTheStart() throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0");
        post(server, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"one\"}");
        post(server, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"two\"}");
        server.process.destroyForcibly();
        server.process.waitFor();
        Path journal = dir.resolve("data/journal.jsonl");
        List<String> lines = writtenLines(journal);
        assertThat(lines).hasSize(2);

        Files.writeString(journal, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(1).substring(0, 40));
        ServerProcess again = ServerProcess.start(dir, "--port", "0");
        JsonObject list = json(client.send(HttpRequest.newBuilder(URI.create(again.base() + "/Users")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(list.getInt("totalResults")).isEqualTo(2);
        again.process.destroyForcibly();
        again.process.waitFor();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("line 3 is incomplete");

        // The restart wrote a snapshot and emptied the journal; now damage a line in the middle.
        Files.writeString(journal, "{\"op\":\"put\"\n" + lines.get(1) + "\n");
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("journal.jsonl: line 1 is corrupt").doesNotContain("\tat ");
    }

    @Test
    void anInvalidDumpStopsTheStartNamingTheResource() throws Exception {
        Path dump = Files.writeString(dir.resolve("dump.json"), """
                [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "a", "userName": "fine",
                  "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z", "version": "W/\\"1\\""}},
                 {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "b", "userName": 7,
                  "meta": {"resourceType": "User"}}]
                """);
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--restore", dump.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("dump.json: resource #1 cannot be restored").contains("userName")
                .doesNotContain("\tat ");
        assertThat(result.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void aDumpInThePythonServerShapeIsRestored() throws Exception {
        Path dump = Files.writeString(dir.resolve("scim2-server-dump.json"), """
                [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "2819c223", "userName": "bjensen",
                  "name": {"givenName": "Barbara"},
                  "meta": {"resourceType": "User", "created": "2023-01-01T10:00:00+00:00",
                           "lastModified": "2023-01-02T10:00:00+00:00", "version": "W/\\"3694e05e9dff590\\"",
                           "location": "http://old-host/v2/Users/2819c223"}},
                 {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "e9e30dba", "displayName": "Tour Guides",
                  "members": [{"value": "2819c223", "type": "User", "$ref": "http://old-host/v2/Users/2819c223"}],
                  "meta": {"resourceType": "Group"}}]
                """);
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--restore", dump.toString());
        try {
            JsonObject user = json(client.send(HttpRequest.newBuilder(URI.create(server.base() + "/Users/2819c223")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(user.getString("userName")).isEqualTo("bjensen");
            assertThat(user.getJsonObject("meta").getString("version")).isEqualTo("W/\"3694e05e9dff590\"");
            assertThat(user.getJsonObject("meta").getString("location")).isEqualTo(server.base() + "/Users/2819c223");
            assertThat(user.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo("e9e30dba");
        } finally {
            server.signal("TERM");
        }
    }

    private HttpResponse<String> post(ServerProcess server, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The journal's lines: the text before its preallocated zeros. */
    private static List<String> writtenLines(Path journal) throws java.io.IOException {
        return Files.readString(journal).split("\0", 2)[0].lines().toList();
    }
}
