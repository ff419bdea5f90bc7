package dev.scimserver.schema;

/** RFC 7643 §2.2 "returned": when an attribute appears in a response. */
public enum Returned implements ScimName {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String scimName;

    Returned(String scimName) {
        this.scimName = scimName;
    }

    @Override
    public String scimName() {
        return scimName;
    }

    /** Parses the schema spelling, case-insensitively; null when unknown. */
    public static Returned fromScimName(String name) {
        return ScimName.parse(Returned.class, name);
    }
}
