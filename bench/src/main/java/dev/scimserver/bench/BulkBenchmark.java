package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.Journal;
import dev.scimserver.store.memory.MemoryBackendProvider;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 14's figures: N user creates as one POST /Bulk against the same N as sequential POSTs, on
 * one server, in turns; the in-memory backend with its journal fsynced (the default), or H2 with
 * {@code -Dscim.bench.backend=h2}. Each round uses new userNames.
 */
final class BulkBenchmark {
    private BulkBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean h2 = "h2".equals(System.getProperty(InProcessServer.BACKEND_PROPERTY));
        try (InProcessServer server = new InProcessServer(ServerSettings.defaults())) {
            if (!h2) {
                Path data = Files.createTempDirectory("scim-bench-bulk");
                ((InMemoryBackend) server.backend).attach(Journal.create(data.resolve("journal.jsonl"), true),
                        data.resolve("resources.json"), MemoryBackendProvider.DEFAULT_COMPACT_AT_BYTES);
            }
            int next = 0;
            List<Double> bulks = new ArrayList<>();
            List<Double> posts = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
                double bulk = bulk(server, next, users);
                next += users;
                double sequential = sequential(server, next, users);
                next += users;
                if (round > 0) {
                    bulks.add(bulk);
                    posts.add(sequential);
                }
            }
            Collections.sort(bulks);
            Collections.sort(posts);
            double bulkMedian = bulks.get(bulks.size() / 2);
            double postMedian = posts.get(posts.size() / 2);
            System.out.printf("## bulk: %,d user creates, %s, %d rounds after one warm-up%n%n", users,
                    h2 ? "H2 (a checkpoint per write outside a bulk)" : "memory, journal fsynced", rounds);
            System.out.println("| how | median s | all rounds s |");
            System.out.println("|---|---|---|");
            System.out.printf("| one POST /Bulk of %,d POSTs | %.3f | %s |%n", users, bulkMedian, list(bulks));
            System.out.printf("| %,d sequential POST /Users | %.3f | %s |%n", users, postMedian, list(posts));
            System.out.printf("%nsequential / bulk: %.1f×%n", postMedian / bulkMedian);
        }
    }

    private static double bulk(InProcessServer server, int first, int users) throws Exception {
        StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
        for (int i = 0; i < users; i++) {
            body.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u").append(i)
                    .append("\",\"data\":").append(user(first + i)).append('}');
        }
        body.append("]}");
        long t = System.nanoTime();
        HttpResponse<String> response = send(server, "/Bulk", body.toString());
        double seconds = (System.nanoTime() - t) / 1e9;
        if (response.statusCode() != 200 || count(response.body(), "\"status\":\"201\"") != users) {
            throw new IllegalStateException("the bulk did not create every user: " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return seconds;
    }

    private static double sequential(InProcessServer server, int first, int users) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < users; i++) {
            HttpResponse<String> response = send(server, "/Users", user(first + i).toString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /Users: " + response.statusCode() + " " + response.body());
            }
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static JsonObject user(int n) {
        return SearchBenchmark.user(n);
    }

    private static HttpResponse<String> send(InProcessServer server, String path, String body) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.3f", v)).toList());
    }
}
