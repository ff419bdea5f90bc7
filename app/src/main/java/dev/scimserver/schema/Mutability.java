package dev.scimserver.schema;

/** RFC 7643 §2.2 "mutability": who may write an attribute, and when. */
public enum Mutability implements ScimName {
    READ_ONLY("readOnly"),
    READ_WRITE("readWrite"),
    IMMUTABLE("immutable"),
    WRITE_ONLY("writeOnly");

    private final String scimName;

    Mutability(String scimName) {
        this.scimName = scimName;
    }

    @Override
    public String scimName() {
        return scimName;
    }

    /** Parses the schema spelling, case-insensitively; null when unknown. */
    public static Mutability fromScimName(String name) {
        return ScimName.parse(Mutability.class, name);
    }
}
