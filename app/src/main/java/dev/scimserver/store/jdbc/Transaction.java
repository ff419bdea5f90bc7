package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database transaction on a pooled connection: {@link #commit()} makes it durable; closing it
 * without a commit rolls it back, so an exception anywhere in a request leaves nothing half-written
 * (a statement stopped by the query timeout included).
 *
 * <p>A transaction opened on a thread that already has one open on the same pool joins it: it runs
 * on the same connection, and its commit and close are the outer transaction's to do. The function
 * of {@code Backend.update} runs inside the update's transaction and reads (a new member's row, the
 * groups of a user); were each read to take a connection of its own, as many updates at once as the
 * pool has connections would each hold one and wait for a second, forever.
 */
final class Transaction implements AutoCloseable {
    private static final ThreadLocal<Transaction> OPEN = new ThreadLocal<>();

    private final ConnectionPool pool;
    private final Connection connection;
    private final boolean unlimited;
    /** The transaction this one joined, or null when it has a connection of its own. */
    private final Transaction joined;
    /** The transaction open on this thread before this one (another pool's), put back at close. */
    private final Transaction previous;
    private boolean done;
    private boolean healthy = true;

    /** A transaction of a request: each of its statements may run as long as the query timeout. */
    Transaction(ConnectionPool pool) throws SQLException {
        this(pool, false);
    }

    private Transaction(ConnectionPool pool, boolean unlimited) throws SQLException {
        this.pool = pool;
        this.unlimited = unlimited;
        this.previous = OPEN.get();
        if (previous != null && previous.pool == pool && !unlimited) {
            this.joined = previous;
            this.connection = previous.connection;
            return;
        }
        this.joined = null;
        this.connection = pool.take();
        if (unlimited) {
            try {
                pool.liftLimit(connection);
            } catch (SQLException e) {
                pool.give(connection, false);
                throw e;
            }
        }
        OPEN.set(this);
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
        if (joined != null) {
            return; // the outer transaction commits
        }
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
        if (joined != null) {
            return;
        }
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
            if (previous == null) {
                OPEN.remove();
            } else {
                OPEN.set(previous);
            }
        }
    }
}
