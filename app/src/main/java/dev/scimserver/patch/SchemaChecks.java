package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.ResourceValidator;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * What the schema lets an operation write. RFC 7644 §3.5.2: each operation "MUST be compatible with
 * the attribute's mutability and schema". A value is checked as it goes in, as a POST or PUT would
 * check it, and read-only and immutable attributes keep their values. Every kind of target asks here,
 * so a value path checks its value as an add of the whole attribute does.
 */
final class SchemaChecks {
    private final ResourceValidator validator;

    SchemaChecks(ResourceValidator validator) {
        this.validator = validator;
    }

    /** A value checked against its definition as a POST would check it; unknown sub-attributes are an error. */
    JsonValue checked(Attribute attribute, JsonValue value, String text) {
        List<String> unknown = new ArrayList<>();
        JsonValue checked = validator.value(attribute, value, text, unknown);
        if (!unknown.isEmpty()) {
            throw ScimException.invalidSyntax("Unknown attribute" + (unknown.size() > 1 ? "s" : "") + ": " + String.join(", ", unknown));
        }
        return checked;
    }

    /** The elements an add or replace on a multi-valued attribute brings, checked; a single value counts as one. */
    List<JsonValue> elements(Attribute attribute, JsonValue value, String text) {
        JsonArray given = value instanceof JsonArray array ? array : ScimJson.createArrayBuilder().add(value).build();
        return MultiValuedAttribute.list(checked(attribute, given, text));
    }

    /** A read-only attribute or sub-attribute is the server's to set (RFC 7643 §2.2); no operation may target it. */
    static void checkWritable(PatchTarget target, String text) {
        Attribute attribute = target.attribute();
        if (attribute.mutability() == Mutability.READ_ONLY
                || (target.sub() != null && target.sub().mutability() == Mutability.READ_ONLY)) {
            throw ScimException.mutability("\"" + text + "\" is read-only; the server sets it");
        }
    }

    /** An immutable attribute that has a value keeps it: the operation may only leave it as it is. */
    static void checkImmutable(Attribute attribute, JsonValue current, JsonValue next, String text) {
        if (attribute.mutability() == Mutability.IMMUTABLE && current != null && !current.equals(next)) {
            throw ScimException.mutability("\"" + text + "\" is immutable: it has a value that cannot be changed or removed");
        }
    }

    /**
     * An element changed in place must keep the values of its immutable sub-attributes (a Group's
     * {@code members.value}): {@link #checkImmutable} compares only the attribute as a whole, and a
     * multi-valued attribute may gain and lose whole elements, so the in-place case is checked here.
     */
    static void checkImmutableSubs(Attribute attribute, JsonObject before, JsonObject after, String text) {
        for (Attribute sub : attribute.subAttributes()) {
            JsonValue old = sub.mutability() == Mutability.IMMUTABLE ? before.get(sub.name()) : null;
            if (old != null && !old.equals(after.get(sub.name()))) {
                throw ScimException.mutability("\"" + text + "\" would change " + attribute.name() + "." + sub.name()
                        + ", which is immutable; remove the value and add a new one instead");
            }
        }
    }
}
