package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database transaction on a pooled connection: {@link #commit()} makes it durable; closing it
 * without a commit rolls it back, so an exception anywhere in a request leaves nothing half-written
 * (a statement stopped by the query timeout included).
 */
final class Transaction implements AutoCloseable {
    private final ConnectionPool pool;
    private final Connection connection;
    private final boolean unlimited;
    private boolean done;
    private boolean healthy = true;

    /** A transaction of a request: each of its statements may run as long as the query timeout. */
    Transaction(ConnectionPool pool) throws SQLException {
        this(pool, false);
    }

    private Transaction(ConnectionPool pool, boolean unlimited) throws SQLException {
        this.pool = pool;
        this.connection = pool.take();
        this.unlimited = unlimited;
        if (unlimited) {
            try {
                pool.liftLimit(connection);
            } catch (SQLException e) {
                pool.give(connection, false);
                throw e;
            }
        }
    }

    /**
     * A transaction that no client is waiting on, whose statements may take as long as they need:
     * migrations at start, the dump at exit, the emptiness check before a restore.
     */
    static Transaction unlimited(ConnectionPool pool) throws SQLException {
        return new Transaction(pool, true);
    }

    Connection connection() {
        return connection;
    }

    void commit() throws SQLException {
        try {
            connection.commit();
            done = true;
        } catch (SQLException e) {
            healthy = false;
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (!done) {
                connection.rollback();
            }
            if (unlimited) {
                pool.restoreLimit(connection);
            }
        } catch (SQLException e) {
            healthy = false;
        } finally {
            pool.give(connection, healthy);
        }
    }
}
