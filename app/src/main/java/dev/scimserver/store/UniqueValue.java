package dev.scimserver.store;

import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Uniqueness;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A value that at most one resource may hold within a scope: a resource type's id for
 * {@code uniqueness: server}, {@link #GLOBAL} for {@code uniqueness: global}. The value is
 * already normalised (lower-cased unless the attribute is caseExact), so backends compare exactly.
 */
public record UniqueValue(String scope, String attribute, String value) {
    public static final String GLOBAL = "*";

    /** The unique values of a stored representation, normalised for comparison. */
    public static Set<UniqueValue> of(ResourceType type, JsonObject body) {
        Set<UniqueValue> values = new HashSet<>();
        collectUnique(type, type.schema().attributes(), body, "", values);
        for (ResourceType.Extension extension : type.extensions()) {
            JsonObject ext = body.getJsonObject(extension.schema().id());
            if (ext != null) {
                collectUnique(type, extension.schema().attributes(), ext, extension.schema().id() + ":", values);
            }
        }
        return values;
    }

    private static void collectUnique(ResourceType type, List<Attribute> attributes, JsonObject values, String prefix,
                                      Set<UniqueValue> out) {
        for (Attribute attribute : attributes) {
            if (attribute.uniqueness() == Uniqueness.NONE || attribute.multiValued() || attribute.isComplex()) {
                continue;
            }
            JsonValue value = values.get(attribute.name());
            if (value == null) {
                continue;
            }
            String text = ResolvedPath.normalize(attribute, value instanceof JsonString s ? s.getString() : value.toString());
            String scope = attribute.uniqueness() == Uniqueness.GLOBAL ? UniqueValue.GLOBAL : type.id();
            out.add(new UniqueValue(scope, prefix + attribute.name(), text));
        }
    }
}
