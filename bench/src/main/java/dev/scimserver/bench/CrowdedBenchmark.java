package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Hardening item 6: 300 users and one user holding 20,000 emails (about 450 KB), then over HTTP
 * {@code GET /Users?count=10&sortBy=emails.value} and {@code GET /Users?filter=emails[value sw "a1"]},
 * each timed 20 times after 5 rounds to warm up. {@code bin/bench crowded [emails]}; with
 * {@code BENCH_JAVA_OPTS=-Dscim.bench.backend=h2} on the H2 backend.
 */
final class CrowdedBenchmark {
    private static final int USERS = 300;

    private CrowdedBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int emails = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        // Above the default --max-values: such a resource can still come from a dump older than that bound.
        ServerSettings.Limits limits = ServerSettings.Limits.DEFAULT;
        ServerSettings settings = ServerSettings.defaults().withLimits(new ServerSettings.Limits(limits.maxConnections(),
                limits.maxConcurrentRequests(), limits.idleTimeoutSeconds(), limits.readTimeoutSeconds(), limits.maxHeaderBytes(),
                limits.maxRequestLineBytes(), limits.maxJsonDepth(), Math.max(emails, limits.maxValues())));
        try (InProcessServer server = new InProcessServer(settings)) {
            for (int i = 0; i < USERS; i++) {
                post(server, user("user" + i, "{\"value\": \"u" + i + "@example.com\"}"
                        + (i % 50 == 7 ? ", {\"value\": \"a1-" + i + "@example.org\"}" : "")));
            }
            StringBuilder many = new StringBuilder();
            for (int e = 0; e < emails; e++) {
                many.append(e == 0 ? "" : ", ").append("{\"value\": \"a").append(e).append("@big.example\"}");
            }
            String crowded = user("crowded", many.toString());
            long t = System.nanoTime();
            post(server, crowded);
            double createMillis = (System.nanoTime() - t) / 1e6;

            Latencies sort = new Latencies();
            Latencies filter = new Latencies();
            String sortQuery = "/Users?count=10&sortBy=emails.value&attributes=userName";
            String filterQuery = "/Users?attributes=userName&filter="
                    + URLEncoder.encode("emails[value sw \"a1\"]", StandardCharsets.UTF_8);
            for (int round = 0; round < 25; round++) {
                t = System.nanoTime();
                HttpResponse<String> sorted = server.get(sortQuery);
                long sortNanos = System.nanoTime() - t;
                check(sorted.statusCode() == 200 && sorted.body().contains("\"totalResults\":" + (USERS + 1)), sorted);
                t = System.nanoTime();
                HttpResponse<String> filtered = server.get(filterQuery);
                long filterNanos = System.nanoTime() - t;
                check(filtered.statusCode() == 200 && filtered.body().contains("\"totalResults\":7"), filtered);
                if (round >= 5) {
                    sort.add(sortNanos);
                    filter.add(filterNanos);
                }
            }
            System.out.printf("%n### One user with %,d emails (%,d characters of JSON) among %d, %s backend%n%n",
                    emails, crowded.length(), USERS, System.getProperty(InProcessServer.BACKEND_PROPERTY, "memory"));
            System.out.printf("creating it: %.0f ms%n%n", createMillis);
            System.out.println(Latencies.header());
            System.out.println(sort.row("GET " + sortQuery));
            System.out.println(filter.row("GET /Users?filter=emails[value sw \"a1\"]"));
        }
    }

    private static String user(String userName, String emails) {
        return "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"" + userName
                + "\", \"emails\": [" + emails + "]}";
    }

    private static void post(InProcessServer server, String body) throws Exception {
        HttpResponse<String> response = server.client.send(HttpRequest.newBuilder(URI.create(server.base() + "/Users"))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == 201, response);
    }

    private static void check(boolean condition, HttpResponse<String> response) {
        if (!condition) {
            String body = response.body();
            throw new IllegalStateException(response.request().uri() + " → " + response.statusCode() + " "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }
}
