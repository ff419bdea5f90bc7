package dev.scimserver.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads Schema representations (the shape {@code /Schemas} returns, RFC 7643 §7) into {@link Schema}s.
 * Characteristics left out take the RFC 7643 §2.2 defaults; anything of the wrong shape is
 * rejected with a message naming the schema and attribute, since a half-understood schema would
 * silently accept or refuse the wrong data.
 */
public final class SchemaReader {
    private SchemaReader() {
    }

    public static Schema read(JsonObject json, String source) {
        String id = requiredString(json, "id", source + ": a schema");
        String where = source + ": schema " + id;
        List<Attribute> attributes = attributes(json.get("attributes"), where);
        return new Schema(id, optionalString(json, "name", "", where), optionalString(json, "description", "", where),
                attributes, json);
    }

    private static List<Attribute> attributes(JsonValue value, String where) {
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new SchemaDefinitionException(where + ": \"attributes\" must be an array");
        }
        List<Attribute> result = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new SchemaDefinitionException(where + ": every attribute must be an object");
            }
            Attribute attribute = attribute(item.asJsonObject(), where);
            if (!seen.add(Attribute.key(attribute.name()))) {
                throw new SchemaDefinitionException(where + ": attribute \"" + attribute.name() + "\" is defined twice");
            }
            result.add(attribute);
        }
        return result;
    }

    private static Attribute attribute(JsonObject json, String where) {
        String name = requiredString(json, "name", where + ": an attribute");
        String here = where + ", attribute " + name;
        AttributeType type = characteristic(json, "type", "string", AttributeType::fromScimName, here);
        List<Attribute> subAttributes = attributes(json.get("subAttributes"), here);
        if (type == AttributeType.COMPLEX && subAttributes.isEmpty()) {
            throw new SchemaDefinitionException(here + ": a complex attribute needs \"subAttributes\"");
        }
        if (type != AttributeType.COMPLEX && !subAttributes.isEmpty()) {
            throw new SchemaDefinitionException(here + ": only complex attributes may have \"subAttributes\"");
        }
        return new Attribute(name, type,
                bool(json, "multiValued", false, here),
                optionalString(json, "description", "", here),
                bool(json, "required", false, here),
                bool(json, "caseExact", false, here),
                characteristic(json, "mutability", "readWrite", Mutability::fromScimName, here),
                characteristic(json, "returned", "default", Returned::fromScimName, here),
                characteristic(json, "uniqueness", "none", Uniqueness::fromScimName, here),
                strings(json, "canonicalValues", here),
                strings(json, "referenceTypes", here),
                subAttributes, Map.of());
    }

    private static <T> T characteristic(JsonObject json, String key, String fallback, Function<String, T> parse, String where) {
        String text = optionalString(json, key, fallback, where);
        T value = parse.apply(text);
        if (value == null) {
            throw new SchemaDefinitionException(where + ": \"" + key + "\" has an unknown value \"" + text + "\"");
        }
        return value;
    }

    static String requiredString(JsonObject json, String key, String where) {
        JsonValue value = json.get(key);
        if (!(value instanceof JsonString s) || s.getString().isBlank()) {
            throw new SchemaDefinitionException(where + " has no \"" + key + "\" string");
        }
        return s.getString();
    }

    static String optionalString(JsonObject json, String key, String fallback, String where) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new SchemaDefinitionException(where + ": \"" + key + "\" must be a string, not " + value);
    }

    static boolean bool(JsonObject json, String key, boolean fallback, String where) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new SchemaDefinitionException(where + ": \"" + key + "\" must be true or false");
    }

    private static List<String> strings(JsonObject json, String key, String where) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new SchemaDefinitionException(where + ": \"" + key + "\" must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new SchemaDefinitionException(where + ": \"" + key + "\" must be an array of strings");
            }
            result.add(s.getString());
        }
        return result;
    }
}
