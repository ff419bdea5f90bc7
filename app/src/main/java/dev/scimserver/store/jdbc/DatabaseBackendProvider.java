package dev.scimserver.store.jdbc;

import dev.scimserver.config.Setting;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Restorer;

import java.util.List;

/**
 * What the database backends ({@code h2}, {@code postgres}) share: their settings, and the start.
 * The database is the durable state, so there is no snapshot or journal; at start it takes
 * {@code --restore FILE} only while it is empty (the default {@link BackendProvider#restore}).
 */
abstract class DatabaseBackendProvider implements BackendProvider {

    @Override
    public List<Setting> settings() {
        return JdbcSettings.ALL;
    }

    /**
     * {@code --restore FILE} into an empty database (the default); members that name nothing taken out
     * of their groups; and once, at the start that upgrades
     * a database written before passwords were hashed, the cleartext passwords it holds are hashed.
     */
    @Override
    public void restore(Backend backend, BackendContext context, Restorer restorer) {
        BackendProvider.super.restore(backend, context, restorer);
        JdbcBackend database = (JdbcBackend) backend;
        if (context.settings().persistence().restoreFile() != null) {
            database.analyze(); // the planner's view of tables that were empty a moment ago
        }
        // A stop between a delete's commit and the clean-up of the groups that listed it leaves
        // members that name nothing; one query finds them.
        database.membersNamingNothing().forEach((group, members) ->
                restorer.dropDanglingMembers(group.resourceType(), group.id(), members));
        if (database.mayHoldCleartextPasswords) {
            int hashed = restorer.hashStoredCleartextPasswords();
            if (hashed > 0) {
                System.out.println("scim-server hashed " + hashed + " cleartext passwords in the database");
            }
        }
    }
}
