package dev.scimserver.store.jdbc;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.query.SortSpec;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The rules around the translation: client text only ever travels as a parameter and matches
 * literally in LIKE; what FilterCompiler refuses, FilterSql refuses too; searches across types
 * treat an attribute a type lacks as matching nothing.
 */
class SqlFilterRulesTest {
    private static final ResourceType USER = SqlFixtures.USER;
    private static final ResourceType GROUP = SqlFixtures.GROUP;

    private static SqlSearches database;
    private static InMemoryBackend memory;

    @BeforeAll
    static void fill() throws SQLException {
        database = new SqlSearches();
        memory = new InMemoryBackend();
        SqlFixtures.fill(database, memory);
    }

    @AfterAll
    static void close() throws SQLException {
        database.close();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName co "%"              | u-wild
            userName co "_"              | u-wild
            userName sw "50%_"           | u-wild
            userName co "\\\\"           | u-wild
            userName co "%\\\\"          | -
            userName sw "5_%"            | -
            title co "_"                 | u-wild
            title eq "a_b"               | u-wild
            title eq "a%"                | -
            emails.value co "t%@"        | u-wild
            emails.value sw "under_"     | u-wild
            emails.value sw "under%"     | -
            displayName ew "0%"          | u-wild
            """)
    void likeWildcardsInAValueMatchOnlyThemselves(String filter, String expected) throws SQLException {
        List<String> ids = expected.equals("-") ? List.of() : List.of(expected.split(" "));

        assertThat(database.search(query(USER, filter, false), false).ids()).containsExactlyElementsOf(ids);
        assertThat(memory.search(query(USER, filter, false)).resources()).extracting(StoredResource::id).containsExactlyElementsOf(ids);
    }

    @Test
    void groupNamesWithWildcardsToo() throws SQLException {
        assertThat(database.search(query(GROUP, "displayName co \"% _\"", false), true).ids()).containsExactly("grp-wild");
        // Everyone lists u-wild with its userName as display
        assertThat(database.search(query(GROUP, "members.display co \"%_\"", false), true).ids()).containsExactly("grp-all", "grp-wild");
    }

    @Test
    void aPatternEscapesItsEscapeCharacterAndBothWildcards() {
        assertThat(ValueComparison.escapeLike("50%_off\\x")).isEqualTo("50\\%\\_off\\\\x");
        assertThat(ValueComparison.escapeLike("plain")).isEqualTo("plain");
    }

    @Test
    void clientTextIsAlwaysAParameterNeverSql() {
        String hostile = "x' or '1'='1"; // lower case: userName compares folded
        SearchSql sql = SearchSql.of(query(USER, "userName eq \"" + hostile + "\" or emails[value co \"" + hostile + "\"]", false),
                SqlDialect.H2, false);

        assertThat(sql.page("r.id").sql()).doesNotContain("1'='1").contains("?");
        assertThat(sql.page("r.id").parameters()).contains(hostile, "%" + hostile + "%");
        assertThat(sql.count().parameters()).startsWith("User");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"userName eq 1", "userName gt true", "active gt true", "active eq \"yes\"", "meta.created eq \"soon\"",
            "meta.created gt 5", "x509Certificates.value co \"x\"", "password eq \"x\"", "nope eq \"x\"", "name eq \"x\"",
            "userName[value eq \"x\"]", "emails[nope eq \"x\"]", "emails[type.value eq \"x\"]", "title lt null",
            "emails.value[value eq \"x\"]"})
    void whatTheCompilerRefusesTheSqlRefusesAlike(String filter) {
        Filter parsed = ScimFilters.parseFilter(filter);
        ScimException compiled = catchThrowableOfType(ScimException.class, () -> FilterCompiler.compile(parsed, USER));
        SearchQuery unchecked = new SearchQuery(USER, parsed, CompiledFilter.ALL, null, false, 1, 10);

        assertThat(compiled).isNotNull();
        assertThatThrownBy(() -> FilterSql.where(unchecked, SqlDialect.H2, false))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(compiled.status());
                    assertThat(e.scimType()).isEqualTo(compiled.scimType());
                });
    }

    @Test
    void acrossTypesAnAttributeTheTypeLacksMatchesNothing() throws SQLException {
        for (String filter : List.of("userName eq \"bjensen\" or displayName eq \"Admins\"", "not (userName pr)",
                "emails[type eq \"work\"] or members.value eq \"u-boss\"")) {
            SearchQuery query = query(GROUP, filter, true);
            assertThat(database.search(query, true).ids())
                    .as(filter)
                    .isNotEmpty()
                    .containsExactlyElementsOf(memory.search(query).resources().stream().map(StoredResource::id).toList());
        }
    }

    @Test
    void acrossTypesASortKeyTheTypeLacksLeavesTheOrderById() throws SQLException {
        SearchQuery query = new SearchQuery(GROUP, null, CompiledFilter.ALL, SortSpec.of("userName", "descending"), true, 1, 100);

        assertThat(database.search(query, true).ids())
                .containsExactlyElementsOf(memory.search(query).resources().stream().map(StoredResource::id).toList())
                .startsWith("GRP-nested", "grp-admins");
    }

    private static SearchQuery query(ResourceType type, String filter, boolean acrossTypes) {
        Filter parsed = ScimFilters.parseFilter(filter);
        CompiledFilter compiled = acrossTypes ? FilterCompiler.compileAcrossTypes(parsed, type) : FilterCompiler.compile(parsed, type);
        return new SearchQuery(type, parsed, compiled, null, acrossTypes, 1, 100);
    }
}
