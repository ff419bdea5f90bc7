package dev.scimserver.store.jdbc;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.BackendException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Opens the database backend: connects, brings the tables to this build's version, and says in one
 * sentence what is wrong when it cannot (a locked file, a bad URL, a missing driver, a wrong password).
 */
public final class JdbcBackends {
    /** Connections kept open at most, by default ({@code scim.backend.pool-size}); requests beyond it wait for one. */
    public static final int DEFAULT_POOL_SIZE = 32;
    /** How long a request waits for a free connection by default ({@code scim.backend.pool-timeout}) before a 503. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(10);

    private JdbcBackends() {
    }

    /** The database cannot be used; the message says why, for a person. */
    public static final class CannotOpenException extends BackendException {
        CannotOpenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The default longest run of one statement of a request: {@code scim.backend.query-timeout}. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** Opens a database whose commits are written out before they are acknowledged, with fsync. */
    public static JdbcBackend open(String url, String user, String password, SchemaRegistry registry) {
        return open(url, user, password, true, DEFAULT_QUERY_TIMEOUT, registry);
    }

    /**
     * @param fsync        whether an acknowledged write also survives a power loss (else a killed process),
     *                     the same trade {@code scim.persistence.fsync} makes for the in-memory backend's journal
     *                     (H2; a PostgreSQL server's commits are as durable as its own settings make them)
     * @param queryTimeout the longest one statement of a request may run before the database stops it
     *                     (migrations, the dump at exit and the checkpoints have no limit)
     */
    public static JdbcBackend open(String url, String user, String password, boolean fsync, Duration queryTimeout,
                                   SchemaRegistry registry) {
        return open(url, user, password, fsync, queryTimeout, DEFAULT_POOL_SIZE, DEFAULT_POOL_TIMEOUT, registry);
    }

    /**
     * @param poolSize    connections kept at most
     * @param poolTimeout how long a request waits for a free connection before it is answered 503
     */
    public static JdbcBackend open(String url, String user, String password, boolean fsync, Duration queryTimeout,
                                   int poolSize, Duration poolTimeout, SchemaRegistry registry) {
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("the query timeout must be positive, not " + queryTimeout);
        }
        SqlDialect dialect = SqlDialect.of(url);
        if (dialect == null) {
            throw new CannotOpenException("cannot open the database " + url + ": this build speaks H2 (jdbc:h2:…)"
                    + " and PostgreSQL (jdbc:postgresql://HOST:PORT/DATABASE) only", null);
        }
        String effective = withOwnerOnlyFiles(withH2Defaults(url));
        ConnectionPool pool = null;
        Checkpoints checkpoints = null;
        boolean mayHoldCleartextPasswords;
        boolean trigrams = false;
        try {
            pool = new ConnectionPool(effective, user, password, poolSize, poolTimeout, dialect,
                    Math.max(1, queryTimeout.toMillis()));
            try (Transaction tx = Transaction.unlimited(pool)) {
                Connection connection = tx.connection();
                int installedBefore = dialect.migrations().size() - Migrations.migrate(connection, dialect);
                mayHoldCleartextPasswords = dialect == SqlDialect.H2
                        && installedBefore > 0 && installedBefore < Migrations.PASSWORDS_HASHED_FROM;
                if (dialect == SqlDialect.POSTGRESQL) {
                    trigrams = Trigrams.indexed(connection);
                }
                tx.commit();
            }
            checkpoints = Checkpoints.forUrl(effective, user, password, fsync);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new CannotOpenException("cannot open the database " + url + ": " + reason(e), e);
        }
        return new JdbcBackend(pool, checkpoints, dialect, registry, queryTimeout, mayHoldCleartextPasswords, trigrams);
    }

    /**
     * H2 settings the server relies on, unless the URL sets them: the server closes the database
     * itself after its last dump (H2 would otherwise close it in its own shutdown hook, first), and a
     * writer waits up to 10 s for a row lock. Commits are written out by {@link Checkpoints}.
     */
    static String withH2Defaults(String url) {
        if (!isH2(url)) {
            return url;
        }
        StringBuilder result = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            result.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        if (!upper.contains(";LOCK_TIMEOUT=")) {
            result.append(";LOCK_TIMEOUT=10000");
        }
        return result.toString();
    }

    /**
     * An H2 file database's URL on {@link OwnerOnlyFilePath}, so every file and folder H2 makes for it
     * is the owner's only: {@code jdbc:h2:file:/data/scim} (the default, in the data folder) or
     * {@code jdbc:h2:/data/scim} becomes {@code jdbc:h2:scim-owner-only:/data/scim}. Other URLs (in
     * memory, over TCP, on another of H2's file systems) are left as they are.
     */
    static String withOwnerOnlyFiles(String url) {
        if (!isH2(url)) {
            return url;
        }
        String name = url.substring("jdbc:h2:".length());
        String path;
        if (name.regionMatches(true, 0, "file:", 0, 5)) {
            path = name.substring(5);
        } else if (name.startsWith("/") || name.startsWith("./") || name.startsWith("~") || name.startsWith("../")) {
            path = name;
        } else {
            return url;
        }
        OwnerOnlyFilePath.register();
        return "jdbc:h2:" + OwnerOnlyFilePath.SCHEME + ":" + path;
    }

    static boolean isH2(String url) {
        return url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
    }

    /** An H2 database that lives only in this process's memory (nothing to write out). */
    static boolean isH2InMemory(String url) {
        return url.regionMatches(true, 0, "jdbc:h2:mem:", 0, 12);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        // Hikari wraps the driver's exception (PoolInitializationException around the PSQLException)
        while (root.getCause() != null && root.getCause() != root
                && (root.getMessage() == null || root.getClass().getName().startsWith("com.zaxxer"))) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        if (message.contains("No suitable driver")) {
            return "no JDBC driver for this URL on the class path (this build includes H2 and PostgreSQL)";
        }
        if (message.contains("already in use") || message.contains("locked")) {
            return "it is in use by another process (is another scim-server running on this data folder?)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline); // H2 appends the SQL and its build number
    }
}
