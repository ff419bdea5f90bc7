package dev.scimserver.store.jdbc;

import dev.scimserver.config.Setting;
import dev.scimserver.config.SettingValues;

import java.time.Duration;
import java.util.List;

/**
 * The settings of a database backend, read from the server's settings sources.
 *
 * @param url          a JDBC URL, or null for the backend's default
 * @param user         the database user (may be empty)
 * @param password     the database password (may be empty)
 * @param queryTimeout the longest one statement of a request may run before the database stops it
 * @param poolSize     the most connections kept open to the database
 * @param poolTimeout  how long a request waits for a free connection before it is answered 503
 */
record JdbcSettings(String url, String user, String password, Duration queryTimeout, int poolSize,
                    Duration poolTimeout) {
    static final long DEFAULT_QUERY_TIMEOUT_SECONDS = JdbcBackends.DEFAULT_QUERY_TIMEOUT.toSeconds();

    static final Setting URL = Setting.of("--jdbc-url", "URL", "scim.backend.jdbc-url",
            "the database: jdbc:postgresql://HOST:PORT/DATABASE for postgres (required); for h2 by default"
                    + " the H2 file database data/scim.mv.db");
    static final Setting USER = Setting.of("--jdbc-user", "NAME", "scim.backend.user",
            "the database user (default empty)");
    static final Setting PASSWORD = Setting.of("--jdbc-password", "PASSWORD", "scim.backend.password",
            "the database password (default empty; prefer the environment variable)");
    static final Setting QUERY_TIMEOUT = Setting.of("--query-timeout", "SECONDS", "scim.backend.query-timeout",
            "the longest one database statement of a request may run (default " + DEFAULT_QUERY_TIMEOUT_SECONDS
                    + "); a search stopped by it answers 400 tooMany, another request 503, and nothing of it is written");

    static final Setting POOL_SIZE = Setting.of("--pool-size", "N", "scim.backend.pool-size",
            "the most connections kept open to the database (default " + JdbcBackends.DEFAULT_POOL_SIZE
                    + "); several servers on one database share its connection limit");
    static final Setting POOL_TIMEOUT = Setting.of("--pool-timeout", "SECONDS", "scim.backend.pool-timeout",
            "how long a request waits for a free database connection before it is answered 503 with Retry-After"
                    + " (default " + JdbcBackends.DEFAULT_POOL_TIMEOUT.toSeconds() + ")");

    static final List<Setting> ALL = List.of(URL, USER, PASSWORD, QUERY_TIMEOUT, POOL_SIZE, POOL_TIMEOUT);

    static JdbcSettings read(SettingValues values) {
        return new JdbcSettings(values.string(URL, null), values.string(USER, ""), values.string(PASSWORD, ""),
                Duration.ofSeconds(values.integer(QUERY_TIMEOUT, DEFAULT_QUERY_TIMEOUT_SECONDS, 1, 24 * 3600)),
                values.integer(POOL_SIZE, JdbcBackends.DEFAULT_POOL_SIZE, 1, 10_000),
                Duration.ofSeconds(values.integer(POOL_TIMEOUT, JdbcBackends.DEFAULT_POOL_TIMEOUT.toSeconds(), 1, 3600)));
    }

    /** Opens the database these settings name, at {@code url}. */
    JdbcBackend open(String url, boolean fsync, dev.scimserver.schema.SchemaRegistry registry) {
        return JdbcBackends.open(url, user, password, fsync, queryTimeout, poolSize, poolTimeout, registry);
    }

    @Override
    public String toString() {
        // never the password, which may end up in a log
        return "JdbcSettings[url=" + url + ", user=" + user + ", queryTimeout=" + queryTimeout + ", poolSize=" + poolSize
                + ", poolTimeout=" + poolTimeout + "]";
    }
}
