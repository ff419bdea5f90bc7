package dev.scimserver.store.jdbc;

import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.query.SortSpec;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL search against the in-memory one on the same Users and Groups: for every filter, sort and
 * page, the ids SQL returns, in order, and the total must be exactly what InMemoryBackend.search
 * (FilterCompiler's predicate, SortSpec's order) returns.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class SqlSearchDifferentialTest {
    private static final ResourceType USER = SqlFixtures.USER;
    private static final ResourceType GROUP = SqlFixtures.GROUP;
    private static final String EXT = SqlFixtures.ENTERPRISE;

    private static SqlSearches database;
    private static InMemoryBackend memory;
    private static int userCount;

    /** The database the SQL runs on: H2 here, PostgreSQL in {@link PostgresSearchDifferentialTest}. */
    SqlSearches open() throws SQLException {
        return new SqlSearches();
    }

    @BeforeAll
    void fill() throws SQLException {
        database = open();
        deviations = deviations();
        memory = new InMemoryBackend();
        userCount = SqlFixtures.users().size();
        SqlFixtures.fill(database, memory);
    }

    @AfterAll
    void close() throws SQLException {
        database.close();
    }

    static Stream<String> userFilters() {
        return Stream.of(
                // strings, case-insensitive: every operator
                "userName eq \"bjensen\"", "USERNAME eq \"BJENSEN\"", "userName ne \"bjensen\"", "userName co \"ser1\"",
                "userName sw \"user0\"", "userName ew \".ü\"", "userName ew \".Ü\"", "userName gt \"user20\"",
                "userName ge \"user20\"", "userName lt \"jsmith\"", "userName le \"jsmith\"", "userName gt \"Z\"",
                "userName lt \"ä\"", "userName eq \"ärger\"", "userName eq \"ÄRGER\"", "userName co \"😀\"",
                "userName gt \"😀\"", "userName lt \"ｗ\"", "title eq \"tour guide\"", "title co \"GUIDE\"",
                "title ne \"Engineer\"", "title sw \"engineer \"", "title eq \"straße\"", "title eq \"STRASSE\"",
                "displayName eq \"ärger\"", "displayName eq \"\"", "displayName ne \"\"", "displayName co \"\"",
                "displayName sw \"\"", "name.givenName eq \"ilker\"", "name.givenName eq \"i̇lker\"", "name.familyName eq \"\"",
                "name.familyName eq \"müller\"", "name.familyName gt \"m\"", "name.familyName lt \"M\"",
                "name.familyName co \"'\"", "name.formatted pr", "nickName ne \"johnny\"", "nickName pr",
                // caseExact strings and binary
                "id eq \"u-boss\"", "id eq \"U-BOSS\"", "id sw \"G-\"", "id sw \"g-\"", "id gt \"g-20\"", "id lt \"U\"",
                "externalId eq \"Ext-1\"", "externalId eq \"ext-1\"", "externalId co \"X\"", "externalId ne \"x-3\"",
                "x509Certificates.value eq \"TUlJRA==\"", "x509Certificates.value eq \"tuljra==\"", "x509Certificates.value ne \"x\"",
                // booleans
                "active eq true", "active eq false", "active ne true", "active ne false", "active eq \"TRUE\"",
                "not (active eq true)", "emails.primary eq true", "emails.primary eq false", "emails.primary ne true",
                // dateTimes: chronological across zones and without a zone; text for co/sw/ew
                "meta.lastModified eq \"2024-05-01T12:00:00Z\"", "meta.lastModified eq \"2024-05-01T14:00:00+02:00\"",
                "meta.lastModified gt \"2024-05-01T12:00:00Z\"", "meta.lastModified ge \"2024-05-01T12:00:00Z\"",
                "meta.lastModified lt \"2024-05-01T12:00:00Z\"", "meta.lastModified le \"2024-05-01T12:00:00\"",
                "meta.lastModified ne \"2024-05-01T12:00:00Z\"", "meta.lastModified gt \"2024-03-10T00:00:00-05:00\"",
                "meta.lastModified co \"+02:00\"", "meta.lastModified sw \"2024-05\"", "meta.lastModified ew \"Z\"",
                "meta.lastModified co \"date\"", "meta.lastModified pr", "not (meta.lastModified pr)",
                "meta.created ge \"2024-03-01T10:00:20Z\"", "meta.created lt \"2024-03-01T10:00:05Z\"",
                "meta.resourceType eq \"User\"", "meta.resourceType eq \"user\"", "meta.version sw \"W/\"",
                // multi-valued: any value; complex named alone compares its value
                "emails eq \"bjensen@example.com\"", "emails.value eq \"BJENSEN@EXAMPLE.COM\"", "emails.value co \"example.org\"",
                "emails.value ew \".com\"", "emails.value ne \"bjensen@example.com\"", "emails.type eq \"work\"",
                "emails.type ne \"work\"", "emails.value eq \"\"", "emails.display pr", "emails pr", "emails.value pr",
                "not (emails pr)", "not (emails.value pr)", "emails.type eq \"work\" and emails.value co \"home\"",
                "phoneNumbers.value sw \"+1\"", "phoneNumbers pr", "ims.value eq \"SMILE\"", "roles.value eq \"auditor\"",
                "addresses.locality eq \"hollywood\"", "addresses.locality eq \"são paulo\"", "addresses.postalCode gt \"5\"",
                "addresses pr",
                // value paths: one element must satisfy the whole filter
                "emails[type eq \"work\" and value co \"example.com\"]", "emails[type eq \"work\" and primary eq true]",
                "emails[type eq \"home\" or primary eq true]", "emails[not (value pr)]", "emails[not (type eq \"work\")]",
                "emails[value pr and not (primary eq true)]", "emails[primary ne true]", "emails[value eq \"\"]",
                "emails[type eq \"work\"] and emails[type eq \"home\"]", "not (emails[type eq \"work\"])",
                "emails[display pr]", "emails[value ne \"x\"]", "addresses[locality sw \"hol\" and type eq \"work\"]",
                "name[givenName eq \"emma\" and familyName eq \"\"]", "name[not (givenName pr)]",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \"u-boss\"]",
                // absent attributes: no comparison matches, negations do
                "nickName eq \"x\"", "nickName ne \"x\"", "not (nickName eq \"x\")", "not (nickName ne \"x\")",
                "profileUrl pr", "not (title ne \"Engineer\")", "title eq null", "title ne null", "not (title ne null)",
                "emails.value ne null", "active ne null",
                // and / or / not nesting
                "userName sw \"user\" and active eq true", "userName sw \"user\" and (active eq true or title pr)",
                "not (userName sw \"user\") or emails[primary eq true]", "not (not (active eq false))",
                "(title pr or nickName pr) and not (active eq true) and userType eq \"employee\"",
                "userType eq \"Employee\" or userType eq \"Manager\" or userType eq \"Contractor\" or id eq \"u-wild\"",
                "not (userType eq \"Employee\" or active pr)",
                // the enterprise extension, URN-qualified, and the core schema's URN
                EXT + ":employeeNumber eq \"701984\"", EXT + ":employeeNumber gt \"1\"", EXT + ":employeeNumber sw \"0\"",
                EXT + ":employeeNumber pr", "not (" + EXT + ":employeeNumber pr)", EXT + ":department eq \"r&d\"",
                EXT + ":manager.value eq \"u-boss\"", EXT + ":manager.value eq \"U-BOSS\"", EXT + ":manager pr",
                EXT + ":manager.displayName co \"smith\"", EXT + ":organization pr", EXT + ":costCenter ne \"cc-7\"",
                SchemaRegistry.USER + ":userName eq \"zed\"", SchemaRegistry.USER + ":name.familyName sw \"j\"",
                // LIKE wildcards in the value are literal
                "userName co \"%\"", "userName co \"_\"", "userName co \"%_\"", "userName co \"\\\\\"", "title eq \"a_b\"",
                "title co \"_\"", "displayName ew \"%\"", "emails.value sw \"under_\"", "emails.value co \"t%@\"",
                "userName sw \"50%_off\\\\s\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userFilters")
    void aUserFilterFindsWhatTheInMemorySearchFinds(String filter) throws SQLException {
        assertSameAnswer(USER, filter, null, 1, 1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userFilters")
    void aUserFilterSortedByUserNamePagesAlike(String filter) throws SQLException {
        assertSameAnswer(USER, filter, SortSpec.of("userName", "descending"), 2, 5);
    }

    @Test
    void mostFiltersSplitTheUsers() throws SQLException {
        // the differential cases only say something when the answers differ from filter to filter
        long splitting = 0;
        List<String> filters = userFilters().toList();
        for (String filter : filters) {
            int total = search(USER, filter, null, 1, 1000).totalResults();
            if (total > 0 && total < userCount) {
                splitting++;
            }
        }
        assertThat(filters).hasSizeGreaterThan(150);
        assertThat(splitting).isGreaterThan(filters.size() * 8 / 10);
    }

    /**
     * Value paths and sorts over u-many (3,000 emails, one primary in the middle) and u-lots (1,200,
     * no primary) among the others: each test of a value path is tied to one element, and the sort
     * key is the primary element's value (SQL that walked every value once per value took minutes).
     */
    static Stream<String> crowdedFilters() {
        return Stream.of("emails[value sw \"a1\"]", "emails[value sw \"m17\"]", "emails.value sw \"a1\"",
                "emails[type eq \"work\" and value sw \"m1\"]", "emails[value sw \"m1\" and type eq \"home\"]",
                "emails[value co \"99@\" and not (type eq \"work\")]", "emails[primary eq true and value ew \"7@many.example\"]",
                "emails[not (value pr)]", "emails[display eq \"d3\" or value eq \"m2999@many.example\"]",
                "emails[type eq \"other\" and display pr and value co \"77\"]", "emails[value pr and type ne \"work\"]",
                "emails[display pr]", "emails[type eq \"work\"] and emails[type eq \"home\" and value sw \"m29\"]",
                "emails[value eq \"a11@many.example\" and type eq \"home\"]", "emails[value eq \"a11@many.example\" and type eq \"work\"]",
                "emails[(type eq \"home\" or type eq \"other\") and value ew \"00@many.example\"]",
                "emails[value sw \"m\" and primary eq true]", "not (emails[value sw \"m\" and primary ne true])",
                "phoneNumbers[value sw \"+49 1\" and type eq \"home\"]", "phoneNumbers[type eq \"work\" and value eq \"+49 3\"]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crowdedFilters")
    void aValuePathOverAResourceWithThousandsOfValuesFindsWhatTheInMemorySearchFinds(String filter) throws SQLException {
        assertSameAnswer(USER, filter, null, 1, 1000);
        assertSameAnswer(USER, filter, SortSpec.of("emails.value", "descending"), 1, 5);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"emails.value,ascending", "emails.value,descending", "emails.type,descending", "emails.display,ascending",
            "emails.primary,descending", "phoneNumbers.value,ascending", "phoneNumbers.type,descending"})
    void resourcesWithThousandsOfValuesSortByTheirPrimaryOrFirstElement(String sortBy, String sortOrder) throws SQLException {
        SortSpec sort = SortSpec.of(sortBy, sortOrder);
        assertSameAnswer(USER, "emails.value ew \"@many.example\" or userName sw \"user0\"", sort, 1, 1000);
        assertSameAnswer(USER, null, sort, 1, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupFilters")
    void aGroupFilterOnMembersFindsWhatTheInMemorySearchFinds(String filter) throws SQLException {
        assertSameAnswer(GROUP, filter, null, 1, 1000);
    }

    static Stream<String> groupFilters() {
        return Stream.of("members.value eq \"u-boss\"", "members.value eq \"U-BOSS\"", "members eq \"ä-umlaut\"",
                "members.value eq \"Ä-UMLAUT\"", "members.value sw \"u-\"", "members.value co \"%\"", "members.value ne \"u-boss\"",
                "members.value gt \"u\"", "members.type eq \"group\"", "members.type ne \"User\"", "members.display eq \"babs\"",
                "members.display co \"_OFF\"", "members.display pr", "not (members.display pr)", "members.display ne \"x\"",
                "members.display eq null", "members.display ne null", "members pr", "not (members pr)", "members.value pr",
                "members.$ref pr", "members.$ref eq \"x\"",
                "members[value eq \"u-bjensen\" and display eq \"BABS\"]", "members[value eq \"u-boss\" and display pr]",
                "members[not (display pr)]", "members[type eq \"Group\" or display eq \"😀\"]", "members[not (display eq \"x\")]",
                "members[value sw \"ä\" and not (display pr)]", "members[$ref pr]", "members[not ($ref pr)]",
                "displayName eq \"admins\" or members.value eq \"u-wild\"", "displayName co \"%\"", "displayName co \"_\"",
                "externalId eq \"ext-a\"", "meta.version eq \"W/\\\"grp-all\\\"\"", "id lt \"grp-e\"",
                SchemaRegistry.GROUP + ":members.value eq \"u-emoji\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "userName,ascending", "userName,descending", "name.familyName,ascending", "name.familyName,descending",
            "name.givenName,ascending", "emails.value,ascending", "emails.value,descending", "emails,ascending",
            "emails.type,ascending", "emails.type,descending", "emails.primary,ascending", "emails.display,ascending",
            "phoneNumbers.value,descending", "addresses.locality,ascending", "addresses.postalCode,descending",
            "meta.lastModified,ascending", "meta.lastModified,descending", "meta.created,descending", "active,ascending",
            "active,descending", "title,ascending", "title,descending", "externalId,ascending", "externalId,descending",
            "id,ascending", "id,descending", "nickName,ascending", "nickName,descending", "displayName,ascending",
            "x509Certificates.value,ascending", "roles.value,ascending", "userType,descending",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber,ascending",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value,descending",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName,descending"})
    void usersSortAsInMemory(String sortBy, String sortOrder) throws SQLException {
        SortSpec sort = SortSpec.of(sortBy, sortOrder);
        assertSameAnswer(USER, null, sort, 1, 1000);
        assertSameAnswer(USER, "emails pr or active eq true", sort, 1, 1000);
        assertSameAnswer(USER, "userName sw \"user\"", sort, 4, 7);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"members.value,ascending", "members.value,descending", "members.display,ascending", "members.type,descending",
            "displayName,ascending", "externalId,descending", "meta.lastModified,ascending", "members,ascending"})
    void groupsSortAsInMemory(String sortBy, String sortOrder) throws SQLException {
        assertSameAnswer(GROUP, null, SortSpec.of(sortBy, sortOrder), 1, 1000);
        assertSameAnswer(GROUP, "members pr", SortSpec.of(sortBy, sortOrder), 2, 2);
    }

    @ParameterizedTest(name = "startIndex {0} count {1}")
    @CsvSource({"1,10", "1,0", "5,10", "40,10", "44,1", "45,5", "100,10", "1,1000", "2,1"})
    void pagesAreTheSameSliceWithTheSameTotal(int startIndex, int count) throws SQLException {
        assertSameAnswer(USER, null, null, startIndex, count);
        assertSameAnswer(USER, "active pr", null, startIndex, count);
        assertSameAnswer(USER, "emails pr", SortSpec.of("emails.value", "descending"), startIndex, count);
        assertThat(database.search(query(USER, "active pr", null, startIndex, count), false).total())
                .isEqualTo(search(USER, "active pr", null, 1, 1000).resources().size())
                .isPositive();
    }

    /** Filters whose answer the database gives differently, by design; its subclass proves its own answer. */
    private static java.util.Set<String> deviations = java.util.Set.of();

    /** The filters of {@link #userFilters()} this database answers otherwise, as its docs say. */
    java.util.Set<String> deviations() {
        return java.util.Set.of();
    }

    static SearchPage memorySearch(ResourceType type, String filter, SortSpec sort, int startIndex, int count) {
        return memory.search(query(type, filter, sort, startIndex, count));
    }

    static SqlSearches.Page databaseSearch(ResourceType type, String filter, SortSpec sort, int startIndex, int count)
            throws SQLException {
        return database.search(query(type, filter, sort, startIndex, count), type == GROUP);
    }

    private static void assertSameAnswer(ResourceType type, String filter, SortSpec sort, int startIndex, int count) throws SQLException {
        if (filter != null && deviations.contains(filter)) {
            return;
        }
        SearchQuery query = query(type, filter, sort, startIndex, count);
        SearchPage expected = memory.search(query);
        SqlSearches.Page actual = database.search(query, type == GROUP);
        assertThat(actual.ids()).as("%s sorted %s, from %d, %d", filter, sort, startIndex, count)
                .containsExactlyElementsOf(expected.resources().stream().map(StoredResource::id).toList());
        assertThat(actual.total()).as("total of %s", filter).isEqualTo(expected.totalResults());
    }

    private static SearchPage search(ResourceType type, String filter, SortSpec sort, int startIndex, int count) {
        return memory.search(query(type, filter, sort, startIndex, count));
    }

    static SearchQuery query(ResourceType type, String filter, SortSpec sort, int startIndex, int count) {
        Filter parsed = filter == null ? null : ScimFilters.parseFilter(filter);
        CompiledFilter compiled = parsed == null ? CompiledFilter.ALL : FilterCompiler.compile(parsed, type);
        if (sort != null) {
            sort.keyFor(type, false); // refuses what the service refuses
        }
        return new SearchQuery(type, parsed, compiled, sort, false, startIndex, count);
    }

}
