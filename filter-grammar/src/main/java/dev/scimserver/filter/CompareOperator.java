package dev.scimserver.filter;

import java.util.Locale;

/**
 * The attribute operators of a SCIM filter comparison (RFC 7644 §3.4.2.2), except {@code pr},
 * which is {@link Filter.Present}. They are parsed case-insensitively; {@link #symbol()} is the
 * canonical lower-case spelling.
 */
public enum CompareOperator {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    /** The operator as written in a canonical filter, e.g. {@code "eq"}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }
}
