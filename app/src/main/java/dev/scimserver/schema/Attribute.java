package dev.scimserver.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Keys of the names seen so far: every attribute of every resource is looked up by its name. */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    /** Past this many names, keys are computed afresh: the names come from clients, so they are not bounded. */
    private static final int MAX_CACHED_KEYS = 4096;

    /** The canonical look-up key of an attribute name: names compare case-insensitively. */
    public static String key(String name) {
        // Lower-casing allocated a String for every camel-case name of every resource read, a tenth of
        // the time a restore spent on its own thread; a look-up allocates nothing.
        String key = KEYS.get(name);
        if (key == null) {
            key = name.toLowerCase(Locale.ROOT);
            if (KEYS.size() < MAX_CACHED_KEYS) {
                KEYS.putIfAbsent(name, key);
            }
        }
        return key;
    }
}
