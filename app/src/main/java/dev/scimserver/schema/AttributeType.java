package dev.scimserver.schema;

/** The data types of RFC 7643 §2.3, with the spelling the schema representation uses. */
public enum AttributeType implements ScimName {
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

    @Override
    public String scimName() {
        return scimName;
    }

    /** Parses the schema spelling, case-insensitively; null when unknown. */
    public static AttributeType fromScimName(String name) {
        return ScimName.parse(AttributeType.class, name);
    }
}
