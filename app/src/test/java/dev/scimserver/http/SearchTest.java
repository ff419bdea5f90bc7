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
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.LIST_RESPONSE;
import static dev.scimserver.http.ScimClient.SCIM_JSON;
import static dev.scimserver.http.ScimClient.strings;
import static dev.scimserver.http.SearchFixtures.USER_NAMES;
import static dev.scimserver.http.SearchFixtures.encode;
import static dev.scimserver.http.SearchFixtures.nameList;
import static dev.scimserver.http.SearchFixtures.searchRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filtering {@code GET /Users?filter=…} and {@code POST /Users/.search} (RFC 7644 §3.4.2.2, §3.4.3)
 * against the known data of {@link SearchFixtures}, with the indexes the server runs with.
 */
@ServerTest
class SearchTest {
    private static final String EMPLOYEE_NUMBER = ENTERPRISE_USER + ":employeeNumber";
    private static final String MANAGER_VALUE = ENTERPRISE_USER + ":manager.value";

    private static Seeded seeded;

    private final ScimClient scim;
    private final ScimClient strict;

    SearchTest(Http1Client client, @Socket("strict") Http1Client strictClient) {
        this.scim = new ScimClient(client);
        this.strict = new ScimClient(strictClient);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        Backend backend = TestBackends.create(registry);
        seeded = SearchFixtures.seed(registry, backend);
        ScimRouting.configure(routing, ServerSettings.defaults(), registry, new ResourceService(backend, Clock.systemUTC()));
    }

    /** A second socket with {@code strict} on and no data: for the filters only strict mode refuses. */
    @SetUpRoute("strict")
    static void strictRouting(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, ServerSettings.defaults().withStrict(true), registry,
                new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, true));
    }

    /** Filter → the users it matches (space-separated userNames, "-" for none). */
    static Stream<Arguments> userFilters() {
        return Stream.of(
                // every comparison operator; strings compare case-insensitively (userName is not caseExact)
                Arguments.of("userName eq \"bjensen\"", "bjensen"),
                Arguments.of("userName eq \"BJensen\"", "bjensen"),
                Arguments.of("userName eq \"adoe\"", "ADoe"),
                Arguments.of("userName eq \"nobody\"", "-"),
                Arguments.of("userName ne \"bjensen\"", "jsmith ADoe mmuster zed Carl"),
                Arguments.of("title ne \"Engineer\"", "bjensen Carl"), // absent title: ne does not match either
                Arguments.of("userName co \"S\"", "bjensen jsmith mmuster"),
                Arguments.of("userName sw \"j\"", "jsmith"),
                Arguments.of("userName sw \"a\"", "ADoe"),
                Arguments.of("userName ew \"E\"", "ADoe"),
                Arguments.of("userName gt \"jsmith\"", "mmuster zed"),
                Arguments.of("userName ge \"JSMITH\"", "jsmith mmuster zed"),
                Arguments.of("userName lt \"bjensen\"", "ADoe"),
                Arguments.of("userName le \"carl\"", "bjensen ADoe Carl"), // case-sensitively "Carl" < "bjensen"
                Arguments.of("title pr", "bjensen jsmith ADoe Carl"),
                Arguments.of("nickName pr", "-"),
                // sub-attributes
                Arguments.of("name.familyName eq \"DOE\"", "ADoe"),
                Arguments.of("name.givenName sw \"J\"", "jsmith"),
                Arguments.of("name.familyName pr", "bjensen jsmith ADoe mmuster Carl"),
                Arguments.of("name pr", "bjensen jsmith ADoe mmuster Carl"),
                Arguments.of("displayName co \"max\"", "mmuster"),
                // case-insensitive attribute names and operators
                Arguments.of("USERNAME EQ \"zed\"", "zed"),
                Arguments.of("UserName Sw \"J\"", "jsmith"),
                Arguments.of("Title PR", "bjensen jsmith ADoe Carl"),
                Arguments.of("NAME.FAMILYNAME eq \"smith\"", "jsmith"),
                Arguments.of("emails[TYPE eq \"work\" AND Value CO \"@X\"]", "ADoe Carl"),
                Arguments.of("userName eq \"zed\" OR userName eq \"carl\"", "zed Carl"),
                Arguments.of("NOT (title pr)", "mmuster zed"),
                // externalId is caseExact
                Arguments.of("externalId eq \"Ext-BJ\"", "bjensen"),
                Arguments.of("externalId eq \"ext-bj\"", "jsmith"),
                Arguments.of("externalId eq \"EXT-BJ\"", "-"),
                Arguments.of("externalId sw \"E\"", "bjensen"),
                Arguments.of("externalId pr", "bjensen jsmith"),
                // booleans
                Arguments.of("active eq false", "ADoe mmuster"),
                Arguments.of("active eq true", "bjensen jsmith Carl"),
                Arguments.of("active ne true", "ADoe mmuster"), // zed has no 'active': no comparison matches
                Arguments.of("not (active eq true)", "ADoe mmuster zed"),
                // multi-valued: any value matches
                Arguments.of("emails.value eq \"babs@jensen.org\"", "bjensen"),
                Arguments.of("emails.value eq \"BABS@JENSEN.ORG\"", "bjensen"),
                Arguments.of("emails eq \"JOHN@smith.net\"", "jsmith"),
                Arguments.of("emails co \"example.com\"", "bjensen jsmith zed"),
                Arguments.of("emails.type eq \"home\"", "bjensen jsmith zed"),
                Arguments.of("emails.value ew \".org\"", "bjensen ADoe Carl"),
                Arguments.of("emails pr", "bjensen jsmith ADoe zed Carl"),
                Arguments.of("not (emails pr)", "mmuster"),
                Arguments.of("emails.primary eq true", "bjensen jsmith ADoe Carl"),
                // value paths: every condition holds for one and the same value
                Arguments.of("emails[type eq \"work\" and value co \"@x\"]", "ADoe Carl"),
                Arguments.of("emails[type eq \"work\" and value co \"a.carl\"]", "-"),
                Arguments.of("emails.type eq \"work\" and emails.value co \"a.carl\"", "Carl"),
                Arguments.of("emails[type eq \"home\" or primary eq true]", "bjensen jsmith ADoe zed Carl"),
                Arguments.of("emails[not (type eq \"work\")]", "bjensen jsmith zed Carl"),
                Arguments.of("emails[primary eq true and value ew \"x.org\"]", "ADoe Carl"),
                Arguments.of("name[familyName sw \"C\"]", "Carl"),
                // URN-qualified names, in any case
                Arguments.of(EMPLOYEE_NUMBER + " eq \"701984\"", "bjensen"),
                Arguments.of(EMPLOYEE_NUMBER + " pr", "bjensen jsmith ADoe mmuster"),
                Arguments.of(EMPLOYEE_NUMBER + " lt \"200\"", "jsmith"),
                Arguments.of(EMPLOYEE_NUMBER.toLowerCase(Locale.ROOT) + " eq \"100\"", "jsmith"),
                Arguments.of(EMPLOYEE_NUMBER.toUpperCase(Locale.ROOT) + " eq \"300\"", "ADoe"),
                Arguments.of(MANAGER_VALUE + " eq \"MGR-1\"", "bjensen mmuster"), // manager.value is caseExact
                Arguments.of(MANAGER_VALUE + " eq \"mgr-1\"", "jsmith"),
                Arguments.of(ENTERPRISE_USER + ":manager[value sw \"MGR\"]", "bjensen mmuster"),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"zed\"", "zed"),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq \"jensen\"", "bjensen"),
                // and binds tighter than or; not and parentheses
                Arguments.of("userName eq \"zed\" or title eq \"Engineer\" and active eq false", "ADoe zed"),
                Arguments.of("(userName eq \"zed\" or title eq \"Engineer\") and active eq false", "ADoe"),
                Arguments.of("title eq \"Engineer\" and active eq false or userName eq \"zed\"", "ADoe zed"),
                Arguments.of("title eq \"Engineer\" and (active eq false or userName eq \"jsmith\")", "jsmith ADoe"),
                Arguments.of("not (title eq \"Engineer\") and active eq true", "bjensen Carl"),
                Arguments.of("not (title pr) or userName eq \"Carl\"", "mmuster zed Carl"),
                Arguments.of("not (not (active eq false))", "ADoe mmuster"),
                Arguments.of("not (userName eq \"bjensen\" or userName eq \"jsmith\")", "ADoe mmuster zed Carl"),
                Arguments.of("userName eq \"bjensen\" and userName eq \"jsmith\"", "-"),
                // absent attributes match no comparison, and not(...) inverts that
                Arguments.of("nickName eq \"x\"", "-"),
                Arguments.of("nickName ne \"x\"", "-"),
                Arguments.of("not (nickName eq \"x\")", "bjensen jsmith ADoe mmuster zed Carl"),
                Arguments.of("not (nickName pr)", "bjensen jsmith ADoe mmuster zed Carl"),
                Arguments.of("title eq null", "-"),
                // common attributes
                Arguments.of("meta.resourceType eq \"User\"", "bjensen jsmith ADoe mmuster zed Carl"),
                Arguments.of("id pr", "bjensen jsmith ADoe mmuster zed Carl"),
                // dateTimes compare chronologically, whatever the offset
                Arguments.of("meta.created eq \"2024-01-01T00:00:00Z\"", "bjensen"),
                Arguments.of("meta.created eq \"2024-01-01T03:00:00+03:00\"", "bjensen"),
                Arguments.of("meta.created eq \"2024-01-01T01:00:00.000Z\"", "jsmith"),
                Arguments.of("meta.created eq \"2024-01-01T01:00:00\"", "jsmith"), // no zone: UTC
                Arguments.of("meta.created sw \"2024-01-01T01\"", "jsmith"),
                Arguments.of("meta.created gt \"2024-01-01T02:30:00+02:00\"", "jsmith ADoe mmuster zed Carl"),
                Arguments.of("meta.created ge \"2024-01-01T03:00:00Z\" and meta.created lt \"2024-01-01T05:00:00Z\"", "mmuster zed"),
                Arguments.of("meta.created le \"2023-12-31T20:00:00-04:00\"", "bjensen"),
                Arguments.of("meta.created lt \"2023-12-31T23:59:59.999Z\"", "-"),
                Arguments.of("meta.created ne \"2024-01-01T05:00:00Z\"", "bjensen jsmith ADoe mmuster zed"),
                Arguments.of("meta.lastModified gt \"2024-01-15T00:00:00Z\"", "bjensen"),
                Arguments.of("meta.lastModified lt \"2024-01-01T04:00:00+01:00\"", "jsmith ADoe"),
                Arguments.of("meta.lastModified gt \"2024-01-30T12:00:00-11:00\"", "bjensen"),
                Arguments.of("meta.lastModified eq \"2024-01-30T12:00:00-12:00\"", "bjensen"),
                Arguments.of("meta.lastModified ne \"2024-01-31T00:00:00Z\"", "jsmith ADoe mmuster zed Carl"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("userFilters")
    void filtersUsers(String filter, String expected) {
        Exchange res = scim.get("/Users?filter=" + encode(filter));

        assertMatches(res, expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("userFilters")
    void postSearchFindsWhatGetFinds(String filter, String expected) {
        Exchange get = scim.get("/v2/Users?filter=" + encode(filter));
        Exchange post = scim.post("/v2/Users/.search", searchRequest("filter", Json.createValue(filter).toString()));

        assertMatches(post, expected);
        assertThat(post.json()).isEqualTo(get.json());
    }

    @Test
    void idIsCaseExact() {
        String id = seeded.user("jsmith");

        assertMatches(scim.get("/Users?filter=" + encode("id eq \"" + id + "\"")), "jsmith");
        assertMatches(scim.get("/Users?filter=" + encode("id eq \"" + id.toUpperCase(Locale.ROOT) + "\"")), "-");
        assertMatches(scim.get("/Users?filter=" + encode("id eq \"" + id + "\" or id eq \"" + seeded.user("zed") + "\"")),
                "jsmith zed");
        assertMatches(scim.get("/Users?filter=" + encode("not (id eq \"" + id + "\")")), "bjensen ADoe mmuster zed Carl");
    }

    @ParameterizedTest(name = "prefix ''{0}''")
    @ValueSource(strings = {"", "/v2"})
    void totalResultsCountsEveryMatchNotJustThePage(String prefix) {
        Exchange first = scim.get(prefix + "/Users?count=2&filter=" + encode("title pr"));
        Exchange second = scim.get(prefix + "/Users?count=2&startIndex=3&filter=" + encode("title pr"));
        Exchange none = scim.get(prefix + "/Users?count=0&filter=" + encode("title pr"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().getInt("totalResults")).isEqualTo(4);
        assertThat(first.json().getInt("itemsPerPage")).isEqualTo(2);
        assertThat(first.json().getInt("startIndex")).isEqualTo(1);
        assertThat(seeded.names(first)).containsExactly("bjensen", "jsmith");
        assertThat(second.json().getInt("totalResults")).isEqualTo(4);
        assertThat(second.json().getInt("startIndex")).isEqualTo(3);
        assertThat(seeded.names(second)).containsExactly("ADoe", "Carl");
        assertThat(none.json().getInt("totalResults")).isEqualTo(4);
        assertThat(none.json().getInt("itemsPerPage")).isZero();
        assertThat(resourcesOrEmpty(none.json())).isEmpty();
    }

    @Test
    void aFilterMatchingNothingIsAnEmptyListNotAnError() {
        Exchange res = scim.get("/Users?filter=" + encode("userName eq \"nobody\""));

        assertThat(res.status()).isEqualTo(200);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        assertThat(list.getInt("totalResults")).isZero();
        assertThat(list.getInt("itemsPerPage")).isZero();
        assertThat(resourcesOrEmpty(list)).isEmpty();
    }

    @ParameterizedTest(name = "filter=''{0}''")
    @ValueSource(strings = {"", "   "})
    void aBlankFilterIsNoFilter(String filter) {
        Exchange res = scim.get("/Users?filter=" + encode(filter));

        assertMatches(res, String.join(" ", USER_NAMES));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            members.value eq "%jsmith"                     | Admins Engineers
            members eq "%ADoe"                             | Engineers
            members[value eq "%bjensen" and type eq "User"] | Admins
            members.value eq "%zed"                        | -
            members pr                                     | Admins Engineers
            not (members pr)                               | Empty
            displayName eq "ADMINS"                        | Admins
            displayName sw "E"                             | Engineers Empty
            """)
    void filtersGroups(String filterTemplate, String expected) {
        String filter = filterTemplate;
        for (String user : USER_NAMES) {
            filter = filter.replace("%" + user + "\"", seeded.user(user) + "\"");
        }

        Exchange res = scim.get("/Groups?filter=" + encode(filter));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        List<String> names = nameList(expected);
        assertThat(res.json().getInt("totalResults")).isEqualTo(names.size());
        assertThat(seeded.names(res)).containsExactlyElementsOf(names);
        for (JsonObject group : res.resources()) {
            assertThat(group.getJsonObject("meta").getString("location")).endsWith("/Groups/" + group.getString("id"));
        }
    }

    // ---- refused filters ----

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq "x" garbage        | column 17
            (userName eq "x"               | column 1
            userName eq "x")               | column 16
            userName eq                    | column 12
            userName eq "x" and            | column 17
            title pr "x"                   | column 7
            userName xx "x"                | column 10
            not userName eq "x"            | column
            userName eq "unterminated      | column 13
            emails[type eq "work"          | column 7
            """)
    void aSyntaxErrorIsInvalidFilterNamingThePosition(String filter, String position) {
        for (ScimClient server : new ScimClient[] {scim, strict}) {
            for (Exchange res : List.of(server.get("/Users?filter=" + encode(filter)),
                    server.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString())))) {
                String detail = res.assertError(400, "invalidFilter");
                assertThat(detail).contains(position);
            }
        }
    }

    /** A value that is not a JSON literal: the RFC grammar refuses it, so strict mode does. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq 'x'                | column 13
            userName eq x                  | column 13
            userName sw j                  | column 13
            """)
    void anUnquotedValueIsInvalidFilterWhenStrict(String filter, String position) {
        for (Exchange res : List.of(strict.get("/Users?filter=" + encode(filter)),
                strict.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString())))) {
            String detail = res.assertError(400, "invalidFilter");
            assertThat(detail).contains(position);
        }
    }

    /** The lenient default reads an unquoted value as the string up to the next blank (Microsoft's validator sends them). */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq 'x'                        | -
            userName eq x                          | -
            userName eq bjensen                    | bjensen
            userName sw j                          | jsmith
            userName eq BJENSEN or userName eq zed | bjensen zed
            emails[type eq work and primary eq true] | bjensen ADoe
            """)
    void anUnquotedValueIsTheStringItSpellsByDefault(String filter, String expected) {
        for (Exchange res : List.of(scim.get("/Users?filter=" + encode(filter)),
                scim.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString())))) {
            assertThat(res.status()).as(res.body()).isEqualTo(200);
            assertThat(seeded.names(res)).containsExactlyElementsOf(nameList(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            nope eq "x"                                   | nope
            name.nope eq "x"                              | name.nope
            emails[nope eq "x"]                           | nope
            urn:example:Nope:attr eq "x"                  | urn:example:Nope:attr
            members.value eq "x"                          | members.value
            password eq "secret-1"                        | password
            password pr                                   | password
            not (password eq "secret-1")                  | password
            userName pr or password sw "s"                | password
            active gt true                                | boolean
            active lt false                               | boolean
            active co "t"                                 | boolean
            active eq "maybe"                             | boolean
            userName eq true                              | userName
            userName gt 5                                 | userName
            meta.created gt "yesterday"                   | yesterday
            meta.created gt 5                             | meta.created
            name eq "x"                                   | complex
            title[value eq "x"]                           | title
            emails[value eq "x"].type eq "y"              | column
            """)
    void aFilterTheSchemaRefusesIsInvalidFilter(String filter, String detailFragment) {
        Exchange res = scim.get("/Users?filter=" + encode(filter));

        String detail = res.assertError(400, "invalidFilter");
        assertThat(detail).contains(detailFragment);
        assertThat(res.body()).doesNotContain("secret-2"); // no stored password leaks into a message
    }

    /** Malformed filters of every kind: each is a 400 invalidFilter, never a 500, by GET and by POST. */
    static Stream<Arguments> malformed() {
        List<String> filters = new ArrayList<>(List.of(
                "(userName eq \"x\"",
                "((userName eq \"x\")",
                "userName eq \"x\"))",
                "userName eq \"unterminated",
                "userName eq \"bad escape \\q\"",
                "userName eq \"x\" trailing garbage",
                "userName eq \"x\" & title pr",
                "title pr \"x\"",
                "userName pr pr",
                "userName",
                "userName eq",
                "eq \"x\"",
                "and userName eq \"x\"",
                "userName eq \"x\" or",
                "not userName eq \"x\"",
                "()",
                "emails[]",
                "emails[type eq \"work\"",
                "emails[type eq \"work\"]]",
                "emails[value eq \"x\" and type[value eq \"y\"]]",
                "\"userName\" eq \"x\"",
                "userName eq 1e9999999999",
                "userName == \"x\"",
                "userName eq \"x\";"));
        filters.add("(".repeat(51) + "userName pr" + ")".repeat(51));
        return filters.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFiltersAreInvalidFilterNeverAServerError(String filter) {
        Exchange get = scim.get("/Users?filter=" + encode(filter));
        Exchange post = scim.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString()));

        get.assertError(400, "invalidFilter");
        post.assertError(400, "invalidFilter");
    }

    static Stream<Arguments> huge() {
        return Stream.of(
                Arguments.of("long string", "userName eq \"" + "a".repeat(10_000) + "\""),
                Arguments.of("long or chain", String.join(" or ", Collections.nCopies(2_000, "title pr"))),
                Arguments.of("10,000 nested (", "(".repeat(10_000) + "userName pr" + ")".repeat(10_000)),
                Arguments.of("10,000 nested not (", "not (".repeat(10_000) + "userName pr" + ")".repeat(10_000)),
                Arguments.of("10,000 unclosed (", "(".repeat(10_000)),
                Arguments.of("10,000 nested [", "emails[".repeat(10_000) + "value pr" + "]".repeat(10_000)));
    }

    /** Too long for a request line, so by POST only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("huge")
    void hugeFiltersAreInvalidFilterNeverAServerError(String description, String filter) {
        Exchange res = scim.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString()));

        res.assertError(400, "invalidFilter");
    }

    @Test
    void aLongButValidFilterWorks() {
        String filter = String.join(" or ", Collections.nCopies(350, "userName eq \"zed\""));
        assertThat(filter.length()).isLessThan(8192);

        Exchange res = scim.post("/Users/.search", searchRequest("filter", Json.createValue(filter).toString()));

        assertMatches(res, "zed");
    }

    // ---- POST /.search bodies ----

    @ParameterizedTest(name = "prefix ''{0}''")
    @ValueSource(strings = {"", "/v2"})
    void postSearchTakesEveryParameterOfTheQuery(String prefix) {
        Exchange post = scim.post(prefix + "/Users/.search", searchRequest(
                "filter", "\"title pr or emails pr\"",
                "sortBy", "\"name.familyName\"",
                "sortOrder", "\"descending\"",
                "startIndex", "2",
                "count", "3",
                "attributes", "[\"userName\", \"name.familyName\"]"));
        Exchange get = scim.get(prefix + "/Users?filter=" + encode("title pr or emails pr")
                + "&sortBy=name.familyName&sortOrder=descending&startIndex=2&count=3&attributes=userName,name.familyName");

        assertThat(post.status()).as(post.body()).isEqualTo(200);
        assertThat(post.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject list = post.json();
        assertThat(list.getInt("totalResults")).isEqualTo(5); // all but mmuster
        assertThat(list.getInt("startIndex")).isEqualTo(2);
        assertThat(list.getInt("itemsPerPage")).isEqualTo(3);
        // descending familyName: zed (none) first, then Smith, Jensen, doe, Carlson
        assertThat(seeded.names(post)).containsExactly("jsmith", "bjensen", "ADoe");
        for (JsonObject user : post.resources()) {
            assertThat(user.keySet()).containsExactlyInAnyOrder("schemas", "id", "userName", "name");
            assertThat(user.getJsonObject("name").keySet()).containsExactly("familyName");
        }
        assertThat(list).isEqualTo(get.json());
    }

    @Test
    void postSearchTakesExcludedAttributes() {
        Exchange res = scim.post("/Users/.search", searchRequest(
                "filter", "\"userName eq \\\"bjensen\\\"\"",
                "excludedAttributes", "[\"emails\", \"" + ENTERPRISE_USER + ":manager\"]"));

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonObject user = res.resources().getFirst();
        assertThat(user.containsKey("emails")).isFalse();
        assertThat(user.getString("userName")).isEqualTo("bjensen");
        assertThat(user.getJsonObject(ENTERPRISE_USER).keySet()).containsExactly("employeeNumber");
        assertThat(user.containsKey("meta")).isTrue();
    }

    @Test
    void postSearchWithoutParametersListsEverything() {
        Exchange res = scim.post("/Users/.search", searchRequest());

        assertMatches(res, String.join(" ", USER_NAMES));
    }

    @Test
    void postSearchNamesAreCaseInsensitiveAndNumbersMayBeStrings() {
        Exchange res = scim.post("/Users/.search", """
                {"SCHEMAS": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "FILTER": "title pr", "SORTBY": "userName", "count": "2", "startIndex": 1}
                """);

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().getInt("totalResults")).isEqualTo(4);
        assertThat(seeded.names(res)).containsExactly("ADoe", "bjensen");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "count": "abc"                      | invalidValue  | count
            "count": 1.5                        | invalidValue  | count
            "count": true                       | invalidValue  | count
            "count": [2]                        | invalidValue  | count
            "startIndex": "first"               | invalidValue  | startIndex
            "startIndex": {}                    | invalidValue  | startIndex
            "filter": 5                         | invalidValue  | filter
            "filter": ["userName pr"]           | invalidValue  | filter
            "sortBy": 1                         | invalidValue  | sortBy
            "sortOrder": false                  | invalidValue  | sortOrder
            "attributes": 5                     | invalidValue  | attributes
            "attributes": ["userName", 5]       | invalidValue  | attributes
            "attributes": [["userName"]]        | invalidValue  | attributes
            "excludedAttributes": {"a": "b"}    | invalidValue  | excludedAttributes
            "attributes": ["userName"], "excludedAttributes": ["emails"] | invalidValue | together
            "filters": "userName pr"            | invalidSyntax | filters
            "Resources": []                     | invalidSyntax | Resources
            """)
    void aBadSearchRequestBodyIsRefused(String members, String scimType, String detailFragment) {
        Exchange res = scim.post("/Users/.search",
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], " + members + "}");

        String detail = res.assertError(400, scimType);
        assertThat(detail).contains(detailFragment);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]",
            "\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"]",
            "\"schemas\": \"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"",
            "\"schemas\": [5, \"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]",
            "\"schemas\": []"})
    void aBodyThatIsNotASearchRequestIsInvalidValue(String schemas) {
        Exchange res = scim.post("/Users/.search", "{" + schemas + ", \"filter\": \"userName pr\"}");

        String detail = res.assertError(400, "invalidValue");
        assertThat(detail).contains("schemas", "urn:ietf:params:scim:api:messages:2.0:SearchRequest");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"filter\": \"userName eq \\\"zed\\\"\"}",
            "{\"schemas\": null, \"filter\": \"userName eq \\\"zed\\\"\"}",
            "{\"Schemas\": [\"URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:SEARCHREQUEST\"], \"filter\": \"userName eq \\\"zed\\\"\"}"})
    void aBodyWithoutSchemasOrInAnyCaseIsStillASearch(String body) {
        assertMatches(scim.post("/Users/.search", body), "zed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"filter\"", "{\"filter\": ", "{} {}", "not json"})
    void aSearchRequestBodyThatIsNotOneObjectIsInvalidSyntax(String body) {
        scim.post("/Users/.search", body).assertError(400, "invalidSyntax");
    }

    @Test
    void searchOfAnUnknownEndpointIsNotFound() {
        scim.post("/Nopes/.search", searchRequest()).assertError(404, null);
    }

    @ParameterizedTest(name = "{0} {1}/Users/.search")
    @CsvSource({"GET, ''", "GET, /v2", "PUT, ''", "DELETE, /v2", "PATCH, ''"})
    void otherMethodsOnSearchAreNotAllowed(String method, String prefix) {
        Exchange res = scim.send(io.helidon.http.Method.create(method), prefix + "/Users/.search",
                method.equals("GET") || method.equals("DELETE") ? null : searchRequest());

        res.assertError(405, null);
        assertThat(res.header("Allow")).isEqualTo("POST");
    }

    // ---- projection of list and search responses ----

    @Test
    void attributesSelectWhatEachResourceShows() {
        Exchange res = scim.get("/Users?attributes=userName,emails.value");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().getInt("totalResults")).isEqualTo(6);
        for (JsonObject user : res.resources()) {
            assertThat(user.keySet()).contains("schemas", "id", "userName")
                    .isSubsetOf("schemas", "id", "userName", "emails");
            if (user.containsKey("emails")) {
                user.getJsonArray("emails").forEach(e -> assertThat(e.asJsonObject().keySet()).containsExactly("value"));
            }
        }
        JsonObject bjensen = byName(res, "bjensen");
        assertThat(bjensen.getJsonArray("emails")).hasSize(2);
        assertThat(byName(res, "mmuster").containsKey("emails")).isFalse();
    }

    @Test
    void excludedAttributesDropThemFromEachResource() {
        Exchange res = scim.get("/Users?excludedAttributes=emails,name.givenName");

        assertThat(res.status()).isEqualTo(200);
        for (JsonObject user : res.resources()) {
            assertThat(user.keySet()).contains("schemas", "id", "userName", "meta").doesNotContain("emails", "password");
            if (user.containsKey("name")) {
                assertThat(user.getJsonObject("name").keySet()).containsExactly("familyName");
            }
        }
        assertThat(byName(res, "bjensen").getString("title")).isEqualTo("Tour Guide");
    }

    @Test
    void urnQualifiedAttributesSelectAcrossSchemas() {
        Exchange res = scim.get("/Users?filter=" + encode("userName eq \"bjensen\"") + "&attributes="
                + encode(EMPLOYEE_NUMBER + ",urn:ietf:params:scim:schemas:core:2.0:User:name.familyName"));

        assertThat(res.status()).isEqualTo(200);
        JsonObject user = res.resources().getFirst();
        assertThat(user.keySet()).containsExactlyInAnyOrder("schemas", "id", "name", ENTERPRISE_USER);
        assertThat(user.getJsonObject("name").keySet()).containsExactly("familyName");
        assertThat(user.getJsonObject(ENTERPRISE_USER).keySet()).containsExactly("employeeNumber");
        assertThat(strings(user, "schemas")).contains(ENTERPRISE_USER);
    }

    @Test
    void excludingAnExtensionAttributeByUrn() {
        Exchange res = scim.get("/Users?filter=" + encode("userName eq \"bjensen\"") + "&excludedAttributes="
                + encode(EMPLOYEE_NUMBER));

        JsonObject user = res.resources().getFirst();
        assertThat(user.getJsonObject(ENTERPRISE_USER).keySet()).containsExactly("manager");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/Users", "/v2/Users", "/", "/v2"})
    void attributesAndExcludedAttributesTogetherAreInvalidValue(String path) {
        Exchange res = scim.get(path + "?attributes=userName&excludedAttributes=emails");

        res.assertError(400, "invalidValue");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"attributes=password", "attributes=userName,password", "excludedAttributes=emails",
            "attributes=id", "excludedAttributes=id,schemas,password"})
    void idAndSchemasAlwaysShowAndPasswordNever(String projection) {
        Exchange res = scim.get("/Users?" + projection);

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.resources()).hasSize(6);
        for (JsonObject user : res.resources()) {
            assertThat(user.keySet()).contains("id", "schemas").doesNotContain("password");
        }
        assertThat(res.body()).doesNotContain("secret-1", "secret-2");
    }

    // ---- helpers ----

    /** A 200 ListResponse holding exactly these users (every match on one page), in creation order. */
    private static void assertMatches(Exchange res, String expectedNames) {
        assertThat(res.status()).as("status of %s", res.body()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith(SCIM_JSON);
        JsonObject list = res.json();
        assertThat(strings(list, "schemas")).containsExactly(LIST_RESPONSE);
        List<String> expected = nameList(expectedNames).stream()
                .sorted(Comparator.comparingInt(USER_NAMES::indexOf))
                .toList();
        assertThat(list.getInt("totalResults")).as("totalResults of %s", res.body()).isEqualTo(expected.size());
        assertThat(list.getInt("itemsPerPage")).isEqualTo(expected.size());
        assertThat(list.getInt("startIndex")).isEqualTo(1);
        assertThat(seeded.names(res)).containsExactlyElementsOf(expected);
        assertThat(res.resources().stream().map(r -> r.getString("id")).toList())
                .containsExactlyInAnyOrderElementsOf(seeded.userIds(expectedNames));
        for (JsonObject user : res.resources()) {
            assertThat(user.getString("userName")).isEqualTo(seeded.nameOf(user.getString("id")));
            assertThat(user.containsKey("password")).isFalse();
            assertThat(user.getJsonObject("meta").getString("location")).endsWith("/Users/" + user.getString("id"));
        }
    }

    private static List<?> resourcesOrEmpty(JsonObject list) {
        return list.containsKey("Resources") ? list.getJsonArray("Resources") : List.of();
    }

    private static JsonObject byName(Exchange res, String userName) {
        return res.resources().stream()
                .filter(r -> r.getString("id").equals(seeded.user(userName)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(userName + " not in " + res.body()));
    }
}
