package dev.scimserver.store;

import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;

import java.nio.file.Path;
import java.util.Set;

/** The restore a provider may ask of the server at start, as {@code Main} offers it, for tests that start a backend. */
public record ServiceRestorer(SchemaRegistry registry, ResourceService service) implements Restorer {
    @Override
    public int restore(Path dump) {
        try {
            return DumpRestore.restore(dump, registry, service);
        } catch (DumpRestore.RestoreException e) {
            throw new BackendException("cannot restore: " + e.getMessage(), e);
        }
    }

    @Override
    public int hashStoredCleartextPasswords() {
        return service.hashStoredCleartextPasswords();
    }

    @Override
    public int dropDanglingMembers() {
        return service.dropDanglingMembers();
    }

    @Override
    public int dropDanglingMembers(String groupType, String groupId, Set<String> memberIds) {
        return service.dropDanglingMembers(groupType, groupId, memberIds);
    }
}
