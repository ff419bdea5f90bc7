package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.Value;
import dev.scimserver.json.ScimJson;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Operations through a value path ("valuePath", RFC 7644 §3.5.2): the values of a complex attribute
 * that a filter selects, whole ({@code emails[type eq "work"]}) or one sub-attribute of each
 * ({@code emails[type eq "work"].value}). Only the matching values change, in place; a replace that
 * matches none is {@code noTarget} (§3.5.2.3), except what lenient mode accepts from Entra ID, which
 * creates the value the filter describes.
 */
final class ValuePath {
    private final SchemaChecks checks;
    private final boolean strict;

    ValuePath(SchemaChecks checks, boolean strict) {
        this.checks = checks;
        this.strict = strict;
    }

    /** A value-path target: {@code emails[type eq "work"]} or {@code emails[type eq "work"].value}. */
    JsonValue apply(PatchOperation.Op op, PatchTarget target, JsonValue current, JsonValue value, String text) {
        Attribute attribute = target.attribute();
        Predicate<JsonObject> matches;
        try {
            matches = FilterCompiler.compileElementFilter(new ResolvedPath(target.extension(), attribute, null), target.filter());
        } catch (ScimException e) {
            // The filter is part of the path (an unknown sub-attribute, a bad comparison): RFC 7644 §3.5.2 says invalidPath.
            throw PatchTarget.invalidPath("The path \"" + text + "\" cannot be used: " + e.detail());
        }
        List<JsonValue> items = attribute.multiValued() ? MultiValuedAttribute.list(current)
                : current instanceof JsonObject o ? List.of(o) : List.of();
        List<JsonValue> next = new ArrayList<>(items.size() + 1);
        List<JsonValue> changed = new ArrayList<>();
        boolean matched = false;
        JsonValue subValue = op != PatchOperation.Op.REMOVE && target.sub() != null ? checks.checked(target.sub(), value, text) : null;
        JsonObject elementValue = op != PatchOperation.Op.REMOVE && target.sub() == null ? element(attribute, value, text) : null;
        for (JsonValue item : items) {
            JsonObject element = item.asJsonObject();
            if (!matches.test(element)) {
                next.add(item);
                continue;
            }
            matched = true;
            if (op == PatchOperation.Op.REMOVE) {
                if (target.sub() != null) {
                    JsonObject without = ComplexAttribute.withSub(element, target.sub(), null);
                    SchemaChecks.checkImmutableSubs(attribute, element, without, text);
                    if (!without.isEmpty()) {
                        next.add(without);
                    }
                }
                continue;
            }
            JsonObject updated = target.sub() != null ? ComplexAttribute.withSub(element, target.sub(), subValue)
                    : ComplexAttribute.merge(element, elementValue);
            SchemaChecks.checkImmutableSubs(attribute, element, updated, text);
            next.add(updated);
            changed.add(updated);
        }
        if (!matched && op != PatchOperation.Op.REMOVE) {
            // RFC 7644 §3.5.2.3: a replace whose filter matches nothing is noTarget. Lenient mode makes one
            // exception, for what Entra ID sends: an add, or a replace of one sub-attribute of the element.
            if (strict || (op == PatchOperation.Op.REPLACE && target.sub() == null)) {
                throw new ScimException(400, "noTarget", "No value of " + attribute.name() + " matches \"" + text + "\"");
            }
            // Entra ID adds "emails[type eq \"work\"].value" before any work email exists: it means
            // "the work email", so create it from the filter's equalities.
            JsonObject created = ComplexAttribute.merge(fromEqualities(attribute, target.filter(), text),
                    target.sub() != null ? ComplexAttribute.withSub(JsonValue.EMPTY_JSON_OBJECT, target.sub(), subValue) : elementValue);
            next.add(created);
            changed.add(created);
        }
        if (!attribute.multiValued()) {
            return next.isEmpty() ? null : next.getFirst();
        }
        return MultiValuedAttribute.withPrimaryFrom(attribute, next, changed);
    }

    /** The value of an add or replace of whole selected elements: one object, checked. */
    private JsonObject element(Attribute attribute, JsonValue value, String text) {
        List<JsonValue> checked = checks.elements(attribute, value, text);
        if (checked.size() != 1 || !(checked.getFirst() instanceof JsonObject object)) {
            throw ScimException.invalidValue("The value for \"" + text + "\" must be one JSON object");
        }
        return object;
    }

    /** An element built from the equalities of a value filter: {@code type eq "work"} gives {"type":"work"}. */
    private JsonObject fromEqualities(Attribute attribute, Filter filter, String text) {
        JsonObjectBuilder element = ScimJson.createObjectBuilder();
        List<Filter> pending = new ArrayList<>(List.of(filter));
        while (!pending.isEmpty()) {
            Filter f = pending.removeLast();
            if (f instanceof Filter.And and) {
                pending.add(and.left());
                pending.add(and.right());
            } else if (f instanceof Filter.Compare c && c.operator() == CompareOperator.EQ && c.path().subAttribute() == null) {
                Attribute sub = attribute.subAttribute(c.path().attribute());
                JsonValue literal = switch (c.value()) {
                    case Value.Str str -> ScimJson.createArrayBuilder().add(str.value()).build().get(0);
                    case Value.Bool b -> b.value() ? JsonValue.TRUE : JsonValue.FALSE;
                    case Value.Num n -> ScimJson.createArrayBuilder().add(n.value()).build().get(0);
                    case Value.Null ignored -> null;
                };
                if (sub != null && literal != null) {
                    element.add(sub.name(), checks.checked(sub, literal, text));
                }
            } else {
                throw new ScimException(400, "noTarget", "No value of " + attribute.name() + " matches \"" + text
                        + "\", and the filter does not say what a new one would be");
            }
        }
        return element.build();
    }
}
