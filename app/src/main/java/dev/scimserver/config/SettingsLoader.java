package dev.scimserver.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges the command line, the environment and the YAML file (Helidon config) into
 * {@link ServerSettings}, checking each value so that a mistake stops the start with one clear line.
 */
public final class SettingsLoader {
    static final Path DEFAULT_CONFIG = Path.of("config", "application.yaml");

    private final SettingValues values;

    private SettingsLoader(SettingValues values) {
        this.values = values;
    }

    /** The server's settings from these sources. */
    public static ServerSettings load(CommandLine commandLine, Map<String, String> environment) {
        return load(values(commandLine, environment));
    }

    /** The server's settings from values read once (a backend reads its own from the same values). */
    public static ServerSettings load(SettingValues values) {
        return new SettingsLoader(values).settings();
    }

    /** The command line, the environment and the YAML file it names (or config/application.yaml), as one source of values. */
    public static SettingValues values(CommandLine commandLine, Map<String, String> environment) {
        return new SettingValues(commandLine, environment, file(commandLine, environment));
    }

    private static Config file(CommandLine commandLine, Map<String, String> environment) {
        List<String> given = commandLine.values().get(Option.CONFIG);
        String name = given != null ? given.getLast() : environment.get(Option.CONFIG.environmentVariable());
        Path path = name != null ? Path.of(name) : DEFAULT_CONFIG;
        if (!Files.isRegularFile(path)) {
            if (name != null) {
                throw new UsageException("config file " + path + " does not exist");
            }
            return Config.empty();
        }
        try {
            Config config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(ConfigSources.file(path))
                    .build();
            config.traverse().forEach(node -> { }); // parse now, so a broken file fails the start
            return config;
        } catch (ConfigException | IllegalStateException e) {
            throw new UsageException("config file " + path + " cannot be read: " + e.getMessage());
        }
    }

    private ServerSettings settings() {
        return new ServerSettings(
                values.string(Option.HOSTNAME, ServerSettings.DEFAULT_HOST),
                values.integer(Option.PORT, ServerSettings.DEFAULT_PORT, 0, 65535),
                values.existingFiles(Option.SCHEMA),
                values.existingFiles(Option.RESOURCE_TYPE),
                values.list(Option.BEARER_TOKEN),
                values.bool(Option.REVERSE_PROXY, false),
                values.path(Option.DUMP_RESOURCES),
                values.string(Option.PUBLIC_BASE_URL, null),
                values.integer(Option.MAX_RESULTS, ServerSettings.DEFAULT_MAX_RESULTS, 1, Integer.MAX_VALUE),
                values.integer(Option.MAX_PAYLOAD_BYTES, ServerSettings.DEFAULT_MAX_PAYLOAD_BYTES, 1, Integer.MAX_VALUE - 8),
                values.bool(Option.STRICT, false),
                values.bool(Option.PATCH_NO_CONTENT, false),
                new ServerSettings.Persistence(
                        Path.of(values.string(Option.DATA_DIR, "data")),
                        values.existingFile(Option.RESTORE),
                        values.bool(Option.FSYNC, true),
                        values.string(Option.BACKEND, ServerSettings.Persistence.DEFAULT_BACKEND).trim().toLowerCase(Locale.ROOT)),
                limits(),
                new ServerSettings.Bulk(
                        values.integer(Option.BULK_MAX_OPERATIONS, ServerSettings.Bulk.DEFAULT_MAX_OPERATIONS, 1, 1_000_000),
                        values.integer(Option.BULK_MAX_PAYLOAD_BYTES, ServerSettings.Bulk.DEFAULT_MAX_PAYLOAD_BYTES, 1, Integer.MAX_VALUE - 8)));
    }

    private ServerSettings.Limits limits() {
        return new ServerSettings.Limits(
                values.integer(Option.MAX_CONNECTIONS, ServerSettings.Limits.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                values.integer(Option.MAX_CONCURRENT_REQUESTS, ServerSettings.Limits.DEFAULT_MAX_CONCURRENT_REQUESTS, 1, Integer.MAX_VALUE),
                values.integer(Option.IDLE_TIMEOUT, ServerSettings.Limits.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400),
                values.integer(Option.READ_TIMEOUT, ServerSettings.Limits.DEFAULT_READ_TIMEOUT_SECONDS, 1, 86_400),
                values.integer(Option.MAX_HEADER_BYTES, ServerSettings.Limits.DEFAULT_MAX_HEADER_BYTES, 1024, 1024 * 1024),
                values.integer(Option.MAX_REQUEST_LINE_BYTES, ServerSettings.Limits.DEFAULT_MAX_REQUEST_LINE_BYTES, 256, 1024 * 1024),
                values.integer(Option.MAX_JSON_DEPTH, ServerSettings.Limits.DEFAULT_MAX_JSON_DEPTH, 8, 1000),
                values.integer(Option.MAX_VALUES, ServerSettings.Limits.DEFAULT_MAX_VALUES, 1, Integer.MAX_VALUE));
    }
}
