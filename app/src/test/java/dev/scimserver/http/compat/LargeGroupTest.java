package dev.scimserver.http.compat;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.memberIds;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDP-QUIRKS.md, "Throughput facts": groups of 10^4 members exist, Entra ID changes them with
 * many small PATCHes in parallel, and peers drop members above a few thousand. A 10,000-member
 * group must keep every member through single-member PATCHes, and {@code excludedAttributes=members}
 * must leave the member list out. (Concurrency and size are no compatibility question, so only the
 * default server is run; strict mode shares the same code path.) The users are created through
 * {@link ResourceService} directly, which is quicker than 10,000 POSTs and not what is tested.
 */
@ServerTest
class LargeGroupTest {
    private static final int MEMBERS = 10_000;
    private static final ResourceService SERVICE = CompatServers.service(false);
    private static final List<String> USERS = new ArrayList<>();

    private final ScimClient scim;

    LargeGroupTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        CompatServers.configure(routing, ServerSettings.defaults(), SERVICE);
    }

    @BeforeAll
    static void users() {
        ResourceType users = SchemaRegistry.defaults().byEndpoint("Users");
        for (int i = 0; i < MEMBERS + 100; i++) {
            JsonObject user = ScimJson.createObjectBuilder()
                    .add("schemas", ScimJson.createArrayBuilder().add(USER))
                    .add("userName", "large-" + i + "@example.com")
                    .build();
            USERS.add(SERVICE.create(users, user).getString("id"));
        }
    }

    /** POSTs a group with the first {@link #MEMBERS} users, answered without its members. */
    private String bigGroup(String displayName) {
        JsonArrayBuilder members = ScimJson.createArrayBuilder();
        USERS.subList(0, MEMBERS).forEach(id -> members.add(ScimJson.createObjectBuilder().add("value", id)));
        String body = ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(GROUP))
                .add("displayName", displayName)
                .add("members", members)
                .build().toString();
        Exchange created = scim.post("/Groups?excludedAttributes=members", body).assertStatus(201);
        assertThat(created.json().containsKey("members")).isFalse();
        return created.id();
    }

    @Test
    void excludedAttributesLeavesTheMemberListOut() {
        String displayName = uniqueName("Large Group");
        String g = bigGroup(displayName);

        Exchange one = scim.get("/Groups/" + g + "?excludedAttributes=members").assertStatus(200);
        assertThat(one.json().containsKey("members")).isFalse();
        assertThat(one.json().getString("displayName")).isEqualTo(displayName);
        assertThat(one.body().length()).isLessThan(1_000);

        Exchange found = scim.get("/Groups?filter=" + URLEncoder.encode("displayName eq \"" + displayName + "\"",
                StandardCharsets.UTF_8) + "&excludedAttributes=members").assertStatus(200);
        assertThat(found.resources()).hasSize(1);
        assertThat(found.resources().getFirst().containsKey("members")).isFalse();
        assertThat(found.body().length()).isLessThan(1_500);

        assertThat(memberIds(scim.read("/Groups/" + g))).hasSize(MEMBERS);
    }

    @Test
    void parallelSingleMemberPatchesOnALargeGroupLoseNothing() throws Exception {
        String g = bigGroup(uniqueName("Large Group"));
        List<String> joining = USERS.subList(MEMBERS, MEMBERS + 100);
        List<String> leaving = USERS.subList(0, 100);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Entra ID's shapes, one member per request, interleaved.
            bodies.add(patchOp("""
                    {"op":"Add","path":"members","value":[{"value":"%s"}]}""".formatted(joining.get(i))));
            bodies.add(patchOp("""
                    {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(leaving.get(i))));
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Exchange>> results = new ArrayList<>();
            for (String body : bodies) {
                results.add(pool.submit(() -> scim.patch("/Groups/" + g + "?excludedAttributes=members", body)));
            }
            for (Future<Exchange> result : results) {
                Exchange res = result.get().assertStatus(200);
                assertThat(res.json().containsKey("members")).isFalse();
            }
        }

        Set<String> expected = new HashSet<>(USERS.subList(100, MEMBERS + 100));
        List<String> actual = memberIds(scim.read("/Groups/" + g));
        assertThat(actual).hasSize(MEMBERS);
        assertThat(new HashSet<>(actual)).isEqualTo(expected);
    }
}
