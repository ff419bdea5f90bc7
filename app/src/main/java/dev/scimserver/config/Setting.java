package dev.scimserver.config;

import java.util.Locale;

/**
 * One setting of the server: its command-line flag, the name of its argument, its key in
 * {@code config/application.yaml} and its environment variable (the key upper-cased, with '.' and
 * '-' as '_'). The server's own are {@link Option}s; a backend declares its own with {@link #of},
 * and they are read, listed by {@code --help} and overridden exactly like the server's.
 */
public interface Setting {
    String flag();

    /** The name of the flag's argument, or null for a switch. */
    String argument();

    /** The configuration key, or null for a setting that only exists on the command line. */
    String key();

    boolean repeatable();

    String help();

    /** The environment variable that overrides the key. */
    default String environmentVariable() {
        String name = key() != null ? key() : "scim." + flag().substring(2);
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A setting that takes one value (the last one given wins). */
    static Setting of(String flag, String argument, String key, String help) {
        return new Declared(flag, argument, key, false, help);
    }

    /** A setting declared outside {@link Option}, e.g. by a backend. */
    record Declared(String flag, String argument, String key, boolean repeatable, String help) implements Setting {
        public Declared {
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("a flag begins with --: " + flag);
            }
        }
    }
}
