package dev.scimserver.store;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingValues;
import dev.scimserver.schema.SchemaRegistry;

/**
 * What a backend is opened with: the resource types it stores, the server's settings (the data
 * folder, {@code --restore}, {@code --fsync}), and the values of every setting, where a backend reads
 * its own ({@link BackendProvider#settings()}).
 */
public record BackendContext(SchemaRegistry registry, ServerSettings settings, SettingValues values) {
}
