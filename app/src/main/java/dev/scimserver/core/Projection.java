package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceValidator;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Returned;
import dev.scimserver.schema.Schema;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a response shows of a resource: the {@code attributes} / {@code excludedAttributes}
 * parameters (RFC 7644 §3.4.2.5) combined with each attribute's {@code returned} characteristic
 * (RFC 7643 §2.2), which always wins: {@code always} is always there, {@code never} never is.
 */
public final class Projection {
    public static final Projection DEFAULT = new Projection(List.of(), false);

    private final List<String> paths;
    private final boolean excluded;

    private Projection(List<String> paths, boolean excluded) {
        this.paths = paths;
        this.excluded = excluded;
    }

    /** From the two request parameters (comma-separated lists; null or blank when absent). */
    public static Projection of(String attributes, String excludedAttributes) {
        List<String> included = split(attributes);
        List<String> excluded = split(excludedAttributes);
        if (!included.isEmpty() && !excluded.isEmpty()) {
            throw ScimException.invalidValue("'attributes' and 'excludedAttributes' cannot be used together");
        }
        if (!included.isEmpty()) {
            return new Projection(included, false);
        }
        return excluded.isEmpty() ? DEFAULT : new Projection(excluded, true);
    }

    private static List<String> split(String list) {
        List<String> result = new ArrayList<>();
        if (list != null) {
            for (String part : list.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
        }
        return result;
    }

    /** The resource as a response shows it. */
    public JsonObject apply(ResourceType type, JsonObject resource) {
        Selection selection = selection(type);
        JsonObjectBuilder out = ScimJson.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : resource.entrySet()) {
            String name = entry.getKey();
            if (name.equals(CommonAttributes.SCHEMAS)) {
                out.add(name, entry.getValue());
                continue;
            }
            ResourceType.Extension extension = type.extension(name);
            if (extension != null && entry.getValue() instanceof JsonObject values) {
                JsonObject shown = attributes(extension.schema(), extension.schema().attributes(), values, selection);
                if (!shown.isEmpty()) {
                    out.add(name, shown);
                }
                continue;
            }
            Attribute attribute = CommonAttributes.find(name);
            Schema schema = null;
            if (attribute == null) {
                schema = type.schema();
                attribute = schema.attribute(name);
            }
            if (attribute == null) {
                continue;
            }
            JsonValue shown = attribute(schema, attribute, entry.getValue(), selection);
            if (shown != null) {
                out.add(name, shown);
            }
        }
        return out.build();
    }

    private JsonObject attributes(Schema schema, List<Attribute> attributes, JsonObject values, Selection selection) {
        JsonObjectBuilder out = ScimJson.createObjectBuilder();
        for (Attribute attribute : attributes) {
            JsonValue value = values.get(attribute.name());
            if (value != null) {
                JsonValue shown = attribute(schema, attribute, value, selection);
                if (shown != null) {
                    out.add(attribute.name(), shown);
                }
            }
        }
        return out.build();
    }

    /**
     * Whether a response may show this core-schema attribute of the type at all: lets the caller skip
     * work for what projection would drop (computing {@code groups}, filling member {@code $ref}s).
     */
    public boolean mayShow(ResourceType type, String attributeName) {
        Attribute attribute = type.schema().attribute(attributeName);
        if (attribute == null || attribute.returned() == Returned.NEVER) {
            return false;
        }
        if (attribute.returned() == Returned.ALWAYS) {
            return true;
        }
        Selection selection = selection(type);
        String key = Selection.key(type.schema(), attribute.name());
        if (excluded) {
            return !selection.whole.contains(key) && attribute.returned() != Returned.REQUEST;
        }
        if (paths.isEmpty()) {
            return attribute.returned() != Returned.REQUEST;
        }
        return selection.whole.contains(key) || selection.subs.containsKey(key);
    }

    private JsonValue attribute(Schema schema, Attribute attribute, JsonValue value, Selection selection) {
        if (attribute.returned() == Returned.NEVER) {
            return null;
        }
        String key = Selection.key(schema, attribute.name());
        if (attribute.returned() == Returned.ALWAYS) {
            return withoutNeverSubAttributes(attribute, value, null);
        }
        boolean whole = selection.whole.contains(key);
        Set<String> subs = selection.subs.get(key);
        if (excluded) {
            if (whole) {
                return null;
            }
            if (attribute.returned() == Returned.REQUEST) {
                return null;
            }
            // A "request" sub-attribute shows only when 'attributes' names it, not because a sibling was excluded.
            return withoutNeverSubAttributes(attribute, value, subs == null ? null
                    : sub -> !subs.contains(sub) && attribute.subAttribute(sub).returned() != Returned.REQUEST);
        }
        if (paths.isEmpty()) {
            return attribute.returned() == Returned.REQUEST ? null : withoutNeverSubAttributes(attribute, value, null);
        }
        if (whole) {
            return withoutNeverSubAttributes(attribute, value, null);
        }
        if (subs != null) {
            return withoutNeverSubAttributes(attribute, value, subs::contains);
        }
        return null;
    }

    /** Drops sub-attributes returned "never" and, when {@code keep} is given, those it rejects (unless "always"). */
    private static JsonValue withoutNeverSubAttributes(Attribute attribute, JsonValue value,
                                                       java.util.function.Predicate<String> keep) {
        if (!attribute.isComplex()) {
            return value;
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder out = ScimJson.createArrayBuilder();
            int count = 0;
            for (JsonValue item : array) {
                JsonValue shown = withoutNeverSubAttributes(attribute, item, keep);
                if (shown != null) {
                    out.add(shown);
                    count++;
                }
            }
            return count == 0 ? null : out.build();
        }
        if (!(value instanceof JsonObject object)) {
            return value;
        }
        JsonObjectBuilder out = ScimJson.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            Attribute sub = attribute.subAttribute(entry.getKey());
            if (sub == null || sub.returned() == Returned.NEVER) {
                continue;
            }
            if (keep != null && sub.returned() != Returned.ALWAYS && !keep.test(Attribute.key(sub.name()))) {
                continue;
            }
            if (keep == null && sub.returned() == Returned.REQUEST) {
                continue;
            }
            out.add(entry.getKey(), entry.getValue());
        }
        JsonObject built = out.build();
        return built.isEmpty() ? null : built;
    }

    /** The requested paths resolved against one resource type: whole attributes and attribute → sub-attributes. */
    private record Selection(Set<String> whole, Map<String, Set<String>> subs) {
        static String key(Schema schema, String attribute) {
            return (schema == null ? "" : schema.id().toLowerCase(Locale.ROOT)) + "|" + Attribute.key(attribute);
        }
    }

    private Selection selection(ResourceType type) {
        Set<String> whole = new HashSet<>();
        Map<String, Set<String>> subs = new HashMap<>();
        for (String path : paths) {
            Schema schema = null;
            String rest = path;
            ResourceType.Extension extension = type.extension(path);
            if (extension != null) {
                // A whole extension named by its URN: every attribute of it.
                for (Attribute attribute : extension.schema().attributes()) {
                    whole.add(Selection.key(extension.schema(), attribute.name()));
                }
                continue;
            }
            Schema qualifying = ResourceValidator.qualifyingSchema(type, path);
            if (qualifying != null) {
                rest = path.substring(qualifying.id().length() + 1);
                schema = qualifying;
            }
            int dot = rest.indexOf('.');
            String attribute = dot < 0 ? rest : rest.substring(0, dot);
            if (schema == null || schema == type.schema()) {
                schema = CommonAttributes.find(attribute) != null ? null : type.schema();
            }
            String key = Selection.key(schema, attribute);
            if (dot < 0) {
                whole.add(key);
            } else {
                subs.computeIfAbsent(key, k -> new HashSet<>()).add(Attribute.key(rest.substring(dot + 1)));
            }
        }
        return new Selection(whole, subs);
    }
}
