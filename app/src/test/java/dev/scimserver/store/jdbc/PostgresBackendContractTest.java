package dev.scimserver.store.jdbc;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.TestPostgres;
import dev.scimserver.store.kit.BackendContract;

/**
 * The PostgreSQL backend keeps the {@link BackendContract}: each backend on a schema of its own of a
 * real PostgreSQL server ({@link TestPostgres}), opened as the server opens it.
 */
class PostgresBackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(SchemaRegistry registry) {
        return JdbcBackends.open(TestPostgres.newSchemaUrl(), "", "", registry);
    }
}
