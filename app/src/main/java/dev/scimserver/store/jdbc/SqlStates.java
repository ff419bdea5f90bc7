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

    /**
     * The connection broke or none could be had: SQLSTATE class 08 (connection exception), PostgreSQL's
     * 57P01..57P03 (the server shut down or is starting), H2's 90098/90121 (the database was closed),
     * or the pool's own timeout waiting for a connection.
     */
    static boolean isConnectionLost(SQLException e) {
        return any(e, cause -> {
            String state = cause.getSQLState();
            return cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException
                    || (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("90098")
                    || state.equals("90121")));
        });
    }

    /** Text the database refused to store: SQLSTATE 22021 (PostgreSQL: U+0000) or 22P05. */
    static boolean isUnstorableText(SQLException e) {
        return has(e, "22021") || has(e, "22P05");
    }

    private static boolean has(SQLException e, String state) {
        return any(e, cause -> state.equals(cause.getSQLState()));
    }

    /** Whether the exception or one chained after it ({@link SQLException#getNextException}) is so. */
    private static boolean any(SQLException e, java.util.function.Predicate<SQLException> test) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
