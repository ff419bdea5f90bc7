package dev.scimserver.example;

import dev.scimserver.config.Setting;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendProvider;

import java.util.List;

/**
 * {@code --backend map}: found by {@code Backends} through the line in
 * {@code META-INF/services/dev.scimserver.store.BackendProvider}, so Main needs no change. It keeps
 * the default {@link #restore} (loads {@code --restore FILE} into the empty backend) and {@link #stop}
 * (closes it); {@code --dump-resources FILE} works as for any backend, Main writes it from {@code all()}.
 */
public final class MapBackendProvider implements BackendProvider {
    static final int DEFAULT_INITIAL_CAPACITY = 16;

    /**
     * A setting of its own, declared like the server's: the flag, its argument, the config key (the
     * environment variable, SCIM_BACKEND_MAP_INITIAL_CAPACITY, follows from the key) and the help line
     * {@code --help} prints under "--backend map".
     */
    static final Setting INITIAL_CAPACITY = Setting.of("--map-initial-capacity", "N", "scim.backend.map.initial-capacity",
            "how many resources of each type the maps hold before they first grow (default " + DEFAULT_INITIAL_CAPACITY + ")");

    @Override
    public String name() {
        return "map";
    }

    @Override
    public String description() {
        return "resources in plain maps in memory, no index, nothing on disk (the example to fork from; see docs/FORKING.md)";
    }

    @Override
    public List<Setting> settings() {
        return List.of(INITIAL_CAPACITY);
    }

    /** Reads its setting from the flag, the environment or the file; a wrong value stops the start with one line. */
    @Override
    public Backend open(BackendContext context) {
        return new MapBackend(context.values().integer(INITIAL_CAPACITY, DEFAULT_INITIAL_CAPACITY, 0, 1 << 30));
    }
}
