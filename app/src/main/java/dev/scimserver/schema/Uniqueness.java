package dev.scimserver.schema;

/** RFC 7643 §2.2 "uniqueness": the scope within which a value must be unique. */
public enum Uniqueness {
    NONE("none"),
    SERVER("server"),
    GLOBAL("global");

    private final String scimName;

    Uniqueness(String scimName) {
        this.scimName = scimName;
    }

    public String scimName() {
        return scimName;
    }

    public static Uniqueness fromScimName(String name) {
        for (Uniqueness u : values()) {
            if (u.scimName.equalsIgnoreCase(name)) {
                return u;
            }
        }
        return null;
    }
}
