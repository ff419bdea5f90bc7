package dev.scimserver.filter;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A comparison value in a filter: one of the JSON literals string, number, boolean or null
 * (RFC 7644 §3.4.2.2 {@code compValue}). Each variant's {@code toString()} is its JSON text.
 */
public sealed interface Value permits Value.Str, Value.Num, Value.Bool, Value.Null {

    /** A string, with JSON escapes already decoded. */
    record Str(String value) implements Value {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return JsonStrings.quote(value);
        }
    }

    /** A number, kept exactly as written (so {@code 1.0} and {@code 1.00} differ in scale). */
    record Num(BigDecimal value) implements Value {
        public Num {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Value {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** The literal {@code null}. */
    record Null() implements Value {
        @Override
        public String toString() {
            return "null";
        }
    }
}
