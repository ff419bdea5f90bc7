package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's {@code pg_trgm}: with it, {@code co} and {@code ew} on case-insensitive text
 * ({@code str_ci LIKE '%…%'}) are answered by a trigram index instead of a scan of every value of
 * the attribute. The extension is optional: creating it needs a database where it is installed and
 * the right to create it (PostgreSQL 13 and later let a database's owner create trusted extensions
 * such as this one). Tried at every start, so a database that gets it later gets the index then.
 */
final class Trigrams {
    static final String INDEX = "scim_value_str_ci_trgm";

    private Trigrams() {
    }

    /** Creates the extension and the index where it can; the connection has auto-commit off. */
    static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback(); // not installed, or not ours to create: co and ew scan
        }
        if (!operatorClassVisible(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX IF NOT EXISTS " + INDEX + " ON scim_value USING gin (str_ci gin_trgm_ops)");
        }
        connection.commit();
    }

    /** Whether the trigram index is there: what the start reports, and the docs explain. */
    static boolean indexed(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_indexes WHERE indexname = '" + INDEX
                     + "' AND schemaname = current_schema()")) {
            return rows.next();
        }
    }

    private static boolean operatorClassVisible(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT 1 FROM pg_opclass WHERE opcname = 'gin_trgm_ops' AND pg_opclass_is_visible(oid)")) {
            boolean visible = rows.next();
            connection.commit();
            return visible;
        }
    }
}
