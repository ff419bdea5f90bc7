package dev.scimserver.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The JDBC connections of a database backend, pooled by HikariCP: opening a connection per request
 * costs more than the statements of a typical SCIM request, and Hikari replaces a connection that
 * broke (the database restarted) with a new one on the next request, so the server recovers
 * without a restart. Every connection it hands out stops a statement that runs longer than the
 * query timeout.
 */
final class ConnectionPool implements AutoCloseable {
    private final HikariDataSource source;
    private final SqlDialect dialect;
    private final long queryTimeoutMillis;

    /**
     * @param size               connections kept at most; requests beyond it wait for one
     * @param waitTimeout        how long a request waits for a connection before it is answered 503
     * @param queryTimeoutMillis the longest a statement may run (0: no limit)
     * @throws RuntimeException when the database cannot be reached (the first connection is opened here)
     */
    ConnectionPool(String url, String user, String password, int size, Duration waitTimeout, SqlDialect dialect,
                   long queryTimeoutMillis) {
        this.dialect = dialect;
        this.queryTimeoutMillis = queryTimeoutMillis;
        HikariConfig config = new HikariConfig();
        config.setPoolName("scim-" + dialect.name());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        // A few open at rest, more while requests need them: several servers share one database's
        // connection limit (PostgreSQL's default is 100).
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(Math.max(250, waitTimeout.toMillis()));
        config.setAutoCommit(false);
        config.setConnectionInitSql(dialect.queryTimeout(queryTimeoutMillis));
        // The init statement in a transaction of its own, committed: in PostgreSQL a SET inside a
        // transaction that is rolled back is undone.
        config.setIsolateInternalQueries(true);
        this.source = new HikariDataSource(config);
    }

    /** A connection for one transaction, with auto-commit off and the query timeout set; waits while all are in use. */
    Connection take() throws SQLException {
        if (source.isClosed()) {
            throw new SQLException("the database is closed");
        }
        return source.getConnection();
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
        connection.commit(); // kept past the transaction (PostgreSQL undoes a SET that is rolled back)
    }

    /** Hands a connection back; one that failed is closed rather than reused. */
    void give(Connection connection, boolean healthy) {
        try {
            if (healthy && !source.isClosed()) {
                connection.close(); // back to the pool
            } else {
                source.evictConnection(connection);
            }
        } catch (SQLException e) {
            // Closing a broken connection: nothing more to do with it.
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
