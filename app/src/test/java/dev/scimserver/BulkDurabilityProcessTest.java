package dev.scimserver;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk's operations share one wait for the disk, and the response goes out after it: every
 * operation the response lists as done survives {@code kill -9} right after it, and a kill in the
 * middle of a bulk leaves a data folder that starts, holding only whole resources the bulk sent.
 */
class BulkDurabilityProcessTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void whatTheResponseListsSurvivesAKillRightAfterIt(String backend) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--backend", backend);
        int users = 300;
        HttpResponse<String> response = bulk(server, creates(users, "after")
                + ",{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"g\",\"data\":{\"schemas\":[\"" + GROUP
                + "\"],\"displayName\":\"everyone\",\"members\":[{\"value\":\"bulkId:u0\"},{\"value\":\"bulkId:u1\"}]}}"
                + ",{\"method\":\"PATCH\",\"path\":\"/Groups/bulkId:g\",\"data\":{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"bulkId:u2\"}]}]}}");
        server.process.destroyForcibly(); // SIGKILL as soon as the answer is in: no shutdown hook, no snapshot
        server.process.waitFor();

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonObject> done = json(response.body()).getJsonArray("Operations").getValuesAs(JsonObject.class);
        assertThat(done).hasSize(users + 2);
        ServerProcess again = ServerProcess.start(dir, "--port", "0", "--backend", backend);
        try {
            java.util.Map<String, String> versions = new java.util.LinkedHashMap<>(); // the last version listed for each resource
            for (JsonObject operation : done) {
                assertThat(operation.getString("status")).isIn("200", "201");
                String location = operation.getString("location");
                versions.put(location.substring(location.indexOf('/', "http://".length())), operation.getString("version"));
            }
            assertThat(versions).hasSize(users + 1);
            versions.forEach((path, version) -> {
                HttpResponse<String> found = get(again, path);
                assertThat(found.statusCode()).as(path).isEqualTo(200);
                assertThat(json(found.body()).getJsonObject("meta").getString("version"))
                        .as("the version the bulk answered for %s", path).isEqualTo(version);
            });
            JsonObject group = json(get(again, "/Groups?filter=" + java.net.URLEncoder.encode("displayName eq \"everyone\"",
                    java.nio.charset.StandardCharsets.UTF_8)).body()).getJsonArray("Resources").getJsonObject(0);
            assertThat(group.getJsonArray("members")).hasSize(3);
        } finally {
            again.signal("TERM");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aKillInTheMiddleOfABulkLeavesWholeResourcesAndAServerThatStarts(String backend) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--backend", backend);
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request(server, creates(1000, "mid")),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(150 + new java.util.Random().nextInt(250));
        server.process.destroyForcibly();
        server.process.waitFor();
        pending.handle((r, e) -> null).join(); // cut off, or answered just before the kill

        ServerProcess again = ServerProcess.start(dir, "--port", "0", "--backend", backend);
        try {
            HttpResponse<String> list = get(again, "/Users?count=1000");
            assertThat(list.statusCode()).isEqualTo(200);
            for (JsonObject user : json(list.body()).getJsonArray("Resources").getValuesAs(JsonObject.class)) {
                assertThat(user.getString("userName")).startsWith("mid-");
                assertThat(user.getString("displayName")).isEqualTo("Person " + user.getString("userName"));
                assertThat(get(again, "/Users/" + user.getString("id")).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> more = bulk(again, creates(2, "later"));
            assertThat(more.body()).contains("\"status\":\"201\"");
        } finally {
            again.signal("TERM");
        }
    }

    private static String creates(int users, String prefix) {
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < users; i++) {
            String userName = prefix + "-" + i;
            operations.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u").append(i)
                    .append("\",\"data\":{\"schemas\":[\"").append(USER).append("\"],\"userName\":\"").append(userName)
                    .append("\",\"displayName\":\"Person ").append(userName).append("\"}}");
        }
        return operations.toString();
    }

    private HttpResponse<String> bulk(ServerProcess server, String operations) throws Exception {
        return client.send(request(server, operations), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ServerProcess server, String operations) {
        return HttpRequest.newBuilder(URI.create(server.base() + "/Bulk"))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                        + "\"Operations\":[" + operations + "]}"))
                .build();
    }

    private HttpResponse<String> get(ServerProcess server, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
