package dev.scimserver.schema;

/** RFC 7643 §2.2 "uniqueness": the scope within which a value must be unique. */
public enum Uniqueness implements ScimName {
    NONE("none"),
    SERVER("server"),
    GLOBAL("global");

    private final String scimName;

    Uniqueness(String scimName) {
        this.scimName = scimName;
    }

    @Override
    public String scimName() {
        return scimName;
    }

    /** Parses the schema spelling, case-insensitively; null when unknown. */
    public static Uniqueness fromScimName(String name) {
        return ScimName.parse(Uniqueness.class, name);
    }
}
