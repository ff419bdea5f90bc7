package dev.scimserver.store;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.jdbc.JdbcBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;

import java.util.UUID;

/**
 * The backend the HTTP tests run against: the in-memory one, or with {@code -Dscim.test.backend=h2}
 * a fresh H2 in-memory database per server, or with {@code -Dscim.test.backend=postgres} a fresh
 * schema of the test PostgreSQL ({@link TestPostgres}). The build runs the HTTP suite once for
 * each, so every behaviour those tests prove holds on every backend.
 */
public final class TestBackends {
    public static final String PROPERTY = "scim.test.backend";

    private TestBackends() {
    }

    /** Whether this run is one against a database backend (H2 or PostgreSQL). */
    public static boolean database() {
        return !"memory".equalsIgnoreCase(System.getProperty(PROPERTY, "memory"));
    }

    /** Whether this run is the one against PostgreSQL. */
    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, "memory"));
    }

    /** A new, empty backend for a server with these resource types. */
    public static Backend create(SchemaRegistry registry) {
        if (postgres()) {
            return JdbcBackends.open(TestPostgres.newSchemaUrl(), "", "", registry);
        }
        if (database()) {
            return JdbcBackends.open("jdbc:h2:mem:scim-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "",
                    registry);
        }
        return new InMemoryBackend(IndexPlan.of(registry));
    }

    /** A new, empty backend for the RFC 7643 default resource types. */
    public static Backend create() {
        return create(SchemaRegistry.defaults());
    }
}
