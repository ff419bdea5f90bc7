package dev.scimserver.schema;

/** RFC 7643 §2.2 "returned": when an attribute appears in a response. */
public enum Returned {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String scimName;

    Returned(String scimName) {
        this.scimName = scimName;
    }

    public String scimName() {
        return scimName;
    }

    public static Returned fromScimName(String name) {
        for (Returned r : values()) {
            if (r.scimName.equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }
}
