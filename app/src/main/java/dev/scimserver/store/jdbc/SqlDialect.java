package dev.scimserver.store.jdbc;

import java.util.List;

/**
 * What differs between the databases the JDBC backend runs on. The SQL the search translation
 * writes is otherwise standard: EXISTS sub-queries, LIKE … ESCAPE, NULLS FIRST/LAST and
 * {@code OFFSET ? ROWS FETCH NEXT ? ROWS ONLY}, which H2 and PostgreSQL both accept.
 */
public interface SqlDialect {

    /**
     * H2: strings compare and sort by UTF-16 code units out of the box, as Java's String.compareTo
     * does; one process has the database, and SHUTDOWN writes everything out and frees the file.
     */
    SqlDialect H2 = new Known("H2", "%s", "SET QUERY_TIMEOUT %d", "db/migration",
            List.of("V1__resources.sql", "V2__value_element_index.sql", "V3__version_length.sql"), null, null, "SHUTDOWN",
            false);

    /**
     * PostgreSQL: its default collation orders by the locale (a &lt; B &lt; b), so the text columns
     * are {@code COLLATE "C"} and ordered comparisons say so too: "C" orders by code point, which is
     * Java's order except between characters beyond U+FFFF and U+E000..U+FFFF (docs/POSTGRESQL.md).
     * Servers that start together migrate one after the other, under one advisory lock key.
     */
    SqlDialect POSTGRESQL = new Known("PostgreSQL", "%s COLLATE \"C\"", "SET statement_timeout = %d", "db/postgresql",
            List.of("V1__resources.sql"), "SELECT pg_advisory_lock(7643)", "SELECT pg_advisory_unlock(7643)", null, true);

    /** A dialect as its statements: {@code ordered} and {@code timeout} are format patterns. */
    record Known(String name, String ordered, String timeout, String migrationFolder, List<String> migrations,
                 String migrationLock, String migrationUnlock, String shutdown, boolean pageKeysFirst)
            implements SqlDialect {
        @Override
        public String ordered(String stringExpression) {
            return String.format(ordered, stringExpression);
        }

        @Override
        public String queryTimeout(long millis) {
            return String.format(timeout, millis);
        }
    }

    /** The dialect of a JDBC URL; null for a database this build does not speak. */
    static SqlDialect of(String url) {
        if (url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return H2;
        }
        if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            return POSTGRESQL;
        }
        return null;
    }

    /** The database's name, for messages. */
    String name();

    /**
     * The string expression as ordered comparisons ({@code gt}, {@code lt}, sorting) must see it: by
     * code units, exactly as the in-memory evaluator's String.compareTo, never by a locale's rules.
     */
    String ordered(String stringExpression);

    /**
     * The statement that stops every later statement of the connection that runs longer than
     * {@code millis} milliseconds (0: no limit). A stopped statement fails with SQLSTATE 57014.
     */
    String queryTimeout(long millis);

    /** The class-path folder of this database's migrations. */
    String migrationFolder();

    /** The migration scripts in {@link #migrationFolder()}, in order; a released one is never edited. */
    List<String> migrations();

    /** The statement that waits until no other server migrates this database; null where one process has it. */
    default String migrationLock() {
        return null;
    }

    /** The statement that ends {@link #migrationLock()}. */
    default String migrationUnlock() {
        return null;
    }

    /** The statement that closes the database at the server's stop; null where closing the connections is all. */
    default String shutdown() {
        return null;
    }

    /**
     * Whether a page finds its keys first and reads only their rows ({@link SearchSql#page}): on
     * PostgreSQL the keys of a deep page come from an index-only scan of {@code (resource_type, pk)},
     * where reading every skipped row's body made paging through 100,000 users twice as slow. (H2 has
     * no such index: with it, H2 counted filtered searches through it, see {@link SortSql}.)
     */
    default boolean pageKeysFirst() {
        return false;
    }
}
