package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.Preconditions;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Issue 4's figures: one group with N members (default 100,000). PATCH adding or removing one
 * member, in-process (server-side) and over HTTP; GET of the group without its members; GET of a
 * member, whose {@code groups} is computed on read.
 */
final class GroupBenchmark {
    private GroupBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        // "fsync" or "nofsync" as the second argument puts the journal (as the server runs it) behind every write.
        String journal = args.length > 1 ? args[1] : "off";
        int extra = 400;
        try (InProcessServer server = new InProcessServer(ServerSettings.defaults())) {
            ResourceType groupType = server.registry.resourceType("Group");
            List<String> ids = server.createUsers(members + extra);
            JsonArrayBuilder memberList = ScimJson.createArrayBuilder();
            for (int i = 0; i < members; i++) {
                memberList.add(ScimJson.createObjectBuilder().add("value", ids.get(i)));
            }
            if (!journal.equals("off")) {
                java.nio.file.Path data = java.nio.file.Files.createTempDirectory("scim-bench-group");
                ((dev.scimserver.store.memory.InMemoryBackend) server.backend).attach(
                        dev.scimserver.store.memory.Journal.create(data.resolve("journal.jsonl"), journal.equals("fsync")),
                        data.resolve("resources.json"), Long.MAX_VALUE);
            }
            long t0 = System.nanoTime();
            String groupId = server.resources.create(groupType, ScimJson.createObjectBuilder()
                    .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                    .add("displayName", "everyone")
                    .add("members", memberList)
                    .build()).getString("id");
            double createSeconds = (System.nanoTime() - t0) / 1e9;

            Latencies addService = new Latencies();
            Latencies removeService = new Latencies();
            Latencies removeByFilterService = new Latencies();
            Latencies addHttp = new Latencies();
            Latencies removeHttp = new Latencies();
            Latencies groupWithoutMembers = new Latencies();
            Latencies memberGet = new Latencies();
            for (int round = 0; round < 2; round++) {
                boolean measure = round == 1;
                for (int i = 0; i < extra / 2; i++) {
                    String member = ids.get(members + i);
                    long t = System.nanoTime();
                    server.resources.patch(groupType, groupId, PatchRequest.parse(patch("add", member), false), Preconditions.NONE);
                    long add = System.nanoTime() - t;
                    t = System.nanoTime();
                    server.resources.patch(groupType, groupId, PatchRequest.parse(patch("remove", member), false), Preconditions.NONE);
                    long remove = System.nanoTime() - t;
                    // The RFC's way to remove one member (the only one in strict mode): members[value eq "id"].
                    server.resources.patch(groupType, groupId, PatchRequest.parse(patch("add", member), false), Preconditions.NONE);
                    t = System.nanoTime();
                    server.resources.patch(groupType, groupId, PatchRequest.parse(removeByFilter(member), false), Preconditions.NONE);
                    long removeByFilter = System.nanoTime() - t;

                    String other = ids.get(members + extra / 2 + i);
                    t = System.nanoTime();
                    HttpResponse<String> added = send(server, "PATCH", "/Groups/" + groupId + "?excludedAttributes=members", patch("add", other));
                    long addOverHttp = System.nanoTime() - t;
                    t = System.nanoTime();
                    HttpResponse<String> removed = send(server, "PATCH", "/Groups/" + groupId + "?excludedAttributes=members", patch("remove", other));
                    long removeOverHttp = System.nanoTime() - t;
                    check(added.statusCode() == 200 && removed.statusCode() == 200, "PATCH over HTTP: " + added.body());

                    t = System.nanoTime();
                    HttpResponse<String> group = server.get("/Groups/" + groupId + "?excludedAttributes=members");
                    long groupGet = System.nanoTime() - t;
                    check(group.statusCode() == 200 && !group.body().contains("\"members\""), "group without members");

                    t = System.nanoTime();
                    HttpResponse<String> user = server.get("/Users/" + ids.get(i * 7 % members));
                    long userGet = System.nanoTime() - t;
                    check(user.statusCode() == 200 && user.body().contains(groupId), "member's groups");
                    if (measure) {
                        addService.add(add);
                        removeService.add(remove);
                        removeByFilterService.add(removeByFilter);
                        addHttp.add(addOverHttp);
                        removeHttp.add(removeOverHttp);
                        groupWithoutMembers.add(groupGet);
                        memberGet.add(userGet);
                    }
                }
            }
            int count = server.resources.get(groupType, groupId).getJsonArray("members").size();
            check(count == members, "the group has " + count + " members, expected " + members);

            System.out.printf("## group, one group of %,d members (created in %.1f s), journal %s%n%n", members, createSeconds, journal);
            System.out.println(Latencies.header());
            System.out.println(addService.row("PATCH add one member, server-side"));
            System.out.println(removeService.row("PATCH remove one member, server-side"));
            System.out.println(removeByFilterService.row("PATCH remove one member by members[value eq], server-side"));
            System.out.println(addHttp.row("PATCH add one member, HTTP (excludedAttributes=members)"));
            System.out.println(removeHttp.row("PATCH remove one member, HTTP (excludedAttributes=members)"));
            System.out.println(groupWithoutMembers.row("GET group ?excludedAttributes=members, HTTP"));
            System.out.println(memberGet.row("GET a member User (groups computed), HTTP"));
        }
    }

    private static JsonObject patch(String op, String member) {
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(PatchRequest.SCHEMA))
                .add("Operations", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("op", op)
                        .add("path", "members")
                        .add("value", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder().add("value", member)))))
                .build();
    }

    private static JsonObject removeByFilter(String member) {
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(PatchRequest.SCHEMA))
                .add("Operations", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("op", "remove")
                        .add("path", "members[value eq \"" + member + "\"]")))
                .build();
    }

    private static HttpResponse<String> send(InProcessServer server, String method, String path, JsonObject body) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/scim+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
