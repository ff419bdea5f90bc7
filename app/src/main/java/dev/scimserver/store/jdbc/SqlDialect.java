package dev.scimserver.store.jdbc;

/**
 * What differs between the databases the JDBC backend runs on. The SQL the search translation
 * writes is otherwise standard: EXISTS sub-queries, LIKE … ESCAPE, NULLS FIRST/LAST and
 * {@code OFFSET ? ROWS FETCH NEXT ? ROWS ONLY}, which H2 and PostgreSQL both accept.
 */
public interface SqlDialect {

    /** H2: strings compare and sort by UTF-16 code units out of the box, as Java's String.compareTo does. */
    SqlDialect H2 = new SqlDialect() {
        @Override
        public String ordered(String stringExpression) {
            return stringExpression;
        }

        @Override
        public String queryTimeout(long millis) {
            return "SET QUERY_TIMEOUT " + millis;
        }
    };

    /*
     * PostgreSQL would be: expression -> expression + " COLLATE \"C\"". Its default collation orders by
     * the locale (a < B < b), so gt/lt and sorting would disagree with the in-memory evaluator; "C"
     * orders by code point, which equals Java's order except between surrogate pairs and U+E000..U+FFFF.
     * Also note: NUMERIC without precision keeps every digit there (in H2 it rounds to scale 0 unless
     * MODE=PostgreSQL), and TIMESTAMP WITH TIME ZONE keeps microseconds in both. Its query timeout
     * would be "SET statement_timeout = " + millis.
     */

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
}
