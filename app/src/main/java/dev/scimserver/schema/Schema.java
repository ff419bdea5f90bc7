package dev.scimserver.schema;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A schema (RFC 7643 §7): its URN, name and attributes, and the representation it was read from,
 * which is what {@code /Schemas} serves.
 */
public record Schema(String id, String name, String description, List<Attribute> attributes,
                     Map<String, Attribute> attributesByKey, JsonObject representation) {

    public Schema(String id, String name, String description, List<Attribute> attributes, JsonObject representation) {
        this(id, name, description, List.copyOf(attributes),
                attributes.stream().collect(Collectors.toUnmodifiableMap(a -> Attribute.key(a.name()), Function.identity())),
                representation);
    }

    /** The attribute with this name in any case, or null. */
    public Attribute attribute(String name) {
        return attributesByKey.get(Attribute.key(name));
    }
}
