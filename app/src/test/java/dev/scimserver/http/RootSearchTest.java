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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.SearchFixtures.GROUP_NAMES;
import static dev.scimserver.http.SearchFixtures.USER_NAMES;
import static dev.scimserver.http.SearchFixtures.encode;
import static dev.scimserver.http.SearchFixtures.nameList;
import static dev.scimserver.http.SearchFixtures.searchRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searching every resource type at once (RFC 7644 §3.4.2 at the root, §3.4.3 {@code POST /.search}),
 * at the root and under /v2: one ListResponse mixing Users and Groups, each located at its own endpoint.
 */
@ServerTest
class RootSearchTest {
    private static Seeded seeded;

    private final ScimClient scim;

    RootSearchTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Backend backend = TestBackends.create(registry);
        seeded = SearchFixtures.seed(registry, backend);
        ScimRouting.configure(routing, ServerSettings.defaults(), registry, new ResourceService(backend, Clock.systemUTC()));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            displayName pr                               | bjensen mmuster Admins Engineers Empty
            displayName sw "E"                           | Engineers Empty
            displayName co "mu"                          | mmuster
            userName eq "bjensen"                        | bjensen
            userName eq "BJENSEN" or displayName eq "empty" | bjensen Empty
            members pr                                   | Admins Engineers
            not (members pr)                             | bjensen jsmith ADoe mmuster zed Carl Empty
            not (userName pr)                            | Admins Engineers Empty
            meta.resourceType eq "Group"                 | Admins Engineers Empty
            meta.resourceType eq "user"                  | -
            meta.created ge "2024-01-01T05:00:00Z"       | Carl Admins Engineers Empty
            meta.created lt "2024-01-01T08:00:00+01:00"  | bjensen jsmith ADoe mmuster zed Carl Admins
            externalId pr                                | bjensen jsmith
            title eq "Engineer"                          | jsmith ADoe
            emails[type eq "work" and value co "@x"]     | ADoe Carl
            active eq false                              | ADoe mmuster
            """)
    void findsUsersAndGroupsTogether(String filter, String expected) {
        for (String path : List.of("/?filter=", "/v2?filter=", "/v2/?filter=")) {
            Exchange res = scim.get(path + encode(filter));

            assertFound(res, expected, path.startsWith("/v2") ? "/v2" : "");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/.search", "/v2/.search"})
    void postSearchFindsWhatGetFinds(String path) {
        String filter = "displayName pr or userName eq \"zed\"";
        Exchange post = scim.post(path, searchRequest("filter", Json.createValue(filter).toString()));
        Exchange get = scim.get(path.replace(".search", "") + "?filter=" + encode(filter));

        assertFound(post, "bjensen mmuster zed Admins Engineers Empty", path.startsWith("/v2") ? "/v2" : "");
        assertThat(post.json()).isEqualTo(get.json());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/v2", "/v2/"})
    void withoutAFilterEveryResourceOfEveryType(String path) {
        Exchange res = scim.get(path);

        assertFound(res, String.join(" ", USER_NAMES) + " " + String.join(" ", GROUP_NAMES), path.startsWith("/v2") ? "/v2" : "");
    }

    @Test
    void aFilterOnAnAttributeOnlyGroupsHaveFindsGroups() {
        Exchange res = scim.get("/?filter=" + encode("members.value eq \"" + seeded.user("jsmith") + "\""));

        assertFound(res, "Admins Engineers", "");
    }

    @Test
    void idsFindResourcesOfEitherType() {
        Exchange res = scim.get("/?filter=" + encode("id eq \"" + seeded.group("Empty") + "\" or id eq \"" + seeded.user("Carl") + "\""));

        assertFound(res, "Carl Empty", "");
    }

    @Test
    void eachAttributeMatchesNothingInTheTypesThatLackIt() {
        // userName only Users have, members only Groups: each type answers the half it knows.
        Exchange res = scim.get("/?filter=" + encode("userName eq \"zed\" or members.value eq \"" + seeded.user("ADoe") + "\""));

        assertFound(res, "zed Engineers", "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            nope eq "x"                         | nope
            userName eq "x" or nope pr          | nope
            password eq "secret-1"              | password
            active gt true                      | boolean
            displayName eq 5                    | displayName
            userName eq "x" garbage             | column 17
            (displayName pr                     | column 1
            userName eq 1e9999999999            | range
            """)
    void aBadFilterIsInvalidFilter(String filter, String detailFragment) {
        for (Exchange res : List.of(scim.get("/?filter=" + encode(filter)),
                scim.post("/v2/.search", searchRequest("filter", Json.createValue(filter).toString())))) {
            String detail = res.assertError(400, "invalidFilter");
            assertThat(detail).contains(detailFragment);
        }
    }

    @Test
    void sortsAcrossTypesWithResourcesLackingTheValueLast() {
        Exchange ascending = scim.get("/?sortBy=displayName");
        Exchange descending = scim.get("/v2?sortBy=displayName&sortOrder=descending");

        List<String> withoutDisplayName = byId("jsmith", "ADoe", "zed", "Carl");
        List<String> expectedAscending = new ArrayList<>(List.of("Admins", "bjensen", "Empty", "Engineers", "mmuster"));
        expectedAscending.addAll(withoutDisplayName);
        List<String> expectedDescending = new ArrayList<>(withoutDisplayName); // nulls first, still by id
        expectedDescending.addAll(List.of("mmuster", "Engineers", "Empty", "bjensen", "Admins"));
        assertThat(ascending.json().getInt("totalResults")).isEqualTo(9);
        assertThat(seeded.names(ascending)).containsExactlyElementsOf(expectedAscending);
        assertThat(seeded.names(descending)).containsExactlyElementsOf(expectedDescending);
    }

    @Test
    void sortsByAnAttributeOnlyUsersHave() {
        Exchange res = scim.post("/.search", searchRequest("sortBy", "\"userName\"", "filter", "\"displayName pr or title pr\""));

        List<String> expected = new ArrayList<>(List.of("ADoe", "bjensen", "Carl", "jsmith", "mmuster"));
        expected.addAll(byId("Admins", "Engineers", "Empty"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(seeded.names(res)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sortBy=nope", "sortBy=name.nope", "sortOrder=upwards&sortBy=displayName", "sortBy=password"})
    void anImpossibleSortIsInvalidValue(String query) {
        scim.get("/?" + query).assertError(400, "invalidValue");
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {1, 2, 4, 9, 10})
    void pagingVisitsEveryResourceOnce(int count) {
        for (String sort : List.of("", "&sortBy=displayName", "&sortBy=userName&sortOrder=descending")) {
            List<String> seen = new ArrayList<>();
            for (int start = 1; start <= 9; start += count) {
                Exchange page = scim.get("/?count=" + count + "&startIndex=" + start + sort);
                assertThat(page.json().getInt("totalResults")).isEqualTo(9);
                assertThat(page.json().getInt("startIndex")).isEqualTo(start);
                seen.addAll(seeded.names(page));
            }
            assertThat(seen).as("sort '%s'", sort).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(concat(USER_NAMES, GROUP_NAMES));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            count=0                | 9 | 0
            count=-3               | 9 | 0
            startIndex=10          | 9 | 0
            startIndex=8&count=5   | 9 | 2
            startIndex=0&count=2   | 9 | 2
            """)
    void pages(String query, int total, int onPage) {
        Exchange res = scim.get("/v2?" + query);

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getInt("totalResults")).isEqualTo(total);
        assertThat(res.json().getInt("itemsPerPage")).isEqualTo(onPage);
        assertThat(res.json().containsKey("Resources") ? res.resources() : List.of()).hasSize(onPage);
    }

    @Test
    void nonNumericPagingIsInvalidValue() {
        scim.get("/?count=many").assertError(400, "invalidValue");
        scim.post("/.search", searchRequest("startIndex", "\"first\"")).assertError(400, "invalidValue");
    }

    @Test
    void projectionAppliesToEachTypeByItsOwnSchema() {
        Exchange res = scim.get("/?filter=" + encode("displayName pr") + "&attributes=displayName");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.resources()).hasSize(5);
        for (JsonObject resource : res.resources()) {
            assertThat(resource.keySet()).containsExactlyInAnyOrder("schemas", "id", "displayName");
        }
    }

    @Test
    void excludedAttributesApplyToEveryType() {
        Exchange res = scim.post("/.search", searchRequest("excludedAttributes", "[\"members\", \"emails\", \"meta\"]"));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.resources()).hasSize(9);
        for (JsonObject resource : res.resources()) {
            assertThat(resource.keySet()).contains("schemas", "id").doesNotContain("members", "emails", "meta", "password");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/.search", "/v2/.search"})
    void getOnRootSearchIsMethodNotAllowed(String path) {
        Exchange res = scim.get(path);

        res.assertError(405, null);
        assertThat(res.header("Allow")).isEqualTo("POST");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"count\": \"abc\"}", "{\"attributes\": [1]}"})
    void aBadBodyIsInvalidValue(String body) {
        scim.post("/.search", body).assertError(400, "invalidValue");
    }

    @Test
    void anUnknownBodyMemberIsInvalidSyntax() {
        scim.post("/v2/.search", "{\"query\": \"userName pr\"}").assertError(400, "invalidSyntax");
    }

    // ---- helpers ----

    /**
     * A 200 ListResponse holding exactly these resources (space-separated userNames and Group
     * displayNames), each with its own type's schema, resourceType and location.
     */
    private static void assertFound(Exchange res, String expectedNames, String prefix) {
        assertThat(res.status()).as("status of %s", res.body()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        List<String> expected = nameList(expectedNames);
        assertThat(list.getInt("totalResults")).as("totalResults of %s", res.body()).isEqualTo(expected.size());
        assertThat(list.getInt("itemsPerPage")).isEqualTo(expected.size());
        assertThat(seeded.names(res)).containsExactlyInAnyOrderElementsOf(expected);
        for (JsonObject resource : res.resources()) {
            String id = resource.getString("id");
            boolean isUser = seeded.users().containsValue(id);
            JsonObject meta = resource.getJsonObject("meta");
            assertThat(meta.getString("resourceType")).isEqualTo(isUser ? "User" : "Group");
            assertThat(meta.getString("location")).endsWith(prefix + (isUser ? "/Users/" : "/Groups/") + id);
            assertThat(strings(resource, "schemas")).contains(isUser ? USER : GROUP);
            assertThat(resource.containsKey("password")).isFalse();
        }
    }

    /** These seeded resources ordered by id, the tie-breaker of every sort. */
    private static List<String> byId(String... names) {
        Map<String, String> ids = new java.util.HashMap<>(seeded.users());
        ids.putAll(seeded.groups());
        return java.util.Arrays.stream(names).sorted(Comparator.comparing(ids::get)).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
