package dev.scimserver.store.jdbc;

import java.sql.SQLException;

/** What an SQL error means, by its SQLSTATE (the same class codes in H2 and PostgreSQL). */
final class SqlStates {
    private SqlStates() {
    }

    /** A unique or primary key constraint refused a row: SQLSTATE 23505. */
    static boolean isUniqueViolation(SQLException e) {
        return has(e, "23505");
    }

    /** The statement ran past the query timeout and was stopped: SQLSTATE 57014 (query_canceled). */
    static boolean isQueryTimeout(SQLException e) {
        return has(e, "57014");
    }

    /** A row lock stayed taken past the lock timeout: H2's SQLSTATE HYT00 (PostgreSQL: 55P03). */
    static boolean isLockTimeout(SQLException e) {
        return has(e, "HYT00") || has(e, "55P03");
    }

    /** The database broke a deadlock by rolling this transaction back: SQLSTATE 40001; it may start over. */
    static boolean isDeadlock(SQLException e) {
        return has(e, "40001") || has(e, "40P01");
    }

    private static boolean has(SQLException e, String state) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (state.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
