package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.Journal;
import jakarta.json.JsonArrayBuilder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 14's second figure: one POST /Bulk of N PATCHes, each adding one member to a group that
 * already has M (default 100,000), on the in-memory backend with its journal fsynced (the default),
 * or on H2 with {@code -Dscim.bench.backend=h2}, or on PostgreSQL with {@code -Dscim.bench.backend=postgres}
 * and {@code SCIM_BENCH_POSTGRES_URL}.
 * Each round adds new users; the group's size is checked at the end.
 */
final class BulkMembersBenchmark {
    private BulkMembersBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int adds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean h2 = "h2".equals(System.getProperty(InProcessServer.BACKEND_PROPERTY));
        try (InProcessServer server = new InProcessServer(ServerSettings.defaults())) {
            ResourceType groupType = server.registry.resourceType("Group");
            int total = members + adds * (rounds + 1);
            List<String> ids = server.backend.durableTogether(() -> { // the fixture: one wait for the disk, not one per user
                try {
                    return server.createUsers(total);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonArrayBuilder memberList = ScimJson.createArrayBuilder();
            for (int i = 0; i < members; i++) {
                memberList.add(ScimJson.createObjectBuilder().add("value", ids.get(i)));
            }
            String groupId = server.resources.create(groupType, ScimJson.createObjectBuilder()
                    .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                    .add("displayName", "everyone")
                    .add("members", memberList)
                    .build()).getString("id");
            if (server.backend instanceof InMemoryBackend memory) {
                Path data = Files.createTempDirectory("scim-bench-bulk-members");
                memory.attach(Journal.create(data.resolve("journal.jsonl"), true),
                        data.resolve("resources.json"), Long.MAX_VALUE);
            }

            List<Double> seconds = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
                StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
                for (int i = 0; i < adds; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"method\":\"PATCH\",\"path\":\"/Groups/").append(groupId)
                            .append("\",\"data\":{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],")
                            .append("\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"")
                            .append(ids.get(members + round * adds + i)).append("\"}]}]}}");
                }
                body.append("]}");
                long t = System.nanoTime();
                HttpResponse<String> response = server.client.send(HttpRequest.newBuilder(URI.create(server.base() + "/Bulk"))
                        .header("Content-Type", "application/scim+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                double elapsed = (System.nanoTime() - t) / 1e9;
                if (response.statusCode() != 200 || response.body().split("\"status\":\"200\"", -1).length - 1 != adds) {
                    throw new IllegalStateException("the bulk did not add every member: " + response.statusCode() + " "
                            + response.body().substring(0, Math.min(300, response.body().length())));
                }
                if (round > 0) {
                    seconds.add(elapsed);
                }
            }
            int count = server.resources.get(groupType, groupId).getJsonArray("members").size();
            if (count != members + adds * (rounds + 1)) {
                throw new IllegalStateException("the group has " + count + " members");
            }
            List<Double> sorted = new ArrayList<>(seconds);
            Collections.sort(sorted);
            System.out.printf("## bulk-members: one POST /Bulk of %,d member adds (one PATCH each) to a group of %,d, "
                    + "%s, %d rounds after one warm-up%n%n", adds, members, h2 ? "H2" : server.postgresUrl != null ? "PostgreSQL" : "memory, journal fsynced", rounds);
            System.out.printf("median %.3f s; rounds %s s; the group ends with %,d members%n", sorted.get(sorted.size() / 2),
                    String.join(", ", seconds.stream().map(v -> String.format("%.3f", v)).toList()), count);
        }
    }
}
