package dev.scimserver.example;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.kit.BackendContract;

/**
 * Every obligation of Backend's javadoc, proved of the map backend by the contract kit in the app's
 * test-jar ({@code <type>test-jar</type>} in examples/pom.xml).
 */
class MapBackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(SchemaRegistry registry) {
        // The map backend needs nothing of the registry: it stores whatever resource type it is given.
        return new MapBackend(MapBackendProvider.DEFAULT_INITIAL_CAPACITY);
    }
}
