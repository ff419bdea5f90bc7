package dev.scimserver.schema;

/** RFC 7643 §2.2 "mutability": who may write an attribute, and when. */
public enum Mutability {
    READ_ONLY("readOnly"),
    READ_WRITE("readWrite"),
    IMMUTABLE("immutable"),
    WRITE_ONLY("writeOnly");

    private final String scimName;

    Mutability(String scimName) {
        this.scimName = scimName;
    }

    public String scimName() {
        return scimName;
    }

    public static Mutability fromScimName(String name) {
        for (Mutability m : values()) {
            if (m.scimName.equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }
}
