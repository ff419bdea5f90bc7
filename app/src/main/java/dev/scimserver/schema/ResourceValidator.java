package dev.scimserver.schema;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.CompactJsonArray;
import dev.scimserver.json.CompactJsonObject;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.AttributeType;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Schema;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a client's representation of a resource against its resource type's schemas
 * (RFC 7643 §2) and returns the writable part in canonical form: attribute names in the schema's
 * spelling, read-only attributes dropped, nulls and empty values removed (RFC 7644 §3.5.1 treats
 * them as unassigned), extension attributes under their schema URN. {@code schemas}, {@code id}
 * and {@code meta} are not part of the result; the caller owns them.
 */
public final class ResourceValidator {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Group members: stored apart from the rest of a resource, exempt from the value bound, never without a value. */
    private static final String MEMBERS = "members";

    /** The default bound on the values of one multi-valued attribute (see {@link #checkValueCounts}). */
    public static final int DEFAULT_MAX_VALUES = 1000;

    private final boolean strict;
    private final int maxValues;

    /** A lenient validator: accepts what identity providers really send (see {@link #ResourceValidator(boolean)}). */
    public ResourceValidator() {
        this(false);
    }

    public ResourceValidator(boolean strict) {
        this(strict, DEFAULT_MAX_VALUES);
    }

    /**
     * @param strict false (the default) accepts the well-known deviations of real clients, each
     *               meaning something unambiguous: booleans sent as "True"/"false" strings where the
     *               schema says boolean (Entra ID), schema URNs in {@code schemas} that this
     *               resource type does not have (Google sends the SCIM 1.0 core URN), no
     *               {@code schemas} at all (the endpoint names the type; the Python scim2-server's
     *               users send none), and a member's {@code displayName} for its {@code display}
     *               (Microsoft's SCIM validator). True gives the RFC answer (400) instead.
     * @param maxValues the most values one multi-valued attribute may hold, group members excepted
     */
    public ResourceValidator(boolean strict, int maxValues) {
        this.strict = strict;
        this.maxValues = maxValues;
    }

    /** The writable attributes of one resource, by schema: the core schema's under {@code null}. */
    public JsonObject writableAttributes(ResourceType type, JsonObject input) {
        Set<String> declared = checkSchemas(type, schemasOf(input));
        // Values by their attribute definition (by identity: each name in any case resolves to one),
        // put in schema order at the end.
        Map<Attribute, JsonValue> core = new IdentityHashMap<>();
        Map<String, Map<Attribute, JsonValue>> extensions = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : input.entrySet()) {
            String key = entry.getKey();
            JsonValue value = entry.getValue();
            if (key.equalsIgnoreCase(CommonAttributes.SCHEMAS)) {
                continue;
            }
            Attribute common = CommonAttributes.find(key);
            if (common != null) {
                put(core, common, value, common.name(), unknown);
                continue;
            }
            if (key.equalsIgnoreCase(type.schema().id())) {
                // Some clients nest core attributes under the core URN; they mean the same attributes.
                for (Map.Entry<String, JsonValue> inner : objectOf(value, key).entrySet()) {
                    putSchemaAttribute(core, type.schema(), inner.getKey(), inner.getValue(), unknown, key + ":");
                }
                continue;
            }
            ResourceType.Extension extension = type.extension(key);
            if (extension != null) {
                Map<Attribute, JsonValue> target = extensions.computeIfAbsent(extension.schema().id(), k -> new IdentityHashMap<>());
                if (value != JsonValue.NULL) {
                    for (Map.Entry<String, JsonValue> inner : objectOf(value, key).entrySet()) {
                        putSchemaAttribute(target, extension.schema(), inner.getKey(), inner.getValue(), unknown, key + ":");
                    }
                }
                continue;
            }
            Schema qualifiedSchema = qualifyingSchema(type, key);
            if (qualifiedSchema != null) {
                String name = key.substring(qualifiedSchema.id().length() + 1);
                Map<Attribute, JsonValue> target = qualifiedSchema == type.schema() ? core
                        : extensions.computeIfAbsent(qualifiedSchema.id(), k -> new IdentityHashMap<>());
                putSchemaAttribute(target, qualifiedSchema, name, value, unknown, qualifiedSchema.id() + ":");
                continue;
            }
            putSchemaAttribute(core, type.schema(), key, value, unknown, "");
        }
        if (!unknown.isEmpty()) {
            throw ScimException.invalidSyntax("Unknown attribute" + (unknown.size() > 1 ? "s" : "") + " for "
                    + type.name() + ": " + String.join(", ", unknown)
                    + ". The schemas of " + type.name() + " are listed at /Schemas.");
        }
        // Short-lived: the resource is assembled from these values (ResourceService.assemble).
        CompactJsonObject.Builder result = CompactJsonObject.shortLivedBuilder(core.size() + extensions.size());
        orderBySchema(core, CommonAttributes.ALL, result);
        orderBySchema(core, type.schema().attributes(), result);
        for (ResourceType.Extension extension : type.extensions()) {
            Map<Attribute, JsonValue> values = extensions.get(extension.schema().id());
            if (values != null && !values.isEmpty()) {
                result.add(extension.schema().id(), toObject(values, extension.schema().attributes()));
            } else if (declared.contains(extension.schema().id())) {
                // Listed in "schemas" without a value of it: an empty object keeps it declared, so the
                // stored "schemas" (derived from the extension objects) still lists it.
                result.add(extension.schema().id(), JsonValue.EMPTY_JSON_OBJECT);
            }
        }
        return result.build();
    }

    /**
     * Checks that every required attribute is there (RFC 7643 §2.2 "required"), including a
     * required extension and the required attributes of an extension that is present.
     */
    public void checkRequired(ResourceType type, JsonObject resource) {
        requireAll(type.schema().attributes(), resource, "");
        for (ResourceType.Extension extension : type.extensions()) {
            JsonValue ext = resource.get(extension.schema().id());
            if (ext == null) {
                if (extension.required()) {
                    throw ScimException.invalidValue("The extension " + extension.schema().id() + " is required for "
                            + type.name());
                }
                continue;
            }
            requireAll(extension.schema().attributes(), ext.asJsonObject(), extension.schema().id() + ":");
        }
    }

    /**
     * Checks that no multi-valued attribute holds more than the configured number of values: a
     * resource with 20,000 emails fits in the payload limit, and every later search, sort and write
     * of it would pay for them. Group members are stored apart, in chunks, and bounded by the
     * payload limit alone. Applied to what a client writes, not to a restore: a dump from before the
     * bound must still load.
     */
    public void checkValueCounts(ResourceType type, JsonObject resource) {
        countValues(type.schema().attributes(), resource, "");
        for (ResourceType.Extension extension : type.extensions()) {
            if (resource.get(extension.schema().id()) instanceof JsonObject ext) {
                countValues(extension.schema().attributes(), ext, extension.schema().id() + ":");
            }
        }
    }

    private void countValues(List<Attribute> attributes, JsonObject values, String prefix) {
        for (Attribute attribute : attributes) {
            if (attribute.multiValued() && !attribute.name().equals(MEMBERS)
                    && values.get(attribute.name()) instanceof JsonArray array && array.size() > maxValues) {
                throw ScimException.invalidValue("The attribute '" + prefix + attribute.name() + "' has " + array.size()
                        + " values; this server accepts at most " + maxValues + " in one attribute");
            }
        }
    }

    private static void requireAll(List<Attribute> attributes, JsonObject values, String prefix) {
        for (Attribute attribute : attributes) {
            // A read-only attribute is the server's to fill, so a client cannot be asked for it.
            if (!attribute.required() || attribute.mutability() == Mutability.READ_ONLY) {
                continue;
            }
            JsonValue value = values.get(attribute.name());
            // An empty string is no value: a userName of "" would identify nobody.
            if (value == null || (value instanceof JsonString s && s.getString().isBlank())) {
                throw ScimException.invalidValue("The attribute '" + prefix + attribute.name() + "' is required");
            }
        }
    }

    /** The {@code schemas} value under its name in any case (RFC 7643 §2.1), or null. */
    private static JsonValue schemasOf(JsonObject input) {
        for (Map.Entry<String, JsonValue> entry : input.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(CommonAttributes.SCHEMAS)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * Checks {@code schemas} and returns the extension URNs it declares, in their schema spelling.
     * Missing or empty, the endpoint already says which resource type is meant: lenient mode takes
     * the core schema (the extensions follow from the attributes sent), strict mode refuses it.
     */
    private Set<String> checkSchemas(ResourceType type, JsonValue schemas) {
        boolean missing = schemas == null || schemas == JsonValue.NULL || schemas instanceof JsonArray a && a.isEmpty();
        if (missing) {
            if (strict) {
                throw ScimException.invalidValue("The attribute 'schemas' is required; for a " + type.name()
                        + " it must contain \"" + type.schema().id() + "\"");
            }
            return Set.of();
        }
        if (!(schemas instanceof JsonArray array)) {
            throw ScimException.invalidValue("The attribute 'schemas' must be an array of schema URNs");
        }
        boolean hasCore = false;
        Set<String> declared = new HashSet<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw ScimException.invalidValue("The attribute 'schemas' must be an array of schema URNs");
            }
            String urn = s.getString();
            ResourceType.Extension extension = type.extension(urn);
            if (urn.equalsIgnoreCase(type.schema().id())) {
                hasCore = true;
            } else if (extension != null) {
                declared.add(extension.schema().id());
            } else if (strict) {
                throw ScimException.invalidValue("The schema \"" + urn + "\" is not one of " + type.name()
                        + "'s schemas (" + type.schema().id()
                        + type.extensions().stream().map(e -> ", " + e.schema().id()).reduce("", String::concat) + ")");
            }
        }
        if (!hasCore) {
            throw ScimException.invalidValue("The attribute 'schemas' must contain \"" + type.schema().id()
                    + "\" for a " + type.name());
        }
        return declared;
    }

    /** The core or extension schema whose URN prefixes this fully qualified attribute name, or null. */
    public static Schema qualifyingSchema(ResourceType type, String name) {
        if (name.length() > type.schema().id().length()
                && name.regionMatches(true, 0, type.schema().id(), 0, type.schema().id().length())
                && name.charAt(type.schema().id().length()) == ':') {
            return type.schema();
        }
        for (ResourceType.Extension extension : type.extensions()) {
            String urn = extension.schema().id();
            if (name.length() > urn.length() && name.regionMatches(true, 0, urn, 0, urn.length())
                    && name.charAt(urn.length()) == ':') {
                return extension.schema();
            }
        }
        return null;
    }

    private static JsonObject objectOf(JsonValue value, String name) {
        if (!(value instanceof JsonObject object)) {
            throw ScimException.invalidValue("'" + name + "' must be a JSON object of that schema's attributes");
        }
        return object;
    }

    private void putSchemaAttribute(Map<Attribute, JsonValue> target, Schema schema, String name, JsonValue value,
                                    List<String> unknown, String prefix) {
        Attribute attribute = schema.attribute(name);
        if (attribute == null) {
            unknown.add(prefix + name);
            return;
        }
        put(target, attribute, value, prefix + attribute.name(), unknown);
    }

    private void put(Map<Attribute, JsonValue> target, Attribute attribute, JsonValue value, String path,
                     List<String> unknown) {
        // RFC 7644 §3.5.1: read-only values a client sends are ignored, not errors (Okta sends them in PUT).
        if (attribute.mutability() == Mutability.READ_ONLY) {
            return;
        }
        JsonValue checked = value(attribute, value, path, unknown);
        if (checked != null) {
            target.put(attribute, checked);
        }
    }

    /** The checked value, or null when it amounts to "unassigned". */
    public JsonValue value(Attribute attribute, JsonValue value, String path, List<String> unknown) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!attribute.multiValued()) {
            return single(attribute, value, path, unknown);
        }
        if (!(value instanceof JsonArray array)) {
            throw ScimException.invalidValue("The attribute '" + path + "' is multi-valued and must be a JSON array, not "
                    + describe(value));
        }
        List<JsonValue> result = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            JsonValue checked = single(attribute, item, path, unknown);
            if (checked != null) {
                result.add(checked);
            } else if (item instanceof JsonObject object && unknown.isEmpty() && attribute.name().equals(MEMBERS)) {
                // Other elements with nothing in them are unassigned values (RFC 7644 §3.5.1) and dropped; a
                // member is its value, and {"value": null} taken as nothing would hide the mistake (200, no member).
                throw ScimException.invalidValue("An element of '" + path + "' has no value: " + object
                        + "; every member needs the id of a User or Group as its 'value'");
            }
        }
        return result.isEmpty() ? null : CompactJsonArray.of(result);
    }

    private JsonValue single(Attribute attribute, JsonValue value, String path, List<String> unknown) {
        if (value == JsonValue.NULL) {
            return null;
        }
        AttributeType type = attribute.type();
        switch (type) {
            case COMPLEX -> {
                if (!(value instanceof JsonObject object)) {
                    throw wrongType(path, "a JSON object", value);
                }
                Map<Attribute, JsonValue> subValues = new IdentityHashMap<>();
                for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                    Attribute sub = subAttribute(attribute, entry.getKey(), object);
                    if (sub == null) {
                        unknown.add(path + "." + entry.getKey());
                        continue;
                    }
                    put(subValues, sub, entry.getValue(), path + "." + sub.name(), unknown);
                }
                if (subValues.isEmpty()) {
                    return null;
                }
                JsonObject checked = toObject(subValues, attribute.subAttributes());
                requireAll(attribute.subAttributes(), checked, path + ".");
                return checked;
            }
            case BOOLEAN -> {
                if (!strict && value instanceof JsonString s
                        && (s.getString().equalsIgnoreCase("true") || s.getString().equalsIgnoreCase("false"))) {
                    return s.getString().equalsIgnoreCase("true") ? JsonValue.TRUE : JsonValue.FALSE;
                }
                if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                    throw wrongType(path, "true or false", value);
                }
                return value;
            }
            case INTEGER -> {
                if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                    throw wrongType(path, "an integer", value);
                }
                return value;
            }
            case DECIMAL -> {
                if (!(value instanceof JsonNumber)) {
                    throw wrongType(path, "a number", value);
                }
                return value;
            }
            case DATE_TIME -> {
                String text = string(path, "a dateTime string like \"2024-01-31T12:00:00Z\"", value);
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    throw ScimException.invalidValue("The attribute '" + path + "' must be an xsd:dateTime with a time zone, like \"2024-01-31T12:00:00Z\"; got \""
                            + text + "\"");
                }
                return value;
            }
            case BINARY -> {
                String text = string(path, "a base64 string", value);
                try {
                    // Line breaks (MIME, PEM style) are fine; the MIME decoder would also skip every other
                    // character outside the alphabet and so accept almost any text.
                    Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
                } catch (IllegalArgumentException e) {
                    throw ScimException.invalidValue("The attribute '" + path + "' must be base64-encoded binary data");
                }
                return value;
            }
            case STRING, REFERENCE -> {
                string(path, "a string", value);
                return value;
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    /**
     * The sub-attribute a key of a complex value names. Lenient mode also reads {@code displayName}
     * as {@code display} where only the latter exists (Microsoft's SCIM validator adds group members
     * as {@code {"displayName": …, "value": …}}), unless the value carries {@code display} too; a
     * key it does not read stays unknown.
     */
    private Attribute subAttribute(Attribute attribute, String key, JsonObject value) {
        Attribute sub = attribute.subAttribute(key);
        if (sub != null || strict || !key.equalsIgnoreCase("displayName")) {
            return sub;
        }
        Attribute display = attribute.subAttribute("display");
        return display != null && value.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("display")) ? display : null;
    }

    private static String string(String path, String expected, JsonValue value) {
        if (!(value instanceof JsonString s)) {
            throw wrongType(path, expected, value);
        }
        return s.getString();
    }

    private static ScimException wrongType(String path, String expected, JsonValue value) {
        return ScimException.invalidValue("The attribute '" + path + "' must be " + expected + ", not " + describe(value));
    }

    static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "the string " + value;
            case NUMBER -> "the number " + value;
            case TRUE, FALSE -> "the boolean " + value;
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }

    private static JsonObject toObject(Map<Attribute, JsonValue> values, List<Attribute> order) {
        CompactJsonObject.Builder builder = CompactJsonObject.builder(values.size());
        orderBySchema(values, order, builder);
        return builder.build();
    }

    private static void orderBySchema(Map<Attribute, JsonValue> values, List<Attribute> order, CompactJsonObject.Builder target) {
        for (Attribute attribute : order) {
            JsonValue value = values.get(attribute);
            if (value != null) {
                target.add(attribute.name(), value);
            }
        }
    }
}
