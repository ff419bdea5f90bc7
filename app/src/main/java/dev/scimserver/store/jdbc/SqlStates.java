package dev.scimserver.store.jdbc;

import java.sql.SQLException;

/** What an SQL error means, by its SQLSTATE (the same class codes in H2 and PostgreSQL). */
final class SqlStates {
    private SqlStates() {
    }

    /** A unique or primary key constraint refused a row: SQLSTATE 23505. */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if ("23505".equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
