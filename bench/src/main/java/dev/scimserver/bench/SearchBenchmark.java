package dev.scimserver.bench;

import dev.scimserver.json.ScimJson;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Issue 3's figures: with N users loaded (default 100,000), an indexed {@code userName eq} search,
 * a {@code co} search that must scan, and paging through every user with count=100. Each query is
 * timed twice: in-process through the search layer (server-side, no HTTP) and over HTTP on loopback.
 */
final class SearchBenchmark {
    private SearchBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Random random = new Random(42);
        try (InProcessServer server = new InProcessServer(ServerSettings.defaults())) {
            ResourceType userType = server.registry.resourceType("User");
            long loadStart = System.nanoTime();
            server.createUsers(users);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            Latencies eqService = new Latencies();
            Latencies eqHttp = new Latencies();
            Latencies coService = new Latencies();
            Latencies coHttp = new Latencies();
            for (int round = 0; round < 2; round++) { // round 0 warms up the JIT and is discarded
                boolean measure = round == 1;
                for (int i = 0; i < 3000; i++) {
                    String filter = "userName eq \"" + userName(random.nextInt(users)).toUpperCase() + "\"";
                    long t = System.nanoTime();
                    ResourceSearch.Result result = server.search.search(userType, request(filter, 100));
                    long service = System.nanoTime() - t;
                    check(result.totalResults() == 1, "eq must find exactly one user");
                    t = System.nanoTime();
                    HttpResponse<String> response = server.get("/Users?filter=" + encode(filter));
                    long http = System.nanoTime() - t;
                    check(response.statusCode() == 200 && response.body().contains("\"totalResults\":1"), "eq over HTTP");
                    if (measure) {
                        eqService.add(service);
                        eqHttp.add(http);
                    }
                }
                for (int i = 0; i < 30; i++) {
                    String filter = "userName co \"" + String.format("%03d", random.nextInt(1000)) + "@\"";
                    long t = System.nanoTime();
                    ResourceSearch.Result result = server.search.search(userType, request(filter, 100));
                    long service = System.nanoTime() - t;
                    check(result.totalResults() > 0, "co must find users");
                    t = System.nanoTime();
                    HttpResponse<String> response = server.get("/Users?count=100&filter=" + encode(filter));
                    long http = System.nanoTime() - t;
                    check(response.statusCode() == 200, "co over HTTP");
                    if (measure) {
                        coService.add(service);
                        coHttp.add(http);
                    }
                }
            }

            Latencies page = new Latencies();
            Set<String> seen = new HashSet<>();
            long pagingStart = System.nanoTime();
            int pages = 0;
            for (int start = 1; start <= users; start += 100) {
                long t = System.nanoTime();
                HttpResponse<String> response = server.get("/Users?startIndex=" + start + "&count=100&attributes=userName");
                page.add(System.nanoTime() - t);
                JsonObject body = ScimJson.createReader(new StringReader(response.body())).readObject();
                for (JsonValue r : body.getJsonArray("Resources")) {
                    check(seen.add(r.asJsonObject().getString("id")), "a user appeared on two pages");
                }
                pages++;
            }
            double pagingSeconds = (System.nanoTime() - pagingStart) / 1e9;
            check(seen.size() == users, "paging visited " + seen.size() + " of " + users + " users");

            System.out.printf("## search, %,d users (loaded in %.1f s)%n%n", users, loadSeconds);
            System.out.println(Latencies.header());
            System.out.println(eqService.row("userName eq, server-side (search layer)"));
            System.out.println(eqHttp.row("userName eq, HTTP round trip"));
            System.out.println(coService.row("userName co (full scan), server-side, count=100"));
            System.out.println(coHttp.row("userName co (full scan), HTTP round trip, count=100"));
            System.out.println(page.row("one page of 100 (attributes=userName), HTTP"));
            System.out.printf("%npaging: %d pages visited all %,d users exactly once in %.1f s%n", pages, seen.size(), pagingSeconds);
        }
    }

    private static SearchRequest request(String filter, int count) {
        return new SearchRequest(filter, null, null, 1, count, Projection.DEFAULT);
    }

    static String userName(int i) {
        return String.format("user%06d@example.com", i);
    }

    static JsonObject user(int i) {
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", userName(i))
                .add("externalId", "ext-" + i)
                .add("name", ScimJson.createObjectBuilder().add("givenName", "Given" + i).add("familyName", "Family" + (i % 5000)))
                .add("title", i % 3 == 0 ? "Engineer" : "Analyst")
                .add("active", i % 10 != 0)
                .add("emails", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("value", userName(i)).add("type", "work").add("primary", true)))
                .build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
