package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.TestBackends;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.scimserver.http.SearchFixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One User with 20,000 emails (about 450 KB) among 300 others with one or two: sorting by
 * {@code emails.value} and a value path over {@code emails} answer like any other search. The H2
 * backend once walked every email of a user once per email for both (over a minute, and past 20 s);
 * the in-memory one never did. Runs on both backends.
 */
@ServerTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrowdedResourceSearchTest {
    private static final int USERS = 300;
    private static final int EMAILS = 20_000;
    /** The crowded user's primary email, its sort key: after every other user's "m…" address. */
    private static final String PRIMARY = "n5000@big.example";

    private static final List<String> ids = new ArrayList<>();
    private static String crowdedId;

    private final ScimClient scim;

    CrowdedResourceSearchTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Backend backend = TestBackends.create(registry);
        // Past the default --max-values, as a resource restored from before that bound may be: the
        // searches must stay cheap for what is stored, whatever the bound on new writes.
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false, EMAILS);
        ResourceType users = registry.resourceType("User");
        for (int i = 0; i < USERS; i++) {
            String emails = "{\"value\": \"m%03d@example.com\", \"type\": \"work\"}".formatted(i)
                    + (i % 50 == 7 ? ", {\"value\": \"a1-" + i + "@example.org\", \"type\": \"home\"}" : "");
            ids.add(service.create(users, user("user%03d".formatted(i), emails)).getString("id"));
        }
        StringBuilder emails = new StringBuilder();
        for (int e = 0; e < EMAILS; e++) {
            emails.append(e == 0 ? "" : ", ").append("{\"value\": \"")
                    .append(e == 5000 ? PRIMARY + "\", \"primary\": true" : "a" + e + "@big.example\"")
                    .append(", \"type\": \"").append(e % 2 == 0 ? "work" : "home").append("\"}");
        }
        JsonObject crowded = user("crowded", emails.toString());
        assertThat(crowded.toString().length()).isBetween(400_000, (int) ServerSettings.DEFAULT_MAX_PAYLOAD_BYTES);
        crowdedId = service.create(users, crowded).getString("id");
        ScimRouting.configure(routing, ServerSettings.defaults(), registry, service);
    }

    private static JsonObject user(String userName, String emails) {
        String json = "{\"schemas\": [\"" + ScimClient.USER + "\"], \"userName\": \"" + userName + "\", \"emails\": [" + emails + "]}";
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private List<String> idsOf(Exchange res) {
        return res.resources().stream().map(r -> r.getString("id")).toList();
    }

    @Test
    void sortingByEmailValueTakesEachUsersPrimaryEmail() {
        Exchange ascending = scim.get("/Users?count=10&sortBy=emails.value&attributes=userName").assertStatus(200);
        assertThat(ascending.json().getInt("totalResults")).isEqualTo(USERS + 1);
        assertThat(idsOf(ascending)).containsExactlyElementsOf(ids.subList(0, 10));

        Exchange descending = scim.get("/Users?count=3&sortBy=emails.value&sortOrder=descending&attributes=userName")
                .assertStatus(200);
        assertThat(idsOf(descending)).containsExactly(crowdedId, ids.get(USERS - 1), ids.get(USERS - 2));

        Exchange last = scim.get("/Users?startIndex=" + (USERS + 1) + "&count=10&sortBy=emails&attributes=userName")
                .assertStatus(200);
        assertThat(idsOf(last)).containsExactly(crowdedId);
    }

    @Test
    void aValuePathOverEmailsFindsTheCrowdedUserAndTheOthersAlike() {
        Exchange res = scim.get("/Users?filter=" + encode("emails[value sw \"a1\"]") + "&attributes=userName")
                .assertStatus(200);
        List<String> expected = new ArrayList<>();
        for (int i = 7; i < USERS; i += 50) {
            expected.add(ids.get(i));
        }
        expected.add(crowdedId);
        assertThat(res.json().getInt("totalResults")).isEqualTo(expected.size());
        assertThat(idsOf(res)).containsExactlyElementsOf(expected);

        // Both tests in one element: the crowded user's a1… addresses, the others' home ones.
        assertThat(idsOf(scim.get("/Users?filter=" + encode("emails[value sw \"a19\" and type eq \"work\"]")
                + "&attributes=userName").assertStatus(200))).containsExactly(crowdedId);
        assertThat(idsOf(scim.get("/Users?filter=" + encode("emails[type eq \"home\" and value ew \"@example.org\"]")
                + "&attributes=userName").assertStatus(200))).containsExactlyElementsOf(expected.subList(0, expected.size() - 1));
        assertThat(idsOf(scim.get("/Users?filter=" + encode("emails[not (type eq \"work\") and value sw \"n5\"]")
                + "&attributes=userName").assertStatus(200))).isEmpty();
        assertThat(idsOf(scim.get("/Users?filter=" + encode("emails[primary eq true and value eq \"" + PRIMARY + "\"]")
                + "&sortBy=emails.value&attributes=userName").assertStatus(200))).containsExactly(crowdedId);
    }
}
