package dev.scimserver;

import dev.scimserver.store.TestPostgres;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.scimserver.PostgresInstancesProcessTest.GROUP;
import static dev.scimserver.PostgresInstancesProcessTest.USER;
import static dev.scimserver.PostgresInstancesProcessTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --backend postgres} as a person runs it: a database that cannot be reached stops the start
 * with one line and exit 2; one that goes away while serving gives 503 with Retry-After until it is
 * back, without a restart; and a resource dump moves data between every two backends.
 */
class PostgresProcessTest {
    @TempDir
    Path dir;

    private final PostgresInstancesProcessTest http = new PostgresInstancesProcessTest();

    @Test
    void aDatabaseThatCannotBeReachedStopsTheStartWithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "postgres",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/scim");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip().lines().filter(l -> l.startsWith("scim-server"))).hasSize(1);
        assertThat(result.stderr()).contains("cannot open the database jdbc:postgresql://127.0.0.1:" + closedPort)
                .contains("refused").doesNotContain("\tat ");
    }

    @Test
    void postgresWithoutAUrlIsAUsageError() throws Exception {
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "postgres");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--backend postgres needs --jdbc-url jdbc:postgresql://");
    }

    @Test
    void aDatabaseThatGoesAwayGives503WithRetryAfterAndTheServerRecoversWhenItIsBack() throws Exception {
        TestPostgres.Server database = TestPostgres.Server.start();
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--backend", "postgres",
                "--jdbc-url", database.url("postgres"), "--pool-timeout", "2");
        try {
            String id = json(http.send(server, "POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"before\"}",
                    null).body()).getString("id");
            database.stop();
            for (String[] request : new String[][] {{"GET", "/Users/" + id, null}, {"GET", "/Users?filter=userName%20eq%20%22x%22", null},
                    {"POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"during\"}"}}) {
                HttpResponse<String> down = http.send(server, request[0], request[1], request[2], null);
                assertThat(down.statusCode()).as(request[0] + " " + request[1] + ": " + down.body()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(down.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error")
                        .contains("cannot be reached").doesNotContain("Exception").doesNotContain("\tat ");
            }
            database.resume();
            HttpResponse<String> back = null;
            for (int attempt = 0; attempt < 50; attempt++) { // the pool opens new connections as they are asked for
                back = http.send(server, "GET", "/Users/" + id, null, null);
                if (back.statusCode() == 200) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(json(back.body()).getString("userName")).isEqualTo("before");
            assertThat(http.send(server, "POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"after\"}", null)
                    .statusCode()).isEqualTo(201);
        } finally {
            server.signal("TERM");
            database.stop();
        }
    }

    /**
     * memory → PostgreSQL → H2 → memory → H2 → PostgreSQL → memory: every backend's dump into every
     * other backend, each hop a server started with {@code --restore} of the last one's
     * {@code --dump-resources}.
     */
    @Test
    void aDumpMovesBetweenEveryTwoBackends() throws Exception {
        Path memoryDir = Files.createDirectories(dir.resolve("0-memory"));
        ServerProcess memory = ServerProcess.start(memoryDir, "--port", "0", "--dump-resources", "out.json");
        JsonObject user;
        JsonObject group;
        try {
            user = json(http.send(memory, "POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"mover\"}",
                    null).body());
            group = json(http.send(memory, "POST", "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":"
                    + "\"movers\",\"members\":[{\"value\":\"" + user.getString("id") + "\"}]}", null).body());
        } finally {
            memory.signal("TERM");
        }
        Path dump = memoryDir.resolve("out.json");
        int hop = 0;
        for (String backend : List.of("postgres", "h2", "memory", "h2", "postgres", "memory")) {
            Path hopDir = Files.createDirectories(dir.resolve(++hop + "-" + backend));
            List<String> args = new ArrayList<>(List.of("--port", "0", "--backend", backend));
            if (backend.equals("postgres")) {
                args.addAll(List.of("--jdbc-url", TestPostgres.newSchemaUrl()));
            }
            List<String> restore = new ArrayList<>(args);
            restore.addAll(List.of("--restore", dump.toString(), "--dump-resources", "out.json"));
            ServerProcess server = ServerProcess.start(hopDir, restore.toArray(String[]::new));
            try {
                assertSame(server, user, group);
            } finally {
                server.signal("TERM");
            }
            if (!backend.equals("memory")) {
                args.addAll(List.of("--restore", dump.toString()));
                ServerProcess.Result again = ServerProcess.run(hopDir, args.toArray(String[]::new));
                assertThat(again.exitCode()).as("a dump is not loaded over data in %s", backend).isEqualTo(2);
                assertThat(again.stderr()).contains("already holds resources");
            }
            dump = hopDir.resolve("out.json");
        }
    }

    /** The restored user and group have the ids, versions, timestamps and membership they were written with. */
    private void assertSame(ServerProcess server, JsonObject user, JsonObject group) throws Exception {
        JsonObject restoredUser = json(http.send(server, "GET", "/Users/" + user.getString("id"), null, null).body());
        assertThat(restoredUser.getString("userName")).isEqualTo("mover");
        assertThat(withoutLocation(restoredUser)).isEqualTo(withoutLocation(user));
        assertThat(restoredUser.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(group.getString("id"));
        JsonObject restoredGroup = json(http.send(server, "GET", "/Groups/" + group.getString("id"), null, null).body());
        assertThat(restoredGroup.getJsonArray("members").getJsonObject(0).getString("value")).isEqualTo(user.getString("id"));
        assertThat(withoutLocation(restoredGroup)).isEqualTo(withoutLocation(group));
    }

    /** meta without its location, which names the server's own port. */
    private static JsonObject withoutLocation(JsonObject resource) {
        return jakarta.json.Json.createObjectBuilder(resource.getJsonObject("meta")).remove("location").build();
    }
}
