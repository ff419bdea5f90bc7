package dev.scimserver;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 backend as a person runs it: one flag chooses it, a database that cannot be opened stops
 * the start with one line and exit 2, and a resource dump moves data between the backends both ways.
 */
class DatabaseProcessTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aDatabaseInUseByAnotherServerStopsTheStart() throws Exception {
        ServerProcess first = ServerProcess.start(dir, "--port", "0", "--backend", "h2");
        try {
            Path other = Files.createDirectories(dir.resolve("other"));
            ServerProcess.Result second = ServerProcess.run(other, "--port", "0", "--backend", "h2",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.stderr()).contains("cannot open the database").contains("in use by another process")
                    .doesNotContain("\tat ");
            assertThat(second.stderr().strip().lines()).hasSize(1);
        } finally {
            first.signal("TERM");
        }
    }

    @Test
    void aUrlWithoutADriverStopsTheStart() throws Exception {
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "h2",
                "--jdbc-url", "jdbc:nosuchdb://localhost/scim");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("jdbc:nosuchdb://localhost/scim").contains("no JDBC driver")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownBackendIsAUsageError() throws Exception {
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "oracle");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--backend must be one of memory, h2, not \"oracle\"");
    }

    @Test
    void aDumpMovesFromMemoryToH2AndBack() throws Exception {
        Path memoryDir = Files.createDirectories(dir.resolve("memory"));
        ServerProcess memory = ServerProcess.start(memoryDir, "--port", "0", "--dump-resources", "out.json");
        JsonObject user = json(post(memory, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"mover\"}"));
        JsonObject group = json(post(memory, "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"movers\","
                + "\"members\":[{\"value\":\"" + user.getString("id") + "\"}]}"));
        memory.signal("TERM");

        Path h2Dir = Files.createDirectories(dir.resolve("h2"));
        ServerProcess h2 = ServerProcess.start(h2Dir, "--port", "0", "--backend", "h2",
                "--restore", memoryDir.resolve("out.json").toString(), "--dump-resources", "out.json");
        assertSame(h2, user, group);
        h2.signal("TERM");

        ServerProcess.Result again = ServerProcess.run(h2Dir, "--port", "0", "--backend", "h2",
                "--restore", memoryDir.resolve("out.json").toString());
        assertThat(again.exitCode()).as("a dump is not loaded over data").isEqualTo(2);
        assertThat(again.stderr()).contains("already holds resources");

        Path backDir = Files.createDirectories(dir.resolve("back"));
        ServerProcess back = ServerProcess.start(backDir, "--port", "0", "--restore", h2Dir.resolve("out.json").toString());
        try {
            assertSame(back, user, group);
        } finally {
            back.signal("TERM");
        }
    }

    /** The restored user and group have the ids, versions and membership they were written with. */
    private void assertSame(ServerProcess server, JsonObject user, JsonObject group) throws Exception {
        JsonObject restoredUser = json(get(server, "/Users/" + user.getString("id")));
        assertThat(restoredUser.getString("userName")).isEqualTo("mover");
        assertThat(restoredUser.getJsonObject("meta").getString("version"))
                .isEqualTo(user.getJsonObject("meta").getString("version"));
        assertThat(restoredUser.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(group.getString("id"));
        JsonObject restoredGroup = json(get(server, "/Groups/" + group.getString("id")));
        assertThat(restoredGroup.getJsonArray("members").getJsonObject(0).getString("value")).isEqualTo(user.getString("id"));
        assertThat(restoredGroup.getJsonObject("meta").getString("created"))
                .isEqualTo(group.getJsonObject("meta").getString("created"));
    }

    private String post(ServerProcess server, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private String get(ServerProcess server, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
