package dev.scimserver.query;

import dev.scimserver.filter.AttributePath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An attribute path ({@code userName}, {@code emails.value}, {@code urn:…:enterprise:2.0:User:manager.value})
 * resolved against one resource type: where the attribute lives in a stored representation and
 * which definition says how to compare it.
 *
 * @param extension    the extension URN whose object holds the attribute, or null for the top level
 * @param attribute    the attribute
 * @param subAttribute the sub-attribute named by the path, or null
 */
public record ResolvedPath(String extension, Attribute attribute, Attribute subAttribute) {

    /** Resolves a parsed path against a resource type; null when the type has no such attribute. */
    public static ResolvedPath resolve(ResourceType type, AttributePath path) {
        String extension = null;
        Attribute attribute;
        if (path.schemaUrn() != null) {
            if (path.schemaUrn().equalsIgnoreCase(type.schema().id())) {
                attribute = type.schema().attribute(path.attribute());
            } else {
                ResourceType.Extension ext = type.extension(path.schemaUrn());
                if (ext == null) {
                    return null;
                }
                extension = ext.schema().id();
                attribute = ext.schema().attribute(path.attribute());
            }
        } else {
            attribute = CommonAttributes.find(path.attribute());
            if (attribute == null) {
                attribute = type.schema().attribute(path.attribute());
            }
        }
        if (attribute == null) {
            return null;
        }
        Attribute sub = null;
        if (path.subAttribute() != null) {
            sub = attribute.subAttribute(path.subAttribute());
            if (sub == null) {
                return null;
            }
        }
        return new ResolvedPath(extension, attribute, sub);
    }

    /** Resolves a sub-attribute name inside a value path filter ({@code type} in {@code emails[type eq "work"]}). */
    public static ResolvedPath resolveWithin(ResolvedPath parent, String name) {
        Attribute sub = parent.attribute().subAttribute(name);
        return sub == null ? null : new ResolvedPath(parent.extension(), parent.attribute(), sub);
    }

    /**
     * The definition values are compared by: the sub-attribute, or for a multi-valued complex
     * attribute named alone its {@code value} sub-attribute (RFC 7644 §3.4.2.2: {@code emails eq "x"}),
     * else the attribute itself.
     */
    public Attribute target() {
        if (subAttribute != null) {
            return subAttribute;
        }
        if (attribute.isComplex()) {
            Attribute value = attribute.subAttribute("value");
            return value != null ? value : attribute;
        }
        return attribute;
    }

    /** A canonical, case-insensitive name for this path, used as an index name. */
    public String key() {
        StringBuilder key = new StringBuilder();
        if (extension != null) {
            key.append(extension).append(':');
        }
        key.append(attribute.name());
        Attribute target = target();
        if (target != attribute) {
            key.append('.').append(target.name());
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }

    /** The value of the attribute itself (single value, array or object) in a stored representation, or null. */
    public JsonValue attributeValue(JsonObject resource) {
        JsonObject container = resource;
        if (extension != null) {
            JsonValue ext = resource.get(extension);
            if (!(ext instanceof JsonObject object)) {
                return null;
            }
            container = object;
        }
        return container.get(attribute.name());
    }

    /** Every value of {@link #target()} in a resource: one per element of a multi-valued attribute. */
    public List<JsonValue> values(JsonObject resource) {
        return valuesOf(attributeValue(resource));
    }

    /** Every value of {@link #target()} in a value of the attribute (one element, or an array of them). */
    public List<JsonValue> valuesOf(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        Attribute target = target();
        if (target == attribute) {
            if (value instanceof JsonArray array) {
                return array;
            }
            return List.of(value);
        }
        List<JsonValue> result = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                addSub(item, target, result);
            }
        } else {
            addSub(value, target, result);
        }
        return result;
    }

    private static void addSub(JsonValue item, Attribute sub, List<JsonValue> out) {
        if (item instanceof JsonObject object) {
            JsonValue v = object.get(sub.name());
            if (v != null && v != JsonValue.NULL) {
                out.add(v);
            }
        }
    }

    /** A string value as an index or uniqueness comparison sees it: lower-cased unless caseExact. */
    public static String normalize(Attribute attribute, String text) {
        return attribute.caseExact() ? text : text.toLowerCase(Locale.ROOT);
    }

    /** The normalised index entries of this path in a resource (strings only). */
    public List<String> indexValues(JsonObject resource) {
        return indexValuesOf(attributeValue(resource));
    }

    /** The normalised index entries of a value of the attribute (one element, or an array of them). */
    public List<String> indexValuesOf(JsonValue attributeValue) {
        List<String> result = new ArrayList<>();
        for (JsonValue value : valuesOf(attributeValue)) {
            if (value instanceof JsonString s) {
                result.add(normalize(target(), s.getString()));
            }
        }
        return result;
    }

    /** The schema that defines this path's attribute, for messages. */
    public String displayName() {
        return (extension != null ? extension + ":" : "") + attribute.name() + (subAttribute != null ? "." + subAttribute.name() : "");
    }
}
