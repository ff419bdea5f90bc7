package dev.scimserver.schema;

import java.util.List;
import java.util.Map;

/**
 * The attributes every resource has outside any schema (RFC 7643 §3.1): {@code id},
 * {@code externalId} and {@code meta}. They are defined here, in code, because the RFC describes
 * them in prose rather than in a schema representation.
 */
public final class CommonAttributes {
    public static final String SCHEMAS = "schemas";
    public static final String ID = "id";
    public static final String EXTERNAL_ID = "externalId";
    public static final String META = "meta";

    public static final Attribute ID_ATTRIBUTE = Attribute.simple(ID, AttributeType.STRING, true,
            Mutability.READ_ONLY, Returned.ALWAYS, Uniqueness.SERVER);
    public static final Attribute EXTERNAL_ID_ATTRIBUTE = Attribute.simple(EXTERNAL_ID, AttributeType.STRING, true,
            Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE);
    public static final Attribute META_ATTRIBUTE = new Attribute(META, AttributeType.COMPLEX, false,
            "Resource metadata", false, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE,
            List.of(), List.of(), List.of(
                    Attribute.simple("resourceType", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    Attribute.simple("created", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    Attribute.simple("lastModified", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    Attribute.simple("location", AttributeType.REFERENCE, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    Attribute.simple("version", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE)),
            Map.of());

    public static final List<Attribute> ALL = List.of(ID_ATTRIBUTE, EXTERNAL_ID_ATTRIBUTE, META_ATTRIBUTE);

    private CommonAttributes() {
    }

    /** The common attribute with this name in any case, or null. */
    public static Attribute find(String name) {
        for (Attribute a : ALL) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }
}
