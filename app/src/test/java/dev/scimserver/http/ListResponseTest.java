package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.store.Backend;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /Users} as a ListResponse and its paging (RFC 7644 §3.4.2, §3.4.2.4). The server is
 * seeded with five users one second apart (creation order is list order) and nothing here writes,
 * so every count is exact.
 */
@ServerTest
class ListResponseTest {
    private static final List<String> USER_NAMES = List.of("alice", "bob", "carol", "dave", "erin");

    private final ScimClient scim;

    ListResponseTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Backend backend = TestBackends.create();
        for (int i = 0; i < USER_NAMES.size(); i++) {
            Clock tick = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i), ZoneOffset.UTC);
            new ResourceService(backend, tick).create(registry.resourceType("User"), Json.createObjectBuilder()
                    .add("schemas", Json.createArrayBuilder().add(ScimClient.USER))
                    .add("userName", USER_NAMES.get(i))
                    .add("password", "secret-" + i)
                    .build());
        }
        ScimRouting.configure(routing, ServerSettings.defaults(), registry, new ResourceService(backend, Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void listsEveryUser(String prefix) {
        Exchange res = scim.get(prefix + "/Users");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        assertThat(list.getInt("totalResults")).isEqualTo(5);
        assertThat(list.getInt("startIndex")).isEqualTo(1);
        assertThat(list.getInt("itemsPerPage")).isEqualTo(5);
        assertThat(userNames(res)).containsExactlyElementsOf(USER_NAMES);
        for (JsonObject user : res.resources()) {
            assertThat(user.containsKey("password")).isFalse();
            assertThat(user.getJsonObject("meta").getString("location")).endsWith(prefix + "/Users/" + user.getString("id"));
            assertThat(user.getJsonObject("meta").getString("resourceType")).isEqualTo("User");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void anEmptyTypeListsNothing(String prefix) {
        Exchange res = scim.get(prefix + "/Groups");

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        assertThat(list.getInt("totalResults")).isZero();
        assertThat(list.getInt("startIndex")).isEqualTo(1);
        assertThat(list.containsKey("Resources") ? list.getJsonArray("Resources") : List.of()).isEmpty();
    }

    @ParameterizedTest(name = "{0}/Users?{1} → startIndex {2}, users {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ''   | startIndex=2&count=2   | 2 | bob carol
            /v2  | startIndex=2&count=2   | 2 | bob carol
            ''   | startIndex=4           | 4 | dave erin
            ''   | count=3                | 1 | alice bob carol
            /v2  | startIndex=5&count=10  | 5 | erin
            ''   | startIndex=0&count=2   | 1 | alice bob
            /v2  | startIndex=0&count=2   | 1 | alice bob
            ''   | startIndex=-7&count=1  | 1 | alice
            ''   | startIndex=1&count=5   | 1 | alice bob carol dave erin
            ''   | count=99999999999999   | 1 | alice bob carol dave erin
            """)
    void paging(String prefix, String query, int startIndex, String users) {
        Exchange res = scim.get(prefix + "/Users?" + query);

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        List<String> expected = List.of(users.split(" "));
        assertThat(list.getInt("totalResults")).isEqualTo(5);
        assertThat(list.getInt("startIndex")).isEqualTo(startIndex);
        assertThat(list.getInt("itemsPerPage")).isEqualTo(expected.size());
        assertThat(userNames(res)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}/Users?{1} → no resources")
    @CsvSource(delimiter = '|', textBlock = """
            ''   | count=0
            /v2  | count=0
            ''   | count=-1
            /v2  | count=-5&startIndex=2
            ''   | startIndex=6
            /v2  | startIndex=1000&count=3
            """)
    void pagesWithoutResources(String prefix, String query) {
        Exchange res = scim.get(prefix + "/Users?" + query);

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        assertThat(list.getInt("totalResults")).isEqualTo(5);
        assertThat(list.getInt("itemsPerPage")).isZero();
        assertThat(list.containsKey("Resources") ? list.getJsonArray("Resources") : List.of()).isEmpty();
    }

    @ParameterizedTest(name = "{0}/Users?{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''   | count=abc         | count
            /v2  | count=abc         | count
            ''   | startIndex=first  | startIndex
            /v2  | startIndex=1.5    | startIndex
            """)
    void nonNumericPagingIsInvalidValue(String prefix, String query, String parameter) {
        Exchange res = scim.get(prefix + "/Users?" + query);

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains(parameter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void pagesTogetherAreTheWholeList(String prefix) {
        List<String> all = IntStream.rangeClosed(0, 2)
                .mapToObj(page -> scim.get(prefix + "/Users?count=2&startIndex=" + (1 + 2 * page)))
                .flatMap(page -> userNames(page).stream())
                .toList();

        assertThat(all).containsExactlyElementsOf(USER_NAMES);
    }

    private static List<String> userNames(Exchange list) {
        return list.resources().stream().map(r -> r.getString("userName")).toList();
    }
}
