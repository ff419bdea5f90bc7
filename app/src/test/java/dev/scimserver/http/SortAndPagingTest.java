package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.store.Backend;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.http.SearchFixtures.Seeded;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.SearchFixtures.USER_NAMES;
import static dev.scimserver.http.SearchFixtures.encode;
import static dev.scimserver.http.SearchFixtures.nameList;
import static dev.scimserver.http.SearchFixtures.searchRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sortBy} / {@code sortOrder} (RFC 7644 §3.4.2.3) and paging (§3.4.2.4) of {@code /Users}, on
 * a server whose {@code maxResults} is 4: fewer than the six seeded users, so the cap shows.
 */
@ServerTest
class SortAndPagingTest {
    private static final int MAX_RESULTS = 4;

    private static Seeded seeded;

    private final ScimClient scim;

    SortAndPagingTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Backend backend = TestBackends.create(registry);
        seeded = SearchFixtures.seed(registry, backend);
        ServerSettings defaults = ServerSettings.defaults();
        ServerSettings settings = new ServerSettings(defaults.host(), defaults.port(), List.of(), List.of(), List.of(),
                false, null, null, MAX_RESULTS, defaults.maxPayloadBytes());
        ScimRouting.configure(routing, settings, registry, new ResourceService(backend, Clock.systemUTC()));
    }

    // ---- sorting ----

    /**
     * sortBy, sortOrder → the users in order. Names in braces are ties (or resources without the
     * value), which come by id; "{a b}" is expanded to a and b ordered by id.
     */
    @ParameterizedTest(name = "sortBy={0}&sortOrder={1}")
    @CsvSource(delimiter = '|', textBlock = """
            userName                  | ''         | ADoe bjensen Carl jsmith mmuster zed
            userName                  | ascending  | ADoe bjensen Carl jsmith mmuster zed
            USERNAME                  | Ascending  | ADoe bjensen Carl jsmith mmuster zed
            userName                  | descending | zed mmuster jsmith Carl bjensen ADoe
            userName                  | DESCENDING | zed mmuster jsmith Carl bjensen ADoe
            name.familyName           | ascending  | Carl ADoe bjensen mmuster jsmith zed
            name.familyName           | descending | zed jsmith mmuster bjensen ADoe Carl
            emails.value              | ascending  | Carl ADoe bjensen jsmith zed mmuster
            emails                    | ascending  | Carl ADoe bjensen jsmith zed mmuster
            emails.value              | descending | mmuster zed jsmith bjensen ADoe Carl
            emails.type               | ascending  | {jsmith zed} Carl {bjensen ADoe} mmuster
            title                     | ascending  | {jsmith ADoe} Carl bjensen {mmuster zed}
            title                     | descending | {mmuster zed} bjensen Carl {jsmith ADoe}
            displayName               | ascending  | bjensen mmuster {jsmith ADoe zed Carl}
            active                    | ascending  | {ADoe mmuster} {bjensen jsmith Carl} zed
            externalId                | ascending  | bjensen jsmith {ADoe mmuster zed Carl}
            meta.created              | ascending  | bjensen jsmith ADoe mmuster zed Carl
            meta.created              | descending | Carl zed mmuster ADoe jsmith bjensen
            meta.lastModified         | descending | bjensen Carl zed mmuster ADoe jsmith
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber  | ascending  | jsmith mmuster ADoe bjensen {zed Carl}
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber  | descending | {zed Carl} bjensen ADoe mmuster jsmith
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value   | ascending  | {bjensen mmuster} jsmith {ADoe zed Carl}
            urn:ietf:params:scim:schemas:core:2.0:User:name.givenName                  | ascending  | ADoe bjensen Carl jsmith mmuster zed
            """)
    void sorts(String sortBy, String sortOrder, String expected) {
        String query = "sortBy=" + encode(sortBy) + (sortOrder.isEmpty() ? "" : "&sortOrder=" + sortOrder);
        List<String> order = expand(expected);

        List<String> seen = allPages("/Users?" + query, 2);
        Exchange post = scim.post("/v2/Users/.search", searchRequest("sortBy", "\"" + sortBy + "\"",
                "sortOrder", sortOrder.isEmpty() ? "null" : "\"" + sortOrder + "\"", "count", "6"));

        assertThat(seen).containsExactlyElementsOf(order);
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        assertThat(seeded.names(post)).containsExactlyElementsOf(order.subList(0, MAX_RESULTS));
    }

    @Test
    void sortingAndFilteringTogether() {
        Exchange res = scim.get("/Users?filter=" + encode("title pr") + "&sortBy=userName&sortOrder=descending");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getInt("totalResults")).isEqualTo(4);
        assertThat(seeded.names(res)).containsExactly("jsmith", "Carl", "bjensen", "ADoe");
    }

    @Test
    void anIndexedFilterWithASortIsSorted() {
        Exchange res = scim.get("/Users?filter=" + encode("emails.value eq \"adoe@x.org\" or userName eq \"zed\"")
                + "&sortBy=userName&sortOrder=descending");

        assertThat(seeded.names(res)).containsExactly("zed", "ADoe");
    }

    @Test
    void sortOrderWithoutSortByIsTheDefaultOrder() {
        Exchange res = scim.get("/Users?sortOrder=descending&count=6");

        assertThat(res.status()).isEqualTo(200);
        assertThat(seeded.names(res)).containsExactlyElementsOf(USER_NAMES.subList(0, MAX_RESULTS));
    }

    @ParameterizedTest(name = "sortBy={0}&sortOrder={1}")
    @CsvSource(delimiter = '|', textBlock = """
            userName                        | up       | sortOrder
            userName                        | asc      | sortOrder
            ''                              | sideways | sortOrder
            nope                            | ''       | nope
            name.nope                       | ''       | name.nope
            members.value                   | ''       | members.value
            password                        | ''       | password
            name                            | ''       | name
            urn:example:Nope:attr           | ''       | urn:example:Nope:attr
            emails[type eq "work"].value    | ''       | sortBy
            emails[type eq "work"]          | ''       | sortBy
            user name                       | ''       | sortBy
            userName eq "x"                 | ''       | sortBy
            """)
    void anImpossibleSortIsInvalidValue(String sortBy, String sortOrder, String detailFragment) {
        String query = (sortBy.isEmpty() ? "" : "sortBy=" + encode(sortBy)) + (sortOrder.isEmpty() ? "" : "&sortOrder=" + sortOrder);
        for (String path : List.of("/Users?", "/v2/Users?")) {
            String detail = scim.get(path + query).assertError(400, "invalidValue");
            assertThat(detail).contains(detailFragment);
        }
    }

    @Test
    void anImpossibleSortInABodyIsInvalidValue() {
        scim.post("/Users/.search", searchRequest("sortBy", "\"nope\"")).assertError(400, "invalidValue");
        scim.post("/Users/.search", searchRequest("sortBy", "\"userName\"", "sortOrder", "\"down\"")).assertError(400, "invalidValue");
    }

    // ---- paging ----

    @Test
    void withoutCountAPageHoldsAtMostMaxResults() {
        Exchange res = scim.get("/Users");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getInt("totalResults")).isEqualTo(6);
        assertThat(res.json().getInt("itemsPerPage")).isEqualTo(MAX_RESULTS);
        assertThat(seeded.names(res)).containsExactlyElementsOf(USER_NAMES.subList(0, MAX_RESULTS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/Users?count=5", "/Users?count=1000", "/v2/Users?count=2147483648", "/?count=100",
            "/Users?count=99999999999999999999999"})
    void aCountAboveMaxResultsIsCapped(String path) {
        Exchange res = scim.get(path);

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().getInt("itemsPerPage")).isEqualTo(MAX_RESULTS);
        assertThat(res.resources()).hasSize(MAX_RESULTS);
        assertThat(res.json().getInt("totalResults")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theServiceProviderConfigAdvertisesTheCap() {
        JsonObject config = scim.get("/ServiceProviderConfig").json();

        assertThat(config.getJsonObject("filter").getInt("maxResults")).isEqualTo(MAX_RESULTS);
        assertThat(config.getJsonObject("filter").getBoolean("supported")).isTrue();
        assertThat(config.getJsonObject("sort").getBoolean("supported")).isTrue();
    }

    @Test
    void aCountAboveMaxResultsInABodyIsCapped() {
        Exchange res = scim.post("/Users/.search", searchRequest("count", "50", "filter", "\"userName pr\""));

        assertThat(res.json().getInt("totalResults")).isEqualTo(6);
        assertThat(res.resources()).hasSize(MAX_RESULTS);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHugeExponentInCountIsCappedQuickly() {
        for (String count : List.of("1e99999999", "1E999999999", "-1e99999999")) {
            Exchange res = scim.get("/Users?count=" + count);

            assertThat(res.status()).as("count=%s: %s", count, res.body()).isEqualTo(200);
            assertThat(res.json().getInt("totalResults")).isEqualTo(6);
            assertThat(res.json().getInt("itemsPerPage")).isEqualTo(count.startsWith("-") ? 0 : MAX_RESULTS);
        }
        Exchange start = scim.post("/Users/.search", searchRequest("startIndex", "\"1e99999999\""));
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(start.json().getInt("startIndex")).isEqualTo(Integer.MAX_VALUE);
        assertThat(start.json().getInt("itemsPerPage")).isZero();
    }

    @ParameterizedTest(name = "{0} → startIndex {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            startIndex=0&count=2          | 1 | bjensen jsmith
            startIndex=-5&count=2         | 1 | bjensen jsmith
            startIndex=-9999999999999&count=1 | 1 | bjensen
            startIndex=5&count=2          | 5 | zed Carl
            startIndex=6                  | 6 | Carl
            startIndex=7                  | 7 | -
            startIndex=2147483648         | 2147483647 | -
            count=0                       | 1 | -
            count=-1                      | 1 | -
            count=-1000&startIndex=3      | 3 | -
            count=2&startIndex=2          | 2 | jsmith ADoe
            count=%202%20                 | 1 | bjensen jsmith
            count=                        | 1 | bjensen jsmith ADoe mmuster
            """)
    void pages(String query, int startIndex, String expected) {
        for (String path : List.of("/Users?", "/v2/Users?")) {
            Exchange res = scim.get(path + query);

            assertThat(res.status()).as(res.body()).isEqualTo(200);
            JsonObject list = res.json();
            List<String> names = nameList(expected);
            assertThat(list.getInt("totalResults")).isEqualTo(6);
            assertThat(list.getInt("startIndex")).isEqualTo(startIndex);
            assertThat(list.getInt("itemsPerPage")).isEqualTo(names.size());
            assertThat(list.containsKey("Resources") ? seeded.names(res) : List.of()).containsExactlyElementsOf(names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            count=abc            | count
            count=2x             | count
            count=1.5            | count
            count=0x10           | count
            startIndex=one       | startIndex
            startIndex=1.5       | startIndex
            startIndex=1e        | startIndex
            """)
    void nonNumericPagingIsInvalidValue(String query, String parameter) {
        for (String path : List.of("/Users?", "/v2/Users?", "/?", "/v2?")) {
            String detail = scim.get(path + query).assertError(400, "invalidValue");
            assertThat(detail).contains(parameter);
        }
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void pagingVisitsEveryUserExactlyOnce(int count) {
        for (String sort : List.of("", "&sortBy=userName", "&sortBy=title&sortOrder=descending", "&sortBy=active",
                "&sortBy=" + encode(ENTERPRISE_USER + ":manager.value"))) {
            List<String> seen = allPages("/Users?" + sort.substring(Math.min(1, sort.length())), count);

            assertThat(seen).as("count %d, %s", count, sort).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(USER_NAMES);
            if (sort.isEmpty()) {
                assertThat(seen).containsExactlyElementsOf(USER_NAMES); // creation order
            }
        }
    }

    @Test
    void pagingAFilteredListVisitsEveryMatchOnce() {
        List<String> seen = allPages("/Users?filter=" + encode("emails pr") + "&sortBy=emails.value", 1);

        assertThat(seen).containsExactly("Carl", "ADoe", "bjensen", "jsmith", "zed");
    }

    // ---- helpers ----

    /**
     * Every page of {@code path} (which already has a query) asking for this count, each starting
     * after the previous one's itemsPerPage (a count above maxResults gives smaller pages), until
     * totalResults is reached.
     */
    private List<String> allPages(String path, int count) {
        List<String> seen = new ArrayList<>();
        int total = Integer.MAX_VALUE;
        for (int start = 1; start <= total; ) {
            Exchange page = scim.get(path + (path.endsWith("?") ? "" : "&") + "count=" + count + "&startIndex=" + start);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            total = page.json().getInt("totalResults");
            int items = page.json().getInt("itemsPerPage");
            assertThat(page.json().getInt("startIndex")).isEqualTo(start);
            assertThat(items).isEqualTo(Math.min(Math.min(count, MAX_RESULTS), total - start + 1));
            seen.addAll(seeded.names(page));
            assertThat(seen.size()).isLessThanOrEqualTo(total);
            start += items;
        }
        return seen;
    }

    /** Space-separated names where "{a b c}" stands for a, b and c ordered by id. */
    private static List<String> expand(String text) {
        List<String> result = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                result.addAll(nameList(text.substring(i)));
                break;
            }
            result.addAll(nameList(text.substring(i, open)));
            int close = text.indexOf('}', open);
            Arrays.stream(text.substring(open + 1, close).trim().split("\\s+"))
                    .sorted(Comparator.comparing(seeded::user))
                    .forEach(result::add);
            i = close + 1;
        }
        return result;
    }
}
