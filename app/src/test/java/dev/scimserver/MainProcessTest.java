package dev.scimserver;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real server as a separate JVM, as a person would, and checks how it starts,
 * refuses to start, and stops.
 */
class MainProcessTest {

    @TempDir
    Path dir;

    @Test
    void unknownFlagIsOneLineAndExitCodeTwo() throws Exception {
        Result result = run("--frobnicate");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr.strip()).isEqualTo("scim-server: unknown option --frobnicate (see --help)");
    }

    @Test
    void helpListsTheFlagsAndExitsZero() throws Exception {
        Result result = run("--help");
        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("--schema FILE", "--resource-type FILE", "--bearer-token TOKEN", "--hostname HOST",
                "--port PORT", "--reverse-proxy", "--dump-resources FILE", "--config FILE", "--query-timeout SECONDS");
    }

    @Test
    void missingOrInvalidSchemaFileStopsTheStart() throws Exception {
        Result missing = run("--schema", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.stderr).contains("nope.json").doesNotContain("Exception").doesNotContain("\tat ");

        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"id\": \"urn:x\", \"attributes\": [");
        Result invalid = run("--schema", broken.toString());
        assertThat(invalid.exitCode).isEqualTo(2);
        assertThat(invalid.stderr).contains("broken.json").contains("invalid JSON").doesNotContain("\tat ");
        assertThat(invalid.stderr.strip().lines()).hasSize(1);
    }

    @Test
    void portInUseStopsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = run("--port", Integer.toString(taken.getLocalPort()));
            assertThat(result.exitCode).isEqualTo(2);
            assertThat(result.stderr).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    @Test
    void sigtermWritesTheDump() throws Exception {
        stopWritesTheDump("TERM");
    }

    @Test
    void sigintWritesTheDump() throws Exception {
        stopWritesTheDump("INT");
    }

    private void stopWritesTheDump(String signal) throws Exception {
        Path dump = dir.resolve("dump-" + signal + ".json");
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--dump-resources", dump.toString());
        Process process = server.process;
        try {
            int port = server.port;
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/Users"))
                    .header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"dumped-" + signal + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);

            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            JsonArray resources = Json.createReader(new StringReader(Files.readString(dump))).readArray();
            assertThat(resources).hasSize(1);
            var user = resources.getJsonObject(0);
            assertThat(user.getString("userName")).isEqualTo("dumped-" + signal);
            assertThat(user.getJsonObject("meta").getString("resourceType")).isEqualTo("User");
            assertThat(user.getString("id")).isNotBlank();
            assertThat(Files.getPosixFilePermissions(dump)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        } finally {
            process.destroyForcibly();
        }
    }

    private Result run(String... args) throws Exception {
        ServerProcess.Result r = ServerProcess.run(dir, args);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
