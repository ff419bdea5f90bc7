package dev.scimserver.config;

import io.helidon.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values given for settings, each from the first source that has it: the command line, then
 * the environment, then the YAML file. Every read checks the value, so a mistake stops the start
 * with one line naming the flag ({@link UsageException}). The server reads its own settings here
 * ({@link SettingsLoader}), and a backend reads its own the same way.
 */
public final class SettingValues {
    private final CommandLine commandLine;
    private final Map<String, String> environment;
    private final Config file;

    SettingValues(CommandLine commandLine, Map<String, String> environment, Config file) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.file = file;
    }

    /** Every value of a setting (repeatable ones may have several); empty when none is given. */
    public List<String> list(Setting setting) {
        List<String> given = commandLine.values().get(setting);
        if (given != null) {
            return given;
        }
        String env = environment.get(setting.environmentVariable());
        if (env != null) {
            return split(env);
        }
        if (setting.key() == null) {
            return List.of();
        }
        Config node = file.get(setting.key());
        if (!node.exists()) {
            return List.of();
        }
        if (node.isList()) {
            return node.asList(String.class).get();
        }
        return node.asString().map(SettingValues::split).orElse(List.of());
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

    /** The value given last, or {@code fallback}. */
    public String string(Setting setting, String fallback) {
        List<String> values = list(setting);
        return values.isEmpty() ? fallback : values.getLast();
    }

    /** A whole number between {@code min} and {@code max}, or {@code fallback} when none is given. */
    public long integer(Setting setting, long fallback, long min, long max) {
        String text = string(setting, null);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new UsageException(setting.flag() + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(setting.flag() + " must be a whole number, not \"" + text + "\"");
        }
    }

    public int integer(Setting setting, int fallback, int min, int max) {
        return (int) integer(setting, (long) fallback, min, max);
    }

    /** true / yes / 1 / on, or false / no / 0 / off; {@code fallback} when none is given. */
    public boolean bool(Setting setting, boolean fallback) {
        String text = string(setting, Boolean.toString(fallback)).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new UsageException(setting.flag() + " must be true or false, not \"" + text + "\"");
        };
    }

    /** A path, or null when none is given. */
    public Path path(Setting setting) {
        String text = string(setting, null);
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    /** A path that must name an existing file, or null when none is given. */
    public Path existingFile(Setting setting) {
        Path path = path(setting);
        if (path != null && !Files.isRegularFile(path)) {
            throw new UsageException(setting.flag() + " " + path + ": no such file");
        }
        return path;
    }

    /** Paths that must each name an existing file. */
    public List<Path> existingFiles(Setting setting) {
        List<Path> paths = new ArrayList<>();
        for (String name : list(setting)) {
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                throw new UsageException(setting.flag() + " " + name + ": no such file");
            }
            paths.add(path);
        }
        return paths;
    }
}
