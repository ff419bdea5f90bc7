package dev.scimserver.store.memory;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.kit.BackendContract;

/** The in-memory backend, with the equality indexes the server gives it, keeps the {@link BackendContract}. */
class InMemoryBackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(SchemaRegistry registry) {
        return new InMemoryBackend(IndexPlan.of(registry));
    }
}
