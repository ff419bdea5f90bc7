package dev.scimserver.patch;

import dev.scimserver.json.ListJsonArray;
import dev.scimserver.json.MemberValue;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.Attribute;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Operations on a multi-valued attribute without a value filter: on the whole of it ({@code emails},
 * {@code members}), or on one sub-attribute of every value ({@code emails.type}). RFC 7644 §3.5.2.1:
 * an add appends the values not already there; §3.5.2.2: a remove without a filter removes them all;
 * §3.5.2.3: a replace puts the new values in place of all the old ones. The values stay in the
 * {@link ListJsonArray} they came in, so a change to a list of 100,000 shares all but a chunk of it.
 * A Group's {@code members} come with {@link GroupMembers}, which answers membership from the index.
 */
final class MultiValuedAttribute {
    private final SchemaChecks checks;
    private final boolean strict;

    MultiValuedAttribute(SchemaChecks checks, boolean strict) {
        this.checks = checks;
        this.strict = strict;
    }

    /**
     * add / replace / remove of the whole attribute (no filter, no sub-attribute). {@code members} are
     * the member rules when this attribute is the patched group's {@code members}, else null.
     */
    JsonValue whole(PatchOperation.Op op, Attribute attribute, JsonValue current, JsonValue value, String text, GroupMembers members) {
        if (members != null && (op == PatchOperation.Op.REPLACE || (op == PatchOperation.Op.REMOVE && (strict || value == null)))) {
            members.listRewritten();
        }
        return switch (op) {
            case ADD -> {
                List<JsonValue> added = checks.elements(attribute, value, text);
                yield withPrimaryFrom(attribute, members != null && members.fromStore()
                        ? members.append(current, added) : append(attribute, current, added), added);
            }
            case REPLACE -> {
                List<JsonValue> replacement = checks.elements(attribute, value, text);
                yield withPrimaryFrom(attribute, replacement, replacement);
            }
            case REMOVE -> removeListed(attribute, current, value, members);
        };
    }

    /** A sub-attribute of every value: {@code emails.type}. A value left with no sub-attribute goes. */
    JsonValue subAttribute(PatchOperation.Op op, Attribute attribute, Attribute sub, JsonValue current, JsonValue value, String text) {
        JsonValue subValue = op == PatchOperation.Op.REMOVE ? null : checks.checked(sub, value, text);
        List<JsonValue> items = list(current);
        if (items.isEmpty() && op != PatchOperation.Op.REMOVE) {
            return ScimJson.createArrayBuilder().add(ComplexAttribute.withSub(JsonValue.EMPTY_JSON_OBJECT, sub, subValue)).build();
        }
        List<JsonValue> next = new ArrayList<>(items.size());
        for (JsonValue item : items) {
            JsonObject changed = ComplexAttribute.withSub(item.asJsonObject(), sub, subValue);
            SchemaChecks.checkImmutableSubs(attribute, item.asJsonObject(), changed, text);
            if (!changed.isEmpty()) {
                next.add(changed);
            }
        }
        return array(next);
    }

    /**
     * Appends values not already there (RFC 7644 §3.5.2.1: adding an existing value changes nothing).
     * Complex values are the same when their {@code value} sub-attributes are; else when equal.
     */
    private static List<JsonValue> append(Attribute attribute, JsonValue current, List<JsonValue> added) {
        List<JsonValue> items = list(current);
        List<JsonValue> result = new ArrayList<>(items.size() + added.size());
        result.addAll(items);
        List<JsonValue> fresh = new ArrayList<>(added.size());
        for (JsonValue candidate : added) {
            if (!contains(attribute, fresh, candidate)) {
                fresh.add(candidate);
            }
        }
        // One pass over the existing values, comparing without building keys: adding one member to a
        // 100,000-member group must not hash or lower-case 100,000 ids.
        boolean[] present = new boolean[fresh.size()];
        for (JsonValue item : items) {
            for (int k = 0; k < fresh.size(); k++) {
                if (!present[k] && same(attribute, item, fresh.get(k))) {
                    present[k] = true;
                }
            }
        }
        for (int k = 0; k < fresh.size(); k++) {
            if (!present[k]) {
                result.add(fresh.get(k));
            }
        }
        return result;
    }

    private static boolean contains(Attribute attribute, List<JsonValue> items, JsonValue candidate) {
        for (JsonValue item : items) {
            if (same(attribute, item, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Two values are the same value: complex ones when their {@code value} sub-attributes are, else when equal. */
    private static boolean same(Attribute attribute, JsonValue a, JsonValue b) {
        if (attribute.isComplex() && a instanceof JsonObject x && b instanceof JsonObject y
                && x.get("value") instanceof JsonString xv && y.get("value") instanceof JsonString yv) {
            return valueCaseExact(attribute) ? xv.getString().equals(yv.getString())
                    : xv.getString().equalsIgnoreCase(yv.getString());
        }
        return a.equals(b);
    }

    private static boolean valueCaseExact(Attribute attribute) {
        for (Attribute sub : attribute.subAttributes()) {
            if (sub.name().equals("value")) {
                return sub.caseExact();
            }
        }
        return false;
    }

    /**
     * {@code remove} of a whole multi-valued attribute. Entra ID sends the members to remove as the
     * value ({@code "path":"members","value":[{"value":id}]}); lenient mode removes only those, where
     * an RFC-literal server would empty the group.
     */
    private JsonValue removeListed(Attribute attribute, JsonValue current, JsonValue value, GroupMembers members) {
        if (strict || value == null || value == JsonValue.NULL || !attribute.isComplex()) {
            return null;
        }
        List<JsonValue> doomed = new ArrayList<>();
        for (JsonValue item : list(value instanceof JsonArray ? value : ScimJson.createArrayBuilder().add(value).build())) {
            if (item instanceof JsonObject) {
                doomed.add(item);
            } else if (item instanceof JsonString) {
                doomed.add(ScimJson.createObjectBuilder().add("value", item).build());
            }
        }
        List<String> doomedIds = new ArrayList<>();
        for (JsonValue item : doomed) {
            if (item instanceof JsonObject o && o.get("value") instanceof JsonString v) {
                doomedIds.add(v.getString());
            }
        }
        return removeMatching(attribute, current, doomed, doomedIds, members);
    }

    /**
     * The values without those equal to one of {@code doomed}; {@code doomedIds} are the ids among them.
     * {@code members}, when not null, learn that these ids are no longer members.
     */
    static JsonValue removeMatching(Attribute attribute, JsonValue current, List<JsonValue> doomed, List<String> doomedIds,
                                    GroupMembers members) {
        // Compare ids directly, without per-element look-ups of the schema.
        boolean caseExact = valueCaseExact(attribute);
        if (members != null) {
            members.removed(doomedIds);
        }
        int[] doomedHashes = doomedIds.stream().mapToInt(MemberValue::folded).toArray();
        Predicate<JsonValue> isDoomed = item -> {
            if (item instanceof MemberValue m) {
                for (int k = 0; k < doomedHashes.length; k++) {
                    if (m.foldedHash() == doomedHashes[k] && matches(m.id(), doomedIds.get(k), caseExact)) {
                        return true;
                    }
                }
                return false;
            }
            if (item instanceof JsonObject o && o.get("value") instanceof JsonString v) {
                return doomedIds.stream().anyMatch(id -> matches(v.getString(), id, caseExact));
            }
            return contains(attribute, doomed, item);
        };
        List<JsonValue> items = list(current);
        // A shared member list names the few positions whose id hash fits (every doomed value has an id,
        // so a member without a fitting hash cannot match); anything else is walked whole.
        int[] positions = current instanceof ListJsonArray shared && doomedIds.size() == doomed.size()
                ? shared.candidates(doomedHashes) : null;
        int candidates = positions == null ? items.size() : positions.length;
        int[] gone = new int[candidates];
        int count = 0;
        for (int c = 0; c < candidates; c++) {
            int position = positions == null ? c : positions[c];
            if (isDoomed.test(items.get(position))) {
                gone[count++] = position;
            }
        }
        return without(current, Arrays.copyOf(gone, count));
    }

    /**
     * The values without those at these positions (ascending). A list this engine built before keeps
     * its untouched chunks: removing one member of 100,000 copies one chunk, not the list.
     */
    private static JsonValue without(JsonValue current, int[] positions) {
        if (current instanceof ListJsonArray shared) {
            ListJsonArray rest = shared.without(positions);
            return rest.isEmpty() ? null : rest;
        }
        List<JsonValue> items = list(current);
        List<JsonValue> kept = new ArrayList<>(items.size() - positions.length);
        int p = 0;
        for (int i = 0; i < items.size(); i++) {
            if (p < positions.length && positions[p] == i) {
                p++;
            } else {
                kept.add(items.get(i));
            }
        }
        return array(kept);
    }

    private static boolean matches(String id, String other, boolean caseExact) {
        return caseExact ? id.equals(other) : id.equalsIgnoreCase(other);
    }

    /** RFC 7643 §2.4: at most one value is primary; the one this operation set wins. */
    static JsonValue withPrimaryFrom(Attribute attribute, List<JsonValue> items, List<JsonValue> fromOperation) {
        if (attribute.subAttribute("primary") == null) {
            return array(items);
        }
        JsonValue winner = null;
        for (JsonValue item : fromOperation) {
            if (item instanceof JsonObject o && o.get("primary") == JsonValue.TRUE) {
                winner = item;
            }
        }
        // A primary value that was not added (an equal value was already there) takes nothing from the others.
        if (winner == null || !containsSame(items, winner)) {
            return array(items);
        }
        List<JsonValue> result = new ArrayList<>(items.size());
        boolean kept = false;
        for (JsonValue item : items) {
            if (item instanceof JsonObject o && o.get("primary") == JsonValue.TRUE && (item != winner || kept)) {
                result.add(ScimJson.createObjectBuilder(o).add("primary", false).build());
            } else {
                kept |= item == winner;
                result.add(item);
            }
        }
        return array(result);
    }

    private static boolean containsSame(List<JsonValue> items, JsonValue wanted) {
        for (JsonValue item : items) {
            if (item == wanted) {
                return true;
            }
        }
        return false;
    }

    /** The values of an attribute as a list: an array's elements, a single value as one, nothing as none. */
    static List<JsonValue> list(JsonValue value) {
        return value instanceof JsonArray array ? array : value == null ? List.of() : List.of(value);
    }

    /** The values as the attribute's array, or null (no attribute) when there are none. */
    static JsonValue array(List<JsonValue> items) {
        if (items instanceof ListJsonArray built) {
            return built.isEmpty() ? null : built;
        }
        return items.isEmpty() ? null : new ListJsonArray(items);
    }
}
