package dev.scimserver.core;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.BackendException;
import dev.scimserver.store.Restorer;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the server does for a backend at start ({@link dev.scimserver.store.BackendProvider#restore}),
 * through the checks of the SCIM layer: a dump loaded as POSTs would be, cleartext passwords hashed,
 * members that name nothing taken out. {@code report} gets one line for each thing done.
 */
public record StartRestorer(SchemaRegistry registry, ResourceService service, Consumer<String> report) implements Restorer {

    @Override
    public int restore(Path dump) {
        try {
            int count = DumpRestore.restore(dump, registry, service);
            report.accept("scim-server restored " + count + " resources from " + dump);
            return count;
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
        return reportDropped(service.dropDanglingMembers());
    }

    @Override
    public int dropDanglingMembers(String groupType, String groupId, Set<String> memberIds) {
        return reportDropped(service.dropDanglingMembers(groupType, groupId, memberIds));
    }

    private int reportDropped(int dropped) {
        if (dropped > 0) {
            report.accept("scim-server took " + dropped + " members that name nothing out of their groups"
                    + " (a delete whose clean-up a stop interrupted)");
        }
        return dropped;
    }
}
