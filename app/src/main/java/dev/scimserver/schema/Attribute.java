package dev.scimserver.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One attribute definition of a schema (RFC 7643 §7): its type and characteristics, and for
 * complex attributes the sub-attributes. Look-ups by name are case-insensitive, as RFC 7643 §2.1
 * asks; the definition's own spelling is what responses use.
 */
public record Attribute(
        String name,
        AttributeType type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<Attribute> subAttributes,
        Map<String, Attribute> subAttributesByKey) {

    public Attribute {
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
        subAttributesByKey = subAttributes.stream()
                .collect(Collectors.toUnmodifiableMap(a -> key(a.name()), Function.identity()));
    }

    /** A simple attribute with the RFC 7643 §2.2 defaults for everything not given. */
    public static Attribute simple(String name, AttributeType type, boolean caseExact, Mutability mutability,
                                   Returned returned, Uniqueness uniqueness) {
        return new Attribute(name, type, false, "", false, caseExact, mutability, returned, uniqueness,
                List.of(), List.of(), List.of(), Map.of());
    }

    /** The sub-attribute with this name in any case, or null. */
    public Attribute subAttribute(String name) {
        return subAttributesByKey.get(key(name));
    }

    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    /** The canonical look-up key of an attribute name: names compare case-insensitively. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
