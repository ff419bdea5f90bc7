package dev.scimserver.store;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.jdbc.JdbcBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;

import java.util.UUID;

/**
 * The backend the HTTP tests run against: the in-memory one, or with {@code -Dscim.test.backend=h2}
 * a fresh H2 in-memory database per server. The build runs the HTTP suite once for each, so every
 * behaviour those tests prove holds on both backends.
 */
public final class TestBackends {
    public static final String PROPERTY = "scim.test.backend";

    private TestBackends() {
    }

    /** Whether this run is the one against the database backend. */
    public static boolean database() {
        return "h2".equalsIgnoreCase(System.getProperty(PROPERTY, "memory"));
    }

    /** A new, empty backend for a server with these resource types. */
    public static Backend create(SchemaRegistry registry) {
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
