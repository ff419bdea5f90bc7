package dev.scimserver.patch;

import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.Attribute;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Operations on a singular complex attribute ({@code name}, {@code manager}): on the whole of it, or
 * on one sub-attribute ({@code name.givenName}). RFC 7644 §3.5.2.1 and §3.5.2.3: the sub-attributes
 * the value brings replace theirs and the others stay, so the value is merged, never swapped whole.
 * The edits of one complex value ({@link #merge}, {@link #withSub}) are also how multi-valued
 * attributes and value paths change their elements.
 */
final class ComplexAttribute {
    private final SchemaChecks checks;
    private final boolean strict;

    ComplexAttribute(SchemaChecks checks, boolean strict) {
        this.checks = checks;
        this.strict = strict;
    }

    /** add / replace of the whole attribute: the value's sub-attributes merged into the current ones. */
    JsonValue whole(Attribute attribute, JsonValue current, JsonValue value, String text) {
        JsonValue given = value;
        if (!strict && given instanceof JsonString && attribute.subAttribute("value") != null) {
            // Entra ID sends the manager as a bare id: it means {"value": id}.
            given = ScimJson.createObjectBuilder().add("value", given).build();
        }
        JsonValue checked = checks.checked(attribute, given, text);
        return merge(current instanceof JsonObject o ? o : null, checked instanceof JsonObject o ? o : null);
    }

    /** One sub-attribute without a filter: {@code name.givenName}; the attribute goes when its last sub-attribute does. */
    JsonValue subAttribute(PatchOperation.Op op, Attribute attribute, Attribute sub, JsonValue current, JsonValue value, String text) {
        JsonValue subValue = op == PatchOperation.Op.REMOVE ? null : checks.checked(sub, value, text);
        JsonObject object = current instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject changed = withSub(object, sub, subValue);
        SchemaChecks.checkImmutableSubs(attribute, object, changed, text);
        return emptyToNull(changed);
    }

    /** The sub-attributes of {@code base} with those of {@code changes} over them; either may be null. */
    static JsonObject merge(JsonObject base, JsonObject changes) {
        if (base == null) {
            return changes;
        }
        if (changes == null) {
            return base;
        }
        JsonObjectBuilder merged = ScimJson.createObjectBuilder(base);
        changes.forEach(merged::add);
        return merged.build();
    }

    /** The object with this sub-attribute set to the value, or without it when the value is null. */
    static JsonObject withSub(JsonObject object, Attribute sub, JsonValue value) {
        JsonObjectBuilder builder = ScimJson.createObjectBuilder(object);
        if (value == null) {
            builder.remove(sub.name());
        } else {
            builder.add(sub.name(), value);
        }
        return builder.build();
    }

    private static JsonValue emptyToNull(JsonObject object) {
        return object.isEmpty() ? null : object;
    }
}
