package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database transaction on a pooled connection: {@link #commit()} makes it durable; closing it
 * without a commit rolls it back, so an exception anywhere in a request leaves nothing half-written.
 */
final class Transaction implements AutoCloseable {
    private final ConnectionPool pool;
    private final Connection connection;
    private boolean done;
    private boolean healthy = true;

    Transaction(ConnectionPool pool) throws SQLException {
        this.pool = pool;
        this.connection = pool.take();
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
        } catch (SQLException e) {
            healthy = false;
        } finally {
            pool.give(connection, healthy);
        }
    }
}
