package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A small fixed-size pool of JDBC connections, for any driver on the class path. Opening a
 * connection per request costs more than the statements of a typical SCIM request; a deployment
 * with its own pool (HikariCP, a container's DataSource) can put that behind the same methods.
 * Every connection it hands out stops a statement that runs longer than the query timeout.
 */
final class ConnectionPool implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final SqlDialect dialect;
    private final long queryTimeoutMillis;
    private final BlockingQueue<Connection> idle;
    private final Semaphore permits;
    private volatile boolean closed;

    /** @param queryTimeoutMillis the longest a statement may run (0: no limit) */
    ConnectionPool(String url, String user, String password, int size, SqlDialect dialect, long queryTimeoutMillis) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
        this.queryTimeoutMillis = queryTimeoutMillis;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new Semaphore(size, true);
    }

    /** A connection for one transaction, with auto-commit off and the query timeout set; waits while all are in use. */
    Connection take() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        permits.acquireUninterruptibly();
        try {
            Connection connection = idle.poll();
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, user, password);
                limit(connection, queryTimeoutMillis);
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Lifts the query timeout of a connection taken from the pool, until {@link #restoreLimit}. */
    void liftLimit(Connection connection) throws SQLException {
        limit(connection, 0);
    }

    /** Puts the query timeout back on a connection whose limit was lifted. */
    void restoreLimit(Connection connection) throws SQLException {
        limit(connection, queryTimeoutMillis);
    }

    private void limit(Connection connection, long millis) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.queryTimeout(millis));
        }
    }

    /** Hands a connection back; one that failed is closed rather than reused. */
    void give(Connection connection, boolean healthy) {
        try {
            if (healthy && !closed && idle.offer(connection)) {
                return;
            }
            connection.close();
        } catch (SQLException e) {
            // Closing a broken connection: nothing more to do with it.
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Shutting down.
            }
        }
    }
}
