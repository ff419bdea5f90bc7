package dev.scimserver.store.jdbc;

import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendException;

/**
 * {@code --backend postgres}: resources in a PostgreSQL database ({@code --jdbc-url
 * jdbc:postgresql://HOST:PORT/DATABASE}), which several servers may share behind a load balancer:
 * every check that keeps the resources right (uniqueness, versions, members that exist) is made by
 * the database, inside the writing transaction, so it holds across servers. A write is acknowledged
 * after its commit returns, as durable as the PostgreSQL server makes a commit (with its default
 * {@code synchronous_commit = on} and {@code fsync = on}: on disk). See docs/POSTGRESQL.md.
 */
public final class PostgresBackendProvider extends DatabaseBackendProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String description() {
        return "resources in a PostgreSQL database (--jdbc-url jdbc:postgresql://HOST:PORT/DATABASE), shared by any"
                + " number of servers";
    }

    @Override
    public Backend open(BackendContext context) {
        JdbcSettings jdbc = JdbcSettings.read(context.values());
        if (jdbc.url() == null || SqlDialect.of(jdbc.url()) != SqlDialect.POSTGRESQL) {
            throw new BackendException("--backend postgres needs --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE"
                    + " (scim.backend.jdbc-url, SCIM_BACKEND_JDBC_URL)" + (jdbc.url() == null ? "" : ", not " + jdbc.url()));
        }
        JdbcBackend backend = jdbc.open(jdbc.url(), true, context.registry());
        System.out.println("scim-server: PostgreSQL " + (backend.trigramIndexed
                ? "has pg_trgm: co, sw and ew on text use the trigram index"
                : "has no pg_trgm (or it could not be created): co, sw and ew scan the values of the attribute"));
        return backend;
    }
}
