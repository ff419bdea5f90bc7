package dev.scimserver.store.jdbc;

import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.Returned;

import java.util.Locale;

/** The {@code scim_value.path} names, shared by the rows written and the SQL that reads them. */
final class ValuePaths {
    /** The attribute a Group keeps in {@code scim_member} rather than in {@code scim_value}. */
    static final String MEMBERS = "members";

    private ValuePaths() {
    }

    /** The path of a value: {@link ResolvedPath#key()}, e.g. {@code emails.value}, {@code username}. */
    static String value(String extension, Attribute attribute, Attribute subAttribute) {
        return new ResolvedPath(extension, attribute, subAttribute).key();
    }

    /**
     * The path of the marker rows of a complex attribute, one per element: its own name, e.g.
     * {@code emails} (which differs from the key of {@code emails}, {@code emails.value}).
     */
    static String element(String extension, Attribute attribute) {
        return ((extension != null ? extension + ":" : "") + attribute.name()).toLowerCase(Locale.ROOT);
    }

    /** Whether a filter may name the attribute at all; the others are never stored as rows. */
    static boolean filterable(Attribute attribute) {
        return attribute.returned() != Returned.NEVER && attribute.mutability() != Mutability.WRITE_ONLY;
    }

    /** Whether this attribute is a Group's members and they live in their own table. */
    static boolean inMemberTable(String extension, Attribute attribute, boolean membersInOwnTable) {
        return membersInOwnTable && extension == null && attribute.isComplex() && attribute.name().equalsIgnoreCase(MEMBERS);
    }
}
