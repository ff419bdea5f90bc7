package dev.scimserver.schema;

/** An enum of RFC 7643 keywords: each constant knows how the schema representation spells it. */
interface ScimName {
    String scimName();

    /** The constant spelled {@code name} in any case, or null. */
    static <E extends Enum<E> & ScimName> E parse(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.scimName().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        return null;
    }
}
