package dev.scimserver.store.jdbc;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.kit.BackendContract;

import java.util.UUID;

/**
 * The H2 backend keeps the {@link BackendContract}: each backend on an in-memory database of its own,
 * opened as the server opens it. The kit closes every backend it gets, which shuts its database down.
 */
class H2BackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(SchemaRegistry registry) {
        return JdbcBackends.open("jdbc:h2:mem:scim-contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", registry);
    }
}
