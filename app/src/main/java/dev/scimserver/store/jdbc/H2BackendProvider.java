package dev.scimserver.store.jdbc;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;

/**
 * {@code --backend h2}: resources in an H2 database, by default the file {@code scim.mv.db} in the
 * data folder, opened by this process alone.
 */
public final class H2BackendProvider extends DatabaseBackendProvider {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String description() {
        return "resources in an H2 database (default: the file scim.mv.db in the data folder)";
    }

    @Override
    public Backend open(BackendContext context) {
        ServerSettings.Persistence persistence = context.settings().persistence();
        JdbcSettings jdbc = JdbcSettings.read(context.values());
        String url = jdbc.url() != null ? jdbc.url()
                : "jdbc:h2:file:" + persistence.dataDir().toAbsolutePath().normalize().resolve("scim");
        return jdbc.open(url, persistence.fsync(), context.registry());
    }
}
