package dev.scimserver;

import dev.scimserver.store.TestPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL database, as behind a load balancer: uniqueness, versions,
 * reads, memberships and a killed instance, each checked across the two.
 */
class PostgresInstancesProcessTest {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private ServerProcess a;
    private ServerProcess b;

    @BeforeEach
    void startTwoServers() throws Exception {
        String url = TestPostgres.newSchemaUrl();
        a = ServerProcess.start(Files.createDirectories(dir.resolve("a")), "--port", "0", "--backend", "postgres",
                "--jdbc-url", url);
        b = ServerProcess.start(Files.createDirectories(dir.resolve("b")), "--port", "0", "--backend", "postgres",
                "--jdbc-url", url);
    }

    @AfterEach
    void stopThem() throws Exception {
        for (ServerProcess server : new ServerProcess[] {a, b}) {
            if (server != null && server.process.isAlive()) {
                server.signal("TERM");
            }
        }
    }

    @Test
    void thirtyTwoCreatesOfOneUserNameSplitAcrossBothMakeOne() throws Exception {
        List<Integer> statuses = parallel(32, i -> send(i % 2 == 0 ? a : b, "POST", "/Users",
                "{\"schemas\":[\"" + USER + "\"],\"userName\":\"Twin\"}", null).statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(31);
        JsonObject list = json(send(b, "GET", "/Users?filter=userName%20eq%20%22twin%22", null, null).body());
        assertThat(list.getInt("totalResults")).isEqualTo(1);
    }

    @Test
    void aVersionReadOnAAndWrittenOnBIsStaleOnA() throws Exception {
        String id = created(a, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"versioned\"}").getString("id");
        String read = send(a, "GET", "/Users/" + id, null, null).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> onB = send(b, "PATCH", "/Users/" + id, patch("replace", "displayName", "\"from B\""), read);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        HttpResponse<String> staleOnA = send(a, "PATCH", "/Users/" + id, patch("replace", "displayName", "\"from A\""), read);
        assertThat(staleOnA.statusCode()).as(staleOnA.body()).isEqualTo(412);
        assertThat(json(send(a, "GET", "/Users/" + id, null, null).body()).getString("displayName")).isEqualTo("from B");
    }

    @Test
    void aWriteOnAIsSeenByTheNextReadOnBAlsoOfALargeGroup() throws Exception {
        StringBuilder members = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            ids.add(created(a, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"m" + i + "\"}").getString("id"));
        }
        for (int i = 0; i < 300; i++) {
            members.append(i == 0 ? "" : ",").append("{\"value\":\"").append(ids.get(i)).append("\"}");
        }
        String group = created(a, "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"large\",\"members\":["
                + members + "]}").getString("id");
        // B reads the group (and keeps it: 300 members is a group worth caching), A changes it, B reads again.
        assertThat(json(send(b, "GET", "/Groups/" + group, null, null).body()).getJsonArray("members")).hasSize(300);
        HttpResponse<String> add = send(a, "PATCH", "/Groups/" + group,
                patch("add", "members", "[{\"value\":\"" + ids.get(300) + "\"}]"), null);
        assertThat(add.statusCode()).as(add.body()).isIn(200, 204);
        JsonObject onB = json(send(b, "GET", "/Groups/" + group, null, null).body());
        assertThat(onB.getJsonArray("members")).hasSize(301);
        assertThat(onB.getJsonObject("meta").getString("version"))
                .isEqualTo(json(send(a, "GET", "/Groups/" + group, null, null).body()).getJsonObject("meta").getString("version"));

        String user = ids.get(0);
        send(a, "PATCH", "/Users/" + user, patch("replace", "displayName", "\"renamed on A\""), null);
        assertThat(json(send(b, "GET", "/Users/" + user, null, null).body()).getString("displayName")).isEqualTo("renamed on A");
    }

    @Test
    void fiftyMemberPatchesFromBothServersAtOnceMakeFiftyMembers() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(created(i % 2 == 0 ? a : b, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"p" + i + "\"}")
                    .getString("id"));
        }
        String group = created(b, "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"crowd\"}").getString("id");
        List<Integer> statuses = parallel(50, i -> send(i % 2 == 0 ? a : b, "PATCH", "/Groups/" + group,
                patch("add", "members", "[{\"value\":\"" + users.get(i) + "\"}]"), null).statusCode());
        assertThat(statuses).allMatch(s -> s == 200 || s == 204);
        for (ServerProcess server : List.of(a, b)) {
            assertThat(json(send(server, "GET", "/Groups/" + group, null, null).body()).getJsonArray("members")).hasSize(50);
        }
    }

    @Test
    void aDeleteOnAWhileBAddsTheUserToAGroupNeverLeavesADanglingMember() throws Exception {
        String group = created(a, "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"race\"}").getString("id");
        for (int round = 0; round < 20; round++) {
            String user = created(a, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"r" + round + "\"}").getString("id");
            parallel(2, i -> i == 0
                    ? send(a, "DELETE", "/Users/" + user, null, null).statusCode()
                    : send(b, "PATCH", "/Groups/" + group, patch("add", "members", "[{\"value\":\"" + user + "\"}]"), null)
                    .statusCode());
            for (ServerProcess server : List.of(a, b)) {
                JsonObject read = json(send(server, "GET", "/Groups/" + group, null, null).body());
                String members = read.containsKey("members") ? read.getJsonArray("members").toString() : "[]";
                assertThat(members).as("round %d: the deleted user is no member", round).doesNotContain(user);
            }
        }
    }

    @Test
    void bulksOnBothServersAtOnceKeepUniquenessAndLoseNoMember() throws Exception {
        String bulkOfOne = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":["
                + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u\",\"data\":{\"schemas\":[\"" + USER
                + "\"],\"userName\":\"bulky\"}}]}";
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        parallel(2, i -> {
            HttpResponse<String> r = send(i == 0 ? a : b, "POST", "/Bulk", bulkOfOne, null);
            bodies.add(r.body());
            return r.statusCode();
        });
        String both = String.join("", bodies);
        assertThat(both.split("\"status\":\"201\"", -1)).as(both).hasSize(2); // one 201 in all
        assertThat(both.split("\"status\":\"409\",\"response\"", -1)).as(both).hasSize(2); // one 409 in all
        assertThat(both).contains("\"scimType\":\"uniqueness\"");

        String group = created(a, "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"bulked\"}").getString("id");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(created(b, "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"bm" + i + "\"}").getString("id"));
        }
        List<Integer> statuses = parallel(2, i -> {
            StringBuilder ops = new StringBuilder();
            for (int m = i * 20; m < i * 20 + 20; m++) {
                ops.append(m == i * 20 ? "" : ",").append("{\"method\":\"PATCH\",\"path\":\"/Groups/").append(group)
                        .append("\",\"data\":").append(patch("add", "members", "[{\"value\":\"" + users.get(m) + "\"}]"))
                        .append("}");
            }
            return send(i == 0 ? a : b, "POST", "/Bulk", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                    + "\"Operations\":[" + ops + "]}", null).statusCode();
        });
        assertThat(statuses).containsOnly(200);
        for (ServerProcess server : List.of(a, b)) {
            assertThat(json(send(server, "GET", "/Groups/" + group, null, null).body()).getJsonArray("members")).hasSize(40);
        }
    }

    @Test
    void killingOneServerLosesNoAcknowledgedWriteAndTheOtherKeepsAnswering() throws Exception {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentHashMap<String, Boolean> unanswered = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    ServerProcess server = writer % 2 == 0 ? a : b;
                    String name = "k" + writer + "-" + i;
                    try {
                        HttpResponse<String> r = send(server, "POST", "/Users", "{\"schemas\":[\"" + USER
                                + "\"],\"userName\":\"" + name + "\"}", null);
                        if (r.statusCode() == 201) {
                            acknowledged.add(json(r.body()).getString("id"));
                        }
                    } catch (Exception e) {
                        unanswered.put(name, true); // A was killed while this request was out
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        a.process.destroyForcibly().waitFor(); // kill -9
        Thread.sleep(1500);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        writers.shutdown();
        assertThat(acknowledged).hasSizeGreaterThan(10);
        for (String id : acknowledged) {
            assertThat(send(b, "GET", "/Users/" + id, null, null).statusCode()).as("acknowledged user %s", id).isEqualTo(200);
        }
        HttpResponse<String> after = send(b, "POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"after\"}", null);
        assertThat(after.statusCode()).isEqualTo(201);
    }

    private interface Call {
        int run(int i) throws Exception;
    }

    private static List<Integer> parallel(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return call.run(index);
                }));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    static String patch(String op, String path, String value) {
        return "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":[{\"op\":\"" + op + "\",\"path\":\"" + path
                + "\",\"value\":" + value + "}]}";
    }

    private JsonObject created(ServerProcess server, String path, String body) throws Exception {
        HttpResponse<String> response = send(server, "POST", path, body, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body());
    }

    HttpResponse<String> send(ServerProcess server, String method, String path, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
