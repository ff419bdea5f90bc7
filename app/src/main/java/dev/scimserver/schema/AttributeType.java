package dev.scimserver.schema;

import java.util.Locale;

/** The data types of RFC 7643 §2.3, with the spelling the schema representation uses. */
public enum AttributeType {
    STRING("string"),
    BOOLEAN("boolean"),
    DECIMAL("decimal"),
    INTEGER("integer"),
    DATE_TIME("dateTime"),
    BINARY("binary"),
    REFERENCE("reference"),
    COMPLEX("complex");

    private final String scimName;

    AttributeType(String scimName) {
        this.scimName = scimName;
    }

    public String scimName() {
        return scimName;
    }

    /** Parses the schema spelling, case-insensitively; null when unknown. */
    public static AttributeType fromScimName(String name) {
        for (AttributeType t : values()) {
            if (t.scimName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
