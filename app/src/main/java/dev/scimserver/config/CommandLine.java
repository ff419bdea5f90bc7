package dev.scimserver.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: the options given and their values, in order. Accepts
 * {@code --flag value} and {@code --flag=value}, like Python's argparse which the older server used.
 */
public record CommandLine(Map<Option, List<String>> values, boolean help) {

    public static CommandLine parse(String... args) {
        Map<Option, List<String>> values = new EnumMap<>(Option.class);
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
            Option option = Option.byFlag(flag);
            if (option == null) {
                throw new UsageException("unknown option " + flag);
            }
            String value;
            if (option.argument() == null) {
                if (inline != null) {
                    throw new UsageException(flag + " takes no value");
                }
                value = "true";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value (" + option.argument() + ")");
            }
            List<String> list = values.computeIfAbsent(option, o -> new ArrayList<>());
            if (!option.repeatable() && !list.isEmpty()) {
                list.clear(); // the last one wins, as with argparse
            }
            list.add(value);
        }
        return new CommandLine(values, help);
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("usage: scim-server [-h]");
        for (Option option : Option.values()) {
            text.append(" [").append(option.flag());
            if (option.argument() != null) {
                text.append(' ').append(option.argument());
            }
            text.append(']');
            if (option.repeatable()) {
                text.append("...");
            }
        }
        text.append("\n\nA SCIM 2.0 server (RFC 7643, RFC 7644).\n\noptions:\n  -h, --help\n        show this help and exit\n");
        for (Option option : Option.values()) {
            text.append("  ").append(option.flag());
            if (option.argument() != null) {
                text.append(' ').append(option.argument());
            }
            text.append("\n        ").append(option.help());
            if (option.key() != null) {
                text.append("\n        config key ").append(option.key()).append(", environment ").append(option.environmentVariable());
            } else {
                text.append("\n        environment ").append(option.environmentVariable());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
