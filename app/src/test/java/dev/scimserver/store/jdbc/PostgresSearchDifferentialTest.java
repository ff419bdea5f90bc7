package dev.scimserver.store.jdbc;

import dev.scimserver.query.SortSpec;
import dev.scimserver.store.StoredResource;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL search against the in-memory one, on a real PostgreSQL server ({@code TestPostgres}). */
class PostgresSearchDifferentialTest extends SqlSearchDifferentialTest {
    /**
     * PostgreSQL's "C" collation orders by code point; Java (and H2) by UTF-16 code unit. The two
     * differ only between characters beyond U+FFFF (an emoji) and those of U+E000..U+FFFF (here the
     * fullwidth "ｗ", U+FF57): docs/POSTGRESQL.md says so, and this test proves PostgreSQL's answer.
     */
    private static final String EMOJI_AGAINST_FULLWIDTH = "userName lt \"ｗ\"";

    @Override
    SqlSearches open() throws SQLException {
        return SqlSearches.postgres();
    }

    @Override
    Set<String> deviations() {
        return Set.of(EMOJI_AGAINST_FULLWIDTH);
    }

    @Test
    void anEmojiSortsAfterTheFullwidthFormsByCodePoint() throws SQLException {
        SortSpec byUserName = SortSpec.of("userName", "ascending");
        var memory = memorySearch(SqlFixtures.USER, EMOJI_AGAINST_FULLWIDTH, byUserName, 1, 1000);
        var database = databaseSearch(SqlFixtures.USER, EMOJI_AGAINST_FULLWIDTH, byUserName, 1, 1000);
        var memoryIds = memory.resources().stream().map(StoredResource::id).toList();
        assertThat(memoryIds).as("UTF-16 order: the emoji's surrogates come before U+FF57").contains("u-emoji");
        assertThat(database.ids()).as("code point order: U+1F600 comes after U+FF57")
                .doesNotContain("u-emoji")
                .containsExactlyElementsOf(memoryIds.stream().filter(id -> !id.equals("u-emoji")).toList());
    }
}
