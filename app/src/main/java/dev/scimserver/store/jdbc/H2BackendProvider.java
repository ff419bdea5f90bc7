package dev.scimserver.store.jdbc;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.Setting;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Restorer;

import java.util.List;

/**
 * {@code --backend h2}: resources in an H2 database, by default the file {@code scim.mv.db} in the
 * data folder. The database is the durable state, so there is no snapshot or journal; at start it
 * takes {@code --restore FILE} only while it is empty (the default {@link BackendProvider#restore}).
 */
public final class H2BackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String description() {
        return "resources in an H2 database (default: the file scim.mv.db in the data folder)";
    }

    @Override
    public List<Setting> settings() {
        return JdbcSettings.ALL;
    }

    @Override
    public Backend open(BackendContext context) {
        ServerSettings.Persistence persistence = context.settings().persistence();
        JdbcSettings jdbc = JdbcSettings.read(context.values());
        String url = jdbc.url() != null ? jdbc.url()
                : "jdbc:h2:file:" + persistence.dataDir().toAbsolutePath().normalize().resolve("scim");
        return JdbcBackends.open(url, jdbc.user(), jdbc.password(), persistence.fsync(), jdbc.queryTimeout(), context.registry());
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
