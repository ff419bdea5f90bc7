package dev.scimserver.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the command line, the environment and the YAML file (Helidon config) into
 * {@link ServerSettings}, checking each value so that a mistake stops the start with one clear line.
 */
public final class SettingsLoader {
    static final Path DEFAULT_CONFIG = Path.of("config", "application.yaml");

    private final CommandLine commandLine;
    private final Map<String, String> environment;
    private final Config file;

    private SettingsLoader(CommandLine commandLine, Map<String, String> environment, Config file) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.file = file;
    }

    public static ServerSettings load(CommandLine commandLine, Map<String, String> environment) {
        return new SettingsLoader(commandLine, environment, file(commandLine, environment)).settings();
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
                string(Option.HOSTNAME, ServerSettings.DEFAULT_HOST),
                integer(Option.PORT, ServerSettings.DEFAULT_PORT, 0, 65535),
                paths(Option.SCHEMA),
                paths(Option.RESOURCE_TYPE),
                list(Option.BEARER_TOKEN),
                bool(Option.REVERSE_PROXY),
                path(Option.DUMP_RESOURCES),
                string(Option.PUBLIC_BASE_URL, null),
                integer(Option.MAX_RESULTS, ServerSettings.DEFAULT_MAX_RESULTS, 1, Integer.MAX_VALUE),
                integer(Option.MAX_PAYLOAD_BYTES, ServerSettings.DEFAULT_MAX_PAYLOAD_BYTES, 1, Integer.MAX_VALUE - 8),
                bool(Option.STRICT),
                bool(Option.PATCH_NO_CONTENT),
                new ServerSettings.Persistence(
                        Path.of(string(Option.DATA_DIR, "data")),
                        existingFile(Option.RESTORE),
                        boolOr(Option.RESTORE_SNAPSHOT, true),
                        boolOr(Option.JOURNAL, true),
                        boolOr(Option.FSYNC, true),
                        integer(Option.COMPACT_AT_BYTES, ServerSettings.Persistence.DEFAULT_COMPACT_AT_BYTES, 1024, Long.MAX_VALUE),
                        integer(Option.COMPACT_EVERY, ServerSettings.Persistence.DEFAULT_COMPACT_EVERY_SECONDS, 1, Long.MAX_VALUE),
                        backendType(),
                        new ServerSettings.Jdbc(string(Option.JDBC_URL, null), string(Option.JDBC_USER, ""),
                                string(Option.JDBC_PASSWORD, ""), Duration.ofSeconds(integer(Option.QUERY_TIMEOUT,
                                ServerSettings.Jdbc.DEFAULT_QUERY_TIMEOUT_SECONDS, 1, 24 * 3600)))),
                limits());
    }

    private ServerSettings.Limits limits() {
        return new ServerSettings.Limits(
                integer(Option.MAX_CONNECTIONS, ServerSettings.Limits.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                integer(Option.MAX_CONCURRENT_REQUESTS, ServerSettings.Limits.DEFAULT_MAX_CONCURRENT_REQUESTS, 1, Integer.MAX_VALUE),
                integer(Option.IDLE_TIMEOUT, ServerSettings.Limits.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400),
                integer(Option.READ_TIMEOUT, ServerSettings.Limits.DEFAULT_READ_TIMEOUT_SECONDS, 1, 86_400),
                integer(Option.MAX_HEADER_BYTES, ServerSettings.Limits.DEFAULT_MAX_HEADER_BYTES, 1024, 1024 * 1024),
                integer(Option.MAX_REQUEST_LINE_BYTES, ServerSettings.Limits.DEFAULT_MAX_REQUEST_LINE_BYTES, 256, 1024 * 1024),
                integer(Option.MAX_JSON_DEPTH, ServerSettings.Limits.DEFAULT_MAX_JSON_DEPTH, 8, 1000),
                integer(Option.MAX_VALUES, ServerSettings.Limits.DEFAULT_MAX_VALUES, 1, Integer.MAX_VALUE));
    }

    private ServerSettings.BackendType backendType() {
        String text = string(Option.BACKEND, "memory").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "memory" -> ServerSettings.BackendType.MEMORY;
            case "h2" -> ServerSettings.BackendType.H2;
            default -> throw new UsageException(Option.BACKEND.flag() + " must be memory or h2, not \"" + text + "\"");
        };
    }

    /** The values of an option from the first source that has it: command line, environment, file. */
    private List<String> list(Option option) {
        List<String> given = commandLine.values().get(option);
        if (given != null) {
            return given;
        }
        String env = environment.get(option.environmentVariable());
        if (env != null) {
            return split(env);
        }
        Config node = file.get(option.key());
        if (!node.exists()) {
            return List.of();
        }
        if (node.isList()) {
            return node.asList(String.class).get();
        }
        return node.asString().map(SettingsLoader::split).orElse(List.of());
    }

    private static List<String> split(String text) {
        List<String> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }

    private String string(Option option, String fallback) {
        List<String> values = list(option);
        return values.isEmpty() ? fallback : values.getLast();
    }

    private long integer(Option option, long fallback, long min, long max) {
        String text = string(option, null);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new UsageException(option.flag() + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option.flag() + " must be a whole number, not \"" + text + "\"");
        }
    }

    private int integer(Option option, int fallback, int min, int max) {
        return (int) integer(option, (long) fallback, min, max);
    }

    private boolean bool(Option option) {
        return boolOr(option, false);
    }

    private Path existingFile(Option option) {
        Path path = path(option);
        if (path != null && !Files.isRegularFile(path)) {
            throw new UsageException(option.flag() + " " + path + ": no such file");
        }
        return path;
    }

    private boolean boolOr(Option option, boolean fallback) {
        String text = string(option, Boolean.toString(fallback)).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new UsageException(option.flag() + " must be true or false, not \"" + text + "\"");
        };
    }

    private Path path(Option option) {
        String text = string(option, null);
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private List<Path> paths(Option option) {
        List<Path> paths = new ArrayList<>();
        for (String name : list(option)) {
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                throw new UsageException(option.flag() + " " + name + ": no such file");
            }
            paths.add(path);
        }
        return paths;
    }
}
