package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ListJsonArray;
import dev.scimserver.json.MemberValue;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceValidator;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.PatchPath;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.filter.Value;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to the writable attributes of one resource. Works on
 * a copy: the caller gets the result only when every operation succeeded, so a failing request
 * changes nothing. Each value is checked against the schema as it goes in, as PUT would check it;
 * attributes no operation touches are not looked at again, which keeps a one-member change to a
 * large group cheap.
 */
public final class PatchEngine {
    private final ResourceType type;
    private final ResourceValidator validator;
    private final boolean strict;
    private final Map<String, JsonValue> core = new LinkedHashMap<>();
    private final Map<String, Map<String, JsonValue>> extensions = new LinkedHashMap<>();
    /**
     * Extensions kept in {@code schemas} even without a value: declared so by the stored resource
     * (an empty extension object) or by an operation on the extension's root, until a remove of that
     * root. An extension emptied attribute by attribute is not in here and drops out, as before.
     */
    private final Set<String> declared = new HashSet<>();

    /** Where an operation points: an attribute (maybe with a value filter and a sub-attribute), or a whole extension. */
    private record Target(String extension, Attribute attribute, Filter filter, Attribute sub) {
        boolean isExtensionRoot() {
            return attribute == null;
        }
    }

    /**
     * What the engine asks about the members of the group it patches. A group may have 100,000 of
     * them; these answers come from the membership index instead of a walk through the list.
     */
    public interface MemberRules {
        /** The attribute these rules answer for: a Group's {@code members}. */
        String MEMBERS = "members";

        /** Whether this id is a member already. */
        boolean isMember(String id);

        /** A new member as it will be stored (checked to exist, {@code type} set), or a 400. */
        JsonObject checked(JsonObject member);
    }

    private MemberRules memberRules;
    /**
     * While true, the working member list is the stored one plus the ids below, so "is X a member?"
     * can be asked of the index and corrected by this request's own changes. An operation that
     * rewrites the list wholesale (replace, remove all, value paths) ends that, and membership is
     * then read from the working list itself.
     */
    private boolean membersFromStore = true;
    private final Set<String> membersAdded = new HashSet<>();
    private final Set<String> membersRemoved = new HashSet<>();

    public PatchEngine(ResourceType type, ResourceValidator validator, boolean strict, JsonObject stored) {
        this.type = type;
        this.validator = validator;
        this.strict = strict;
        for (Map.Entry<String, JsonValue> entry : stored.entrySet()) {
            String key = entry.getKey();
            if (key.equals(CommonAttributes.SCHEMAS) || key.equals(CommonAttributes.ID) || key.equals(CommonAttributes.META)) {
                continue;
            }
            ResourceType.Extension extension = type.extension(key);
            if (extension != null) {
                JsonObject values = entry.getValue().asJsonObject();
                extensions.put(extension.schema().id(), new LinkedHashMap<>(values));
                if (values.isEmpty()) {
                    declared.add(extension.schema().id());
                }
            } else {
                core.put(key, entry.getValue());
            }
        }
    }

    /** Used for the {@code members} of a group; without it members are compared by walking the list. */
    public PatchEngine withMemberRules(MemberRules rules) {
        this.memberRules = rules;
        return this;
    }

    public void apply(PatchOperation operation) {
        if (operation.path() == null) {
            applyWithoutPath(operation);
            return;
        }
        Target target = resolve(operation.path(), operation.text());
        apply(operation.op(), target, operation.value(), operation.text());
    }

    /** The writable attributes after the operations, in schema order, as {@link ResourceValidator#writableAttributes} returns them. */
    public JsonObject result() {
        JsonObjectBuilder out = ScimJson.createObjectBuilder();
        for (Attribute attribute : CommonAttributes.ALL) {
            JsonValue v = core.get(attribute.name());
            if (v != null) {
                out.add(attribute.name(), v);
            }
        }
        for (Attribute attribute : type.schema().attributes()) {
            JsonValue v = core.get(attribute.name());
            if (v != null) {
                out.add(attribute.name(), v);
            }
        }
        for (ResourceType.Extension extension : type.extensions()) {
            Map<String, JsonValue> values = extensions.get(extension.schema().id());
            if (values == null || values.isEmpty() && !declared.contains(extension.schema().id())) {
                continue;
            }
            JsonObjectBuilder ext = ScimJson.createObjectBuilder();
            for (Attribute attribute : extension.schema().attributes()) {
                JsonValue v = values.get(attribute.name());
                if (v != null) {
                    ext.add(attribute.name(), v);
                }
            }
            out.add(extension.schema().id(), ext);
        }
        return out.build();
    }

    // ---- targets

    private Target resolve(PatchPath path, String text) {
        AttributePath attributePath = path.attribute();
        if (attributePath.schemaUrn() != null && attributePath.subAttribute() == null && path.valueFilter() == null) {
            ResourceType.Extension root = type.extension(attributePath.schemaUrn() + ":" + attributePath.attribute());
            if (root != null) {
                return new Target(root.schema().id(), null, null, null);
            }
        }
        ResolvedPath resolved = ResolvedPath.resolve(type, attributePath);
        if (resolved == null) {
            throw invalidPath("The path \"" + text + "\" names no attribute of " + type.name());
        }
        Attribute sub = resolved.subAttribute();
        if (path.subAttribute() != null) {
            sub = resolved.attribute().subAttribute(path.subAttribute());
            if (sub == null || resolved.subAttribute() != null) {
                throw invalidPath("The path \"" + text + "\" names no sub-attribute of " + resolved.attribute().name());
            }
        }
        if (path.valueFilter() != null && !resolved.attribute().isComplex()) {
            throw invalidPath("The path \"" + text + "\" filters " + resolved.attribute().name() + ", which has no sub-attributes");
        }
        if (path.valueFilter() != null && !resolved.attribute().multiValued() && strict) {
            throw invalidPath("The path \"" + text + "\" filters the single-valued " + resolved.attribute().name());
        }
        return new Target(resolved.extension(), resolved.attribute(), path.valueFilter(), sub);
    }

    private void checkWritable(Target target, String text) {
        Attribute attribute = target.attribute();
        if (attribute.mutability() == Mutability.READ_ONLY
                || (target.sub() != null && target.sub().mutability() == Mutability.READ_ONLY)) {
            throw ScimException.mutability("\"" + text + "\" is read-only; the server sets it");
        }
    }

    // ---- operations

    private void applyWithoutPath(PatchOperation operation) {
        if (operation.op() == PatchOperation.Op.REMOVE) {
            throw new ScimException(400, "noTarget", "A remove operation needs a 'path' naming what to remove");
        }
        if (!(operation.value() instanceof JsonObject values)) {
            throw ScimException.invalidValue("Without a 'path', the value of " + operation.op().name().toLowerCase()
                    + " must be a JSON object of attributes");
        }
        for (Map.Entry<String, JsonValue> entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.equalsIgnoreCase(CommonAttributes.SCHEMAS)) {
                continue;
            }
            ResourceType.Extension extension = type.extension(key);
            if (extension != null) {
                apply(operation.op(), new Target(extension.schema().id(), null, null, null), entry.getValue(), key);
                continue;
            }
            PatchPath path = keyAsPath(key);
            Target target;
            try {
                target = resolve(path, key);
            } catch (ScimException e) {
                // A key of the value is an attribute name, not a path: an unknown one is invalidSyntax, as
                // in a POST body and as for an unknown key inside an extension object here.
                if ("invalidPath".equals(e.scimType())) {
                    throw ScimException.invalidSyntax("Unknown attribute '" + key + "' in the value of a path-less operation");
                }
                throw e;
            }
            if (target.attribute().mutability() == Mutability.READ_ONLY && !strict) {
                continue; // a whole representation sent back (id, meta, groups): nothing to change there
            }
            apply(operation.op(), target, entry.getValue(), key);
        }
    }

    /**
     * A key of a path-less value: an attribute name, or a URN-qualified one. Entra ID also sends
     * dotted sub-attribute keys ({@code "name.givenName"}); lenient mode takes them as paths.
     */
    private PatchPath keyAsPath(String key) {
        try {
            PatchPath path = ScimFilters.parsePath(key);
            if (path.valueFilter() != null || (strict && path.attribute().subAttribute() != null)) {
                throw ScimException.invalidSyntax("Unknown attribute '" + key + "' in the value of a path-less operation");
            }
            return path;
        } catch (FilterParseException e) {
            throw ScimException.invalidSyntax("Unknown attribute '" + key + "' in the value of a path-less operation");
        }
    }

    private void apply(PatchOperation.Op op, Target target, JsonValue value, String text) {
        if (target.isExtensionRoot()) {
            extensionRoot(op, target.extension(), value, text);
            return;
        }
        checkWritable(target, text);
        String memberId = op == PatchOperation.Op.REMOVE && target.sub() == null && rulesFor(target.attribute()) != null
                ? memberIdOf(target.filter()) : null;
        if (memberId != null) {
            // members[value eq "id"]: the RFC's way to remove one member. The same as a remove by value,
            // so it takes that path (a look at the few positions whose id hash fits), not a filter on every member.
            JsonValue current = get(target);
            set(target, removeMatching(target.attribute(), current,
                    List.of(ScimJson.createObjectBuilder().add("value", memberId).build()), List.of(memberId)));
            return;
        }
        if ((target.filter() != null || target.sub() != null) && rulesFor(target.attribute()) != null) {
            membersFromStore = false;
        }
        JsonValue current = get(target);
        JsonValue next;
        if (target.filter() != null) {
            next = valuePath(op, target, current, value, text);
        } else if (target.sub() != null) {
            next = subAttribute(op, target, current, value, text);
        } else {
            next = wholeAttribute(op, target.attribute(), current, value, text);
        }
        checkImmutable(target.attribute(), current, next, text);
        set(target, next);
    }

    private void extensionRoot(PatchOperation.Op op, String urn, JsonValue value, String text) {
        if (op == PatchOperation.Op.REMOVE) {
            declared.remove(urn);
            Map<String, JsonValue> removed = extensions.remove(urn);
            if (removed != null) {
                for (Map.Entry<String, JsonValue> entry : removed.entrySet()) {
                    Attribute attribute = type.extension(urn).schema().attribute(entry.getKey());
                    checkImmutable(attribute, entry.getValue(), null, urn + ":" + entry.getKey());
                }
            }
            return;
        }
        if (!(value instanceof JsonObject values)) {
            throw ScimException.invalidValue("The value for \"" + text + "\" must be a JSON object of its attributes");
        }
        declared.add(urn);
        extensions.computeIfAbsent(urn, k -> new LinkedHashMap<>());
        for (Map.Entry<String, JsonValue> entry : values.entrySet()) {
            if (!strict && entry.getKey().equalsIgnoreCase(CommonAttributes.SCHEMAS) && namesSchema(entry.getValue(), urn)) {
                // scim2-models sends the extension object with its own "schemas"; it says what the path says.
                continue;
            }
            Attribute attribute = type.extension(urn).schema().attribute(entry.getKey());
            if (attribute == null) {
                throw ScimException.invalidSyntax("Unknown attribute '" + urn + ":" + entry.getKey() + "'");
            }
            if (attribute.mutability() == Mutability.READ_ONLY) {
                continue;
            }
            apply(op, new Target(urn, attribute, null, null), entry.getValue(), urn + ":" + attribute.name());
        }
    }

    private static boolean namesSchema(JsonValue schemas, String urn) {
        return schemas instanceof JsonArray array
                && array.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equalsIgnoreCase(urn));
    }

    /** add / replace / remove of a whole attribute (no filter, no sub-attribute). */
    private JsonValue wholeAttribute(PatchOperation.Op op, Attribute attribute, JsonValue current, JsonValue value, String text) {
        if (attribute.multiValued()) {
            MemberRules rules = rulesFor(attribute);
            if (rules != null && (op == PatchOperation.Op.REPLACE || (op == PatchOperation.Op.REMOVE && (strict || value == null)))) {
                membersFromStore = false;
            }
            return switch (op) {
                case ADD -> {
                    List<JsonValue> added = elements(attribute, value, text);
                    yield withPrimaryFrom(attribute, rules != null && membersFromStore
                            ? appendMembers(current, added, rules) : append(attribute, current, added), added);
                }
                case REPLACE -> {
                    List<JsonValue> replacement = elements(attribute, value, text);
                    yield withPrimaryFrom(attribute, replacement, replacement);
                }
                case REMOVE -> removeListed(attribute, current, value, text);
            };
        }
        if (op == PatchOperation.Op.REMOVE) {
            return null;
        }
        if (attribute.isComplex()) {
            JsonValue given = value;
            if (!strict && given instanceof JsonString && attribute.subAttribute("value") != null) {
                // Entra ID sends the manager as a bare id: it means {"value": id}.
                given = ScimJson.createObjectBuilder().add("value", given).build();
            }
            JsonValue checked = checked(attribute, given, text);
            return merge(current instanceof JsonObject o ? o : null, checked instanceof JsonObject o ? o : null);
        }
        return checked(attribute, value, text);
    }

    /** A sub-attribute of a complex attribute without a filter: {@code name.givenName}, or {@code emails.type} on every email. */
    private JsonValue subAttribute(PatchOperation.Op op, Target target, JsonValue current, JsonValue value, String text) {
        Attribute attribute = target.attribute();
        Attribute sub = target.sub();
        JsonValue subValue = op == PatchOperation.Op.REMOVE ? null : checked(sub, value, text);
        if (!attribute.multiValued()) {
            JsonObject object = current instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObject changed = withSub(object, sub, subValue);
            checkImmutableSubs(attribute, object, changed, text);
            return emptyToNull(changed);
        }
        List<JsonValue> items = list(current);
        if (items.isEmpty() && op != PatchOperation.Op.REMOVE) {
            return ScimJson.createArrayBuilder().add(withSub(JsonValue.EMPTY_JSON_OBJECT, sub, subValue)).build();
        }
        List<JsonValue> next = new ArrayList<>(items.size());
        for (JsonValue item : items) {
            JsonObject changed = withSub(item.asJsonObject(), sub, subValue);
            checkImmutableSubs(attribute, item.asJsonObject(), changed, text);
            if (!changed.isEmpty()) {
                next.add(changed);
            }
        }
        return array(next);
    }

    /** A value-path target: {@code emails[type eq "work"]} or {@code emails[type eq "work"].value}. */
    private JsonValue valuePath(PatchOperation.Op op, Target target, JsonValue current, JsonValue value, String text) {
        Attribute attribute = target.attribute();
        Predicate<JsonObject> matches;
        try {
            matches = FilterCompiler.compileElementFilter(new ResolvedPath(target.extension(), attribute, null), target.filter());
        } catch (ScimException e) {
            // The filter is part of the path (an unknown sub-attribute, a bad comparison): RFC 7644 §3.5.2 says invalidPath.
            throw invalidPath("The path \"" + text + "\" cannot be used: " + e.detail());
        }
        List<JsonValue> items = attribute.multiValued() ? list(current)
                : current instanceof JsonObject o ? List.of(o) : List.of();
        List<JsonValue> next = new ArrayList<>(items.size() + 1);
        List<JsonValue> changed = new ArrayList<>();
        boolean matched = false;
        JsonValue subValue = op != PatchOperation.Op.REMOVE && target.sub() != null ? checked(target.sub(), value, text) : null;
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
                    JsonObject without = withSub(element, target.sub(), null);
                    checkImmutableSubs(attribute, element, without, text);
                    if (!without.isEmpty()) {
                        next.add(without);
                    }
                }
                continue;
            }
            JsonObject updated = target.sub() != null ? withSub(element, target.sub(), subValue) : merge(element, elementValue);
            checkImmutableSubs(attribute, element, updated, text);
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
            JsonObject created = merge(fromEqualities(attribute, target.filter(), text),
                    target.sub() != null ? withSub(JsonValue.EMPTY_JSON_OBJECT, target.sub(), subValue) : elementValue);
            next.add(created);
            changed.add(created);
        }
        if (!attribute.multiValued()) {
            return next.isEmpty() ? null : next.getFirst();
        }
        return withPrimaryFrom(attribute, next, changed);
    }

    // ---- values

    /** The elements an add or replace on a multi-valued attribute brings, checked; a single value counts as one. */
    private List<JsonValue> elements(Attribute attribute, JsonValue value, String text) {
        JsonArray given = value instanceof JsonArray array ? array : ScimJson.createArrayBuilder().add(value).build();
        return list(checked(attribute, given, text));
    }

    /** Whether an id is a member of the group as this request has left it so far. */
    private boolean isMember(MemberRules rules, String id) {
        String folded = MemberValue.fold(id);
        if (membersAdded.contains(folded)) {
            return true;
        }
        return !membersRemoved.contains(folded) && rules.isMember(id);
    }

    /** The member rules when this attribute is the members of the group being patched. */
    private MemberRules rulesFor(Attribute attribute) {
        return memberRules != null && attribute.name().equals(MemberRules.MEMBERS) && type.schema().attribute(MemberRules.MEMBERS) == attribute
                ? memberRules : null;
    }

    private JsonObject element(Attribute attribute, JsonValue value, String text) {
        List<JsonValue> checked = elements(attribute, value, text);
        if (checked.size() != 1 || !(checked.getFirst() instanceof JsonObject object)) {
            throw ScimException.invalidValue("The value for \"" + text + "\" must be one JSON object");
        }
        return object;
    }

    /** A value checked against its definition as a POST would check it; unknown sub-attributes are an error. */
    private JsonValue checked(Attribute attribute, JsonValue value, String text) {
        List<String> unknown = new ArrayList<>();
        JsonValue checked = validator.value(attribute, value, text, unknown);
        if (!unknown.isEmpty()) {
            throw ScimException.invalidSyntax("Unknown attribute" + (unknown.size() > 1 ? "s" : "") + ": " + String.join(", ", unknown));
        }
        return checked;
    }

    /**
     * Appends values not already there (RFC 7644 §3.5.2.1: adding an existing value changes nothing).
     * Complex values are the same when their {@code value} sub-attributes are; else when equal.
     */
    /**
     * Adds members not already in the group, asking the index instead of walking the list: adding one
     * member to a 100,000-member group must not look at the other 100,000. Each new one is checked to
     * exist and typed now.
     */
    private List<JsonValue> appendMembers(JsonValue current, List<JsonValue> added, MemberRules rules) {
        List<JsonValue> fresh = new ArrayList<>(added.size());
        for (JsonValue candidate : added) {
            String id = candidate.asJsonObject().getString("value", null);
            if (id == null) {
                throw ScimException.invalidValue("Every member needs a 'value': the id of a User or Group");
            }
            if (isMember(rules, id)) {
                continue; // already there (in any case), or in this request: adding it again changes nothing
            }
            fresh.add(rules.checked(candidate.asJsonObject()));
            membersAdded.add(MemberValue.fold(id));
            membersRemoved.remove(MemberValue.fold(id));
        }
        if (current instanceof ListJsonArray shared) {
            return shared.appending(fresh); // the members already there stay shared with the stored version
        }
        List<JsonValue> result = new ArrayList<>(list(current));
        result.addAll(fresh);
        return result;
    }

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
    private JsonValue removeListed(Attribute attribute, JsonValue current, JsonValue value, String text) {
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
        return removeMatching(attribute, current, doomed, doomedIds);
    }

    /** The id a value filter names when it is exactly {@code value eq "id"}; null for any other filter. */
    private static String memberIdOf(Filter filter) {
        return filter instanceof Filter.Compare c && c.operator() == CompareOperator.EQ && c.value() instanceof Value.Str id
                && c.path().schemaUrn() == null && c.path().subAttribute() == null && c.path().attribute().equalsIgnoreCase("value")
                ? id.value() : null;
    }

    /** The values without those equal to one of {@code doomed}; {@code doomedIds} are the ids among them. */
    private JsonValue removeMatching(Attribute attribute, JsonValue current, List<JsonValue> doomed, List<String> doomedIds) {
        // Compare ids directly, without per-element look-ups of the schema.
        boolean caseExact = valueCaseExact(attribute);
        if (rulesFor(attribute) != null) {
            for (String id : doomedIds) {
                membersRemoved.add(MemberValue.fold(id));
                membersAdded.remove(MemberValue.fold(id));
            }
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
    private static JsonValue withPrimaryFrom(Attribute attribute, List<JsonValue> items, List<JsonValue> fromOperation) {
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
                    element.add(sub.name(), checked(sub, literal, text));
                }
            } else {
                throw new ScimException(400, "noTarget", "No value of " + attribute.name() + " matches \"" + text
                        + "\", and the filter does not say what a new one would be");
            }
        }
        return element.build();
    }

    /**
     * An element changed in place must keep the values of its immutable sub-attributes (a Group's
     * {@code members.value}): {@link #checkImmutable} compares only the attribute as a whole, and a
     * multi-valued attribute may gain and lose whole elements, so the in-place case is checked here.
     */
    private static void checkImmutableSubs(Attribute attribute, JsonObject before, JsonObject after, String text) {
        for (Attribute sub : attribute.subAttributes()) {
            JsonValue old = sub.mutability() == Mutability.IMMUTABLE ? before.get(sub.name()) : null;
            if (old != null && !old.equals(after.get(sub.name()))) {
                throw ScimException.mutability("\"" + text + "\" would change " + attribute.name() + "." + sub.name()
                        + ", which is immutable; remove the value and add a new one instead");
            }
        }
    }

    private void checkImmutable(Attribute attribute, JsonValue current, JsonValue next, String text) {
        if (attribute.mutability() == Mutability.IMMUTABLE && current != null && !current.equals(next)) {
            throw ScimException.mutability("\"" + text + "\" is immutable: it has a value that cannot be changed or removed");
        }
    }

    // ---- small pieces

    private JsonValue get(Target target) {
        Map<String, JsonValue> container = target.extension() == null ? core : extensions.get(target.extension());
        return container == null ? null : container.get(target.attribute().name());
    }

    private void set(Target target, JsonValue value) {
        Map<String, JsonValue> container = target.extension() == null ? core
                : extensions.computeIfAbsent(target.extension(), k -> new LinkedHashMap<>());
        if (value == null || value == JsonValue.NULL || (value instanceof JsonArray a && a.isEmpty())) {
            container.remove(target.attribute().name());
        } else {
            container.put(target.attribute().name(), value);
        }
    }

    private static JsonObject merge(JsonObject base, JsonObject changes) {
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

    private static JsonObject withSub(JsonObject object, Attribute sub, JsonValue value) {
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

    private static List<JsonValue> list(JsonValue value) {
        return value instanceof JsonArray array ? array : value == null ? List.of() : List.of(value);
    }

    private static JsonValue array(List<JsonValue> items) {
        if (items instanceof ListJsonArray built) {
            return built.isEmpty() ? null : built;
        }
        return items.isEmpty() ? null : new ListJsonArray(items);
    }

    private static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }
}
