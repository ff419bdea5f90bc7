package dev.scimserver.store.jdbc;

import dev.scimserver.schema.Attribute;

/**
 * Where one value sits in a row, as SQL expressions: the typed columns of a {@code scim_value}
 * alias, or the columns of a {@code scim_member} row. A null expression means the row cannot hold
 * that kind of value, so comparing it matches nothing.
 *
 * @param present an expression true when the value is there, or null when the row exists only if it
 *                is (a {@code scim_value} row); keeps conditions two-valued so {@code NOT} negates exactly
 * @param exact   the string as written
 * @param folded  the string lower-cased with Locale.ROOT, as case-insensitive filters compare it
 */
record Columns(String present, String exact, String folded, String num, String ts, String bool) {

    /** The typed columns of a {@code scim_value} row under this alias. */
    static Columns value(String alias) {
        return new Columns(null, alias + ".str", alias + ".str_ci", alias + ".num", alias + ".ts", alias + ".bool");
    }

    /**
     * The {@code scim_member} ({@code m}) columns of one sub-attribute of a Group's members: {@code value} ({@code member_value})
     * has its folded twin {@code member_key}; {@code type} and {@code display} are folded by LOWER, which
     * in H2 is Java's toLowerCase. What scim_member does not keep ({@code $ref}) is never there.
     */
    static Columns member(Attribute sub) {
        return switch (Attribute.key(sub.name())) {
            case "value" -> member("member_value", "m.member_key");
            case "type" -> member("member_type", "LOWER(m.member_type)");
            case "display" -> member("display", "LOWER(m.display)");
            default -> NONE;
        };
    }

    private static Columns member(String column, String folded) {
        return new Columns("m." + column + " IS NOT NULL", "m." + column, folded, null, null, null);
    }

    /** A value a row does not hold (a member's {@code $ref}): never present, never equal. */
    static final Columns NONE = new Columns("FALSE", null, null, null, null, null);

    /** True when the value is there and not empty: what {@code pr} asks of one value. */
    String nonEmpty() {
        if (exact == null) {
            return present != null ? present : "TRUE";
        }
        // A non-string value leaves exact NULL and counts as non-empty, as in memory.
        String test = "(" + exact + " IS NULL OR " + exact + " <> '')";
        return present != null ? "(" + present + " AND " + exact + " <> '')" : test;
    }
}
