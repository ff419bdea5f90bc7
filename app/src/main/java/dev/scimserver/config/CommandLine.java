package dev.scimserver.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: the settings given and their values, in order. Accepts
 * {@code --flag value} and {@code --flag=value}, like Python's argparse which the older server used.
 * The flags known are the server's {@link Option}s and those of the backends found at start.
 */
public record CommandLine(Map<Setting, List<String>> values, boolean help) {

    /** A group of settings that {@code --help} lists under its own heading, e.g. one backend's. */
    public record Section(String heading, List<? extends Setting> settings) {
    }

    /** The command line of a server with no settings besides its own {@link Option}s. */
    public static CommandLine parse(String... args) {
        return parse(List.of(), args);
    }

    public static CommandLine parse(List<Section> more, String... args) {
        Map<String, Setting> known = known(more);
        Map<Setting, List<String>> values = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            Setting setting = known.get(flag);
            if (setting == null) {
                throw new UsageException("unknown option " + flag);
            }
            String value;
            if (setting.argument() == null) {
                if (inline != null) {
                    throw new UsageException(flag + " takes no value");
                }
                value = "true";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value (" + setting.argument() + ")");
            }
            List<String> list = values.computeIfAbsent(setting, o -> new ArrayList<>());
            if (!setting.repeatable() && !list.isEmpty()) {
                list.clear(); // the last one wins, as with argparse
            }
            list.add(value);
        }
        return new CommandLine(values, help);
    }

    /** The flags known, the server's first; a setting two backends share (the same flag) is one. */
    private static Map<String, Setting> known(List<Section> more) {
        Map<String, Setting> known = new LinkedHashMap<>();
        for (Option option : Option.values()) {
            known.put(option.flag(), option);
        }
        for (Section section : more) {
            for (Setting setting : section.settings()) {
                known.putIfAbsent(setting.flag(), setting);
            }
        }
        return known;
    }

    public static String usage() {
        return usage(List.of());
    }

    public static String usage(List<Section> more) {
        StringBuilder text = new StringBuilder("usage: scim-server [-h]");
        for (Setting setting : known(more).values()) {
            text.append(" [").append(setting.flag());
            if (setting.argument() != null) {
                text.append(' ').append(setting.argument());
            }
            text.append(']');
            if (setting.repeatable()) {
                text.append("...");
            }
        }
        text.append("\n\nA SCIM 2.0 server (RFC 7643, RFC 7644).\n\noptions:\n  -h, --help\n        show this help and exit\n");
        describe(List.of(Option.values()), text);
        List<String> listed = new ArrayList<>();
        for (Option option : Option.values()) {
            listed.add(option.flag());
        }
        for (Section section : more) {
            text.append("\n").append(section.heading()).append("\n");
            List<Setting> own = new ArrayList<>();
            for (Setting setting : section.settings()) {
                if (listed.contains(setting.flag())) {
                    text.append("  ").append(setting.flag()).append("\n        (listed above)\n");
                } else {
                    own.add(setting);
                    listed.add(setting.flag());
                }
            }
            describe(own, text);
        }
        return text.toString();
    }

    private static void describe(List<? extends Setting> settings, StringBuilder text) {
        for (Setting setting : settings) {
            text.append("  ").append(setting.flag());
            if (setting.argument() != null) {
                text.append(' ').append(setting.argument());
            }
            text.append("\n        ").append(setting.help());
            if (setting.key() != null) {
                text.append("\n        config key ").append(setting.key()).append(", environment ").append(setting.environmentVariable());
            } else {
                text.append("\n        environment ").append(setting.environmentVariable());
            }
            text.append('\n');
        }
    }
}
