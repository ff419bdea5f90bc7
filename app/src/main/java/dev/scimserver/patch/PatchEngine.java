package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.PatchPath;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.ResourceValidator;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to the writable attributes of one resource. Works on
 * a copy: the caller gets the result only when every operation succeeded, so a failing request
 * changes nothing. Each value is checked against the schema as it goes in, as PUT would check it;
 * attributes no operation touches are not looked at again, which keeps a one-member change to a
 * large group cheap.
 *
 * <p>This class keeps the working copy and sends each operation to the code for its target
 * ({@link PatchTarget}): a simple attribute is checked here, a complex one goes to
 * {@link ComplexAttribute}, a multi-valued one to {@link MultiValuedAttribute}, a value path to
 * {@link ValuePath}, and a group's {@code members} also through {@link GroupMembers}. The root of an
 * extension and an operation without a path are operations on each attribute they name.
 */
public final class PatchEngine {
    private final ResourceType type;
    private final boolean strict;
    private final SchemaChecks checks;
    private final ComplexAttribute complex;
    private final MultiValuedAttribute multiValued;
    private final ValuePath valuePath;
    private final Map<String, JsonValue> core = new LinkedHashMap<>();
    private final Map<String, Map<String, JsonValue>> extensions = new LinkedHashMap<>();
    /**
     * Extensions kept in {@code schemas} even without a value: declared so by the stored resource
     * (an empty extension object) or by an operation on the extension's root, until a remove of that
     * root. An extension emptied attribute by attribute is not in here and drops out, as before.
     */
    private final Set<String> declared = new HashSet<>();
    /** The patched group's members, when the caller gave {@link MemberRules}; else null. */
    private GroupMembers members;

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

    public PatchEngine(ResourceType type, ResourceValidator validator, boolean strict, JsonObject stored) {
        this.type = type;
        this.strict = strict;
        this.checks = new SchemaChecks(validator);
        this.complex = new ComplexAttribute(checks, strict);
        this.multiValued = new MultiValuedAttribute(checks, strict);
        this.valuePath = new ValuePath(checks, strict);
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
        this.members = rules == null ? null : new GroupMembers(rules);
        return this;
    }

    public void apply(PatchOperation operation) {
        if (operation.path() == null) {
            applyWithoutPath(operation);
            return;
        }
        PatchTarget target = PatchTarget.resolve(type, strict, operation.path(), operation.text());
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
                apply(operation.op(), new PatchTarget(extension.schema().id(), null, null, null), entry.getValue(), key);
                continue;
            }
            PatchPath path = keyAsPath(key);
            PatchTarget target;
            try {
                target = PatchTarget.resolve(type, strict, path, key);
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

    private void apply(PatchOperation.Op op, PatchTarget target, JsonValue value, String text) {
        if (target.isExtensionRoot()) {
            extensionRoot(op, target.extension(), value, text);
            return;
        }
        SchemaChecks.checkWritable(target, text);
        Attribute attribute = target.attribute();
        GroupMembers members = membersOf(attribute);
        String memberId = op == PatchOperation.Op.REMOVE && target.sub() == null && members != null
                ? GroupMembers.idOf(target.filter()) : null;
        if (memberId != null) {
            set(target, members.removeOne(attribute, get(target), memberId));
            return;
        }
        if ((target.filter() != null || target.sub() != null) && members != null) {
            members.listRewritten();
        }
        JsonValue current = get(target);
        JsonValue next;
        if (target.filter() != null) {
            next = valuePath.apply(op, target, current, value, text);
        } else if (target.sub() != null) {
            next = attribute.multiValued() ? multiValued.subAttribute(op, attribute, target.sub(), current, value, text)
                    : complex.subAttribute(op, attribute, target.sub(), current, value, text);
        } else {
            next = wholeAttribute(op, attribute, current, value, text, members);
        }
        SchemaChecks.checkImmutable(attribute, current, next, text);
        set(target, next);
    }

    /** add / replace / remove of a whole attribute (no filter, no sub-attribute). */
    private JsonValue wholeAttribute(PatchOperation.Op op, Attribute attribute, JsonValue current, JsonValue value, String text,
                                     GroupMembers members) {
        if (attribute.multiValued()) {
            return multiValued.whole(op, attribute, current, value, text, members);
        }
        if (op == PatchOperation.Op.REMOVE) {
            return null;
        }
        if (attribute.isComplex()) {
            return complex.whole(attribute, current, value, text);
        }
        return checks.checked(attribute, value, text); // a simple attribute: the checked value replaces the old one
    }

    private void extensionRoot(PatchOperation.Op op, String urn, JsonValue value, String text) {
        if (op == PatchOperation.Op.REMOVE) {
            declared.remove(urn);
            Map<String, JsonValue> removed = extensions.remove(urn);
            if (removed != null) {
                for (Map.Entry<String, JsonValue> entry : removed.entrySet()) {
                    Attribute attribute = type.extension(urn).schema().attribute(entry.getKey());
                    SchemaChecks.checkImmutable(attribute, entry.getValue(), null, urn + ":" + entry.getKey());
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
            apply(op, new PatchTarget(urn, attribute, null, null), entry.getValue(), urn + ":" + attribute.name());
        }
    }

    private static boolean namesSchema(JsonValue schemas, String urn) {
        return schemas instanceof JsonArray array
                && array.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equalsIgnoreCase(urn));
    }

    // ---- the working copy

    /** The member rules when this attribute is the members of the group being patched. */
    private GroupMembers membersOf(Attribute attribute) {
        return members != null && attribute.name().equals(MemberRules.MEMBERS) && type.schema().attribute(MemberRules.MEMBERS) == attribute
                ? members : null;
    }

    private JsonValue get(PatchTarget target) {
        Map<String, JsonValue> container = target.extension() == null ? core : extensions.get(target.extension());
        return container == null ? null : container.get(target.attribute().name());
    }

    private void set(PatchTarget target, JsonValue value) {
        Map<String, JsonValue> container = target.extension() == null ? core
                : extensions.computeIfAbsent(target.extension(), k -> new LinkedHashMap<>());
        if (value == null || value == JsonValue.NULL || (value instanceof JsonArray a && a.isEmpty())) {
            container.remove(target.attribute().name());
        } else {
            container.put(target.attribute().name(), value);
        }
    }
}
