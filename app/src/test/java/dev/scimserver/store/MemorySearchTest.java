package dev.scimserver.store;

import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.query.SortSpec;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InMemoryBackend#search} with the equality indexes of {@link IndexPlan#of} against the same
 * data in a backend without indexes (every search scans): an index may only make a search faster,
 * never change its answer, including after renames, case changes and deletes.
 */
class MemorySearchTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private final InMemoryBackend indexed = new InMemoryBackend(IndexPlan.of(REGISTRY));
    private final InMemoryBackend scanning = new InMemoryBackend();
    private int created;

    @BeforeEach
    void seed() {
        // ids deliberately not in creation order, so an index's set order cannot pass for creation order
        createUser("u9", "BJensen", "Ext-1", "bjensen@example.com", "shared@example.com");
        createUser("u1", "jsmith", "ext-1", "jsmith@example.com", "SHARED@example.com");
        createUser("u5", "adoe", null, "adoe@example.com");
        createUser("u3", "mmuster", "EXT-2", "shared@example.com");
        createUser("u7", "zed", null);
        createGroup("g2", "Admins", "u9", "u1");
        createGroup("g1", "Everyone", "u9", "u1", "u5", "u3", "u7");
    }

    @Test
    void thePlanIndexesTheWellKnownAttributesOfEachType() {
        IndexPlan plan = IndexPlan.of(REGISTRY);

        // id is answered by the resources kept by id, not by an index of its own (see "id eq" below).
        assertThat(plan.paths("User").stream().map(ResolvedPath::key))
                .contains("externalid", "username", "displayname", "emails.value")
                .doesNotContain("id")
                .doesNotHaveDuplicates();
        assertThat(plan.paths("Group").stream().map(ResolvedPath::key))
                .contains("externalid", "displayname", "members.value")
                .doesNotContain("id", "username", "emails.value");
        assertThat(plan.paths("Nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq "bjensen"                                    | u9
            userName eq "BJENSEN"                                    | u9
            USERNAME eq "jSmith"                                     | u1
            userName eq "nobody"                                     | -
            id eq "u5"                                               | u5
            id eq "U5"                                               | -
            externalId eq "Ext-1"                                    | u9
            externalId eq "ext-1"                                    | u1
            externalId eq "EXT-1"                                    | -
            emails.value eq "shared@example.com"                     | u9 u1 u3
            emails eq "Shared@Example.com"                           | u9 u1 u3
            emails[value eq "SHARED@example.com"]                    | u9 u1 u3
            emails[value eq "shared@example.com" and type eq "work"] | u9 u1 u3
            emails[value eq "shared@example.com" and type eq "home"] | -
            emails.value eq "shared@example.com" and userName sw "j" | u1
            emails.value eq "shared@example.com" and userName eq "mmuster" | u3
            userName eq "zed" and emails.value eq "shared@example.com" | -
            userName eq "bjensen" or userName eq "zed"               | u9 u7
            not (userName eq "bjensen")                              | u1 u5 u3 u7
            emails.value ne "shared@example.com"                     | u9 u1 u5
            userName pr                                              | u9 u1 u5 u3 u7
            emails.type eq "work"                                    | u9 u1 u5 u3
            """)
    void anIndexedSearchFindsWhatAScanFinds(String filter, String expectedIds) {
        List<String> expected = ids(expectedIds);

        SearchPage fromIndex = search(indexed, USER, filter, null, 1, 100);
        SearchPage fromScan = search(scanning, USER, filter, null, 1, 100);

        assertThat(ids(fromIndex)).as("indexed").containsExactlyElementsOf(expected); // creation order
        assertThat(ids(fromScan)).as("scan").containsExactlyElementsOf(expected);
        assertThat(fromIndex.totalResults()).isEqualTo(expected.size());
        assertThat(fromScan.totalResults()).isEqualTo(expected.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"members.value eq \"u1\"", "members.value eq \"U1\"", "members eq \"u5\"",
            "members[value eq \"u9\"]", "displayName eq \"admins\"", "members.value eq \"u9\" and displayName sw \"E\""})
    void indexedGroupSearchesFindWhatAScanFinds(String filter) {
        assertThat(ids(search(indexed, GROUP, filter, null, 1, 100)))
                .isNotEmpty()
                .containsExactlyElementsOf(ids(search(scanning, GROUP, filter, null, 1, 100)));
    }

    @Test
    void indexedMatchesComeInCreationOrderAndCanBeSorted() {
        assertThat(ids(search(indexed, USER, "emails.value eq \"shared@example.com\"", null, 1, 100)))
                .containsExactly("u9", "u1", "u3");
        assertThat(ids(search(indexed, USER, "emails.value eq \"shared@example.com\"", SortSpec.of("userName", "descending"), 1, 100)))
                .containsExactly("u3", "u1", "u9");
        assertThat(ids(search(indexed, USER, "emails.value eq \"shared@example.com\"", SortSpec.of("userName", null), 2, 1)))
                .containsExactly("u1");
    }

    @Test
    void afterARenameTheIndexNoLongerFindsTheOldValue() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            backend.update("User", "u1", current -> user("u1", current, "john.smith", "ext-1", "jsmith@example.com"));
        }

        assertBoth(USER, "userName eq \"jsmith\"", "-");
        assertBoth(USER, "userName eq \"John.Smith\"", "u1");
        // its old address is gone, the others still have it
        assertBoth(USER, "emails.value eq \"shared@example.com\"", "u9 u3");
        assertBoth(USER, "emails.value eq \"jsmith@example.com\"", "u1");
    }

    @Test
    void aChangeOfCaseKeepsMatchingCaseInsensitively() {
        for (String newName : List.of("bjensen", "BJENSEN", "bJensen")) {
            for (InMemoryBackend backend : List.of(indexed, scanning)) {
                backend.update("User", "u9", current -> user("u9", current, newName, "Ext-1", "BJensen@Example.COM",
                        "shared@example.com"));
            }

            for (String filter : List.of("userName eq \"bjensen\"", "userName eq \"BJensen\"", "userName eq \"" + newName + "\"",
                    "emails.value eq \"bjensen@example.com\"")) {
                assertBoth(USER, filter, "u9");
            }
        }
    }

    @Test
    void aCaseExactValueChangingCaseIsFoundOnlyUnderItsNewSpelling() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            backend.update("User", "u9", current -> user("u9", current, "BJensen", "EXT-1", "bjensen@example.com"));
        }

        assertBoth(USER, "externalId eq \"Ext-1\"", "-");
        assertBoth(USER, "externalId eq \"EXT-1\"", "u9");
        assertBoth(USER, "externalId eq \"ext-1\"", "u1");
    }

    @Test
    void anUpdateThatKeepsAValueKeepsItFindable() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            // a second address differing only in case: dropping one spelling must not drop the entry
            backend.update("User", "u3", current -> user("u3", current, "mmuster", "EXT-2", "SHARED@EXAMPLE.COM", "max@example.com"));
        }

        assertBoth(USER, "emails.value eq \"shared@example.com\"", "u9 u1 u3");
        assertBoth(USER, "userName eq \"mmuster\"", "u3");
        assertBoth(USER, "emails eq \"max@example.com\"", "u3");
    }

    @Test
    void afterADeleteTheIndexNoLongerFindsTheResource() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            backend.delete("User", "u9", current -> { });
            backend.delete("Group", "g2", current -> { });
        }

        assertBoth(USER, "userName eq \"bjensen\"", "-");
        assertBoth(USER, "id eq \"u9\"", "-");
        assertBoth(USER, "emails.value eq \"shared@example.com\"", "u1 u3");
        assertBoth(GROUP, "displayName eq \"Admins\"", "-");
        assertBoth(GROUP, "members.value eq \"u1\"", "g1");
    }

    @Test
    void aResourceCreatedAgainAfterADeleteIsFoundOnce() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            backend.delete("User", "u5", current -> { });
        }
        createUser("u5", "adoe", null, "adoe@example.com");

        assertBoth(USER, "userName eq \"adoe\"", "u5");
        assertBoth(USER, "emails.value eq \"adoe@example.com\" or userName eq \"adoe\"", "u5");
    }

    @Test
    void aMemberRemovedFromAGroupIsNoLongerFoundThere() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            backend.update("Group", "g2", current -> group("g2", "Admins", 5, "u9"));
        }

        assertBoth(GROUP, "members.value eq \"u1\"", "g1");
        assertBoth(GROUP, "members.value eq \"u9\"", "g2 g1");
    }

    @ParameterizedTest(name = "filter ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                     | 5
            userName eq "bjensen"                  | 1
            emails.value eq "shared@example.com"   | 3
            userName sw "j"                        | 1
            userName pr                            | 5
            """)
    void aStartIndexBeyondTheMatchesIsAnEmptyPageWithTheRightTotal(String filter, int total) {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            for (SortSpec sort : new SortSpec[] {null, SortSpec.of("userName", "descending")}) {
                for (int startIndex : new int[] {total + 1, total + 10, Integer.MAX_VALUE}) {
                    SearchPage page = search(backend, USER, filter.isEmpty() ? null : filter, sort, startIndex, 10);

                    assertThat(page.resources()).isEmpty();
                    assertThat(page.totalResults()).isEqualTo(total);
                }
                SearchPage last = search(backend, USER, filter.isEmpty() ? null : filter, sort, total, 10);
                assertThat(last.resources()).hasSize(1);
                assertThat(last.totalResults()).isEqualTo(total);
            }
        }
    }

    @Test
    void aCountOfZeroGivesOnlyTheTotal() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            for (String filter : new String[] {null, "userName eq \"zed\"", "userName pr"}) {
                SearchPage page = search(backend, USER, filter, null, 1, 0);
                assertThat(page.resources()).isEmpty();
                assertThat(page.totalResults()).isEqualTo(filter == null || filter.endsWith("pr") ? 5 : 1);
            }
        }
    }

    @Test
    void pagesOfAnUnfilteredListFollowCreationOrder() {
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            List<String> seen = new ArrayList<>();
            for (int start = 1; start <= 5; start += 2) {
                SearchPage page = search(backend, USER, null, null, start, 2);
                assertThat(page.totalResults()).isEqualTo(5);
                seen.addAll(ids(page));
            }
            assertThat(seen).containsExactly("u9", "u1", "u5", "u3", "u7");
        }
    }

    @Test
    void searchesAcrossTypesUseTheIndexesOfEachType() {
        String filter = "userName eq \"zed\" or displayName eq \"admins\"";
        Filter parsed = ScimFilters.parseFilter(filter);
        for (InMemoryBackend backend : List.of(indexed, scanning)) {
            SearchPage users = backend.search(new SearchQuery(USER, parsed, FilterCompiler.compileAcrossTypes(parsed, USER),
                    null, true, 1, Integer.MAX_VALUE));
            SearchPage groups = backend.search(new SearchQuery(GROUP, parsed, FilterCompiler.compileAcrossTypes(parsed, GROUP),
                    null, true, 1, Integer.MAX_VALUE));

            assertThat(ids(users)).containsExactly("u7");
            assertThat(ids(groups)).containsExactly("g2");
        }
        String both = "userName eq \"zed\" and displayName eq \"admins\"";
        Filter parsedBoth = ScimFilters.parseFilter(both);
        assertThat(indexed.search(new SearchQuery(GROUP, parsedBoth, FilterCompiler.compileAcrossTypes(parsedBoth, GROUP),
                null, true, 1, 100)).totalResults()).isZero();
    }

    @Test
    void aTypeWithNoResourcesFindsNothing() {
        InMemoryBackend empty = new InMemoryBackend(IndexPlan.of(REGISTRY));

        for (String filter : new String[] {null, "userName eq \"x\"", "userName pr"}) {
            SearchPage page = search(empty, USER, filter, SortSpec.of("userName", null), 1, 10);
            assertThat(page.totalResults()).isZero();
            assertThat(page.resources()).isEmpty();
        }
    }

    // ---- helpers ----

    private void assertBoth(ResourceType type, String filter, String expectedIds) {
        List<String> expected = ids(expectedIds);
        assertThat(ids(search(indexed, type, filter, null, 1, 100))).as("indexed: %s", filter).containsExactlyElementsOf(expected);
        assertThat(ids(search(scanning, type, filter, null, 1, 100))).as("scan: %s", filter).containsExactlyElementsOf(expected);
        assertThat(search(indexed, type, filter, null, 1, 100).totalResults()).isEqualTo(expected.size());
    }

    private static SearchPage search(InMemoryBackend backend, ResourceType type, String filter, SortSpec sort,
                                     int startIndex, int count) {
        Filter parsed = filter == null ? null : ScimFilters.parseFilter(filter);
        CompiledFilter compiled = parsed == null ? CompiledFilter.ALL : FilterCompiler.compile(parsed, type);
        if (sort != null) {
            sort.keyFor(type, false);
        }
        return backend.search(new SearchQuery(type, parsed, compiled, sort, false, startIndex, count));
    }

    private void createUser(String id, String userName, String externalId, String... emails) {
        StoredResource resource = user(id, T0.plusSeconds(created++), userName, externalId, emails);
        indexed.create(resource);
        scanning.create(resource);
    }

    private void createGroup(String id, String displayName, String... members) {
        StoredResource resource = group(id, displayName, created++, members);
        indexed.create(resource);
        scanning.create(resource);
    }

    /** The next version of a user: same id and creation time, new values. */
    private static StoredResource user(String id, StoredResource current, String userName, String externalId, String... emails) {
        Instant createdAt = Instant.parse(current.body().getJsonObject("meta").getString("created"));
        return user(id, createdAt, userName, externalId, emails);
    }

    private static StoredResource user(String id, Instant createdAt, String userName, String externalId, String... emails) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("id", id)
                .add("userName", userName);
        if (externalId != null) {
            body.add("externalId", externalId);
        }
        if (emails.length > 0) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (String email : emails) {
                array.add(Json.createObjectBuilder().add("value", email).add("type", "work"));
            }
            body.add("emails", array);
        }
        body.add("meta", meta("User", createdAt));
        return new StoredResource("User", id, body.build(), Set.of());
    }

    private static StoredResource group(String id, String displayName, int second, String... members) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String member : members) {
            array.add(Json.createObjectBuilder().add("value", member));
        }
        JsonObject body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("id", id)
                .add("displayName", displayName)
                .add("members", array)
                .add("meta", meta("Group", T0.plusSeconds(second)))
                .build();
        return new StoredResource("Group", id, body, Set.of());
    }

    private static JsonObjectBuilder meta(String type, Instant createdAt) {
        return Json.createObjectBuilder()
                .add("resourceType", type)
                .add("created", createdAt.toString())
                .add("lastModified", createdAt.toString());
    }

    private static List<String> ids(SearchPage page) {
        return page.resources().stream().map(StoredResource::id).toList();
    }

    private static List<String> ids(String text) {
        return text == null || text.isBlank() || text.trim().equals("-") ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
