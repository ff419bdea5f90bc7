package dev.scimserver.query;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Returned;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Comparator;
import java.util.Locale;

/**
 * {@code sortBy} / {@code sortOrder} (RFC 7644 §3.4.2.3) resolved against one resource type.
 * A multi-valued attribute sorts by its primary value, else its first; strings honour caseExact;
 * resources without a value come last when ascending (and first when descending, the exact
 * reverse). Ties are broken by id so paging through an unchanged set is deterministic.
 */
public record SortSpec(AttributePath path, boolean descending) {

    /** From the request parameters; null when there is no sortBy. */
    public static SortSpec of(String sortBy, String sortOrder) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
                case "ascending" -> descending = false;
                case "descending" -> descending = true;
                default -> throw ScimException.invalidValue("'sortOrder' must be \"ascending\" or \"descending\", not \"" + sortOrder + "\"");
            }
        }
        if (sortBy == null || sortBy.isBlank()) {
            return null;
        }
        try {
            var parsed = ScimFilters.parsePath(sortBy.trim());
            if (parsed.valueFilter() != null) {
                throw ScimException.invalidValue("'sortBy' takes an attribute path like name.familyName, not a filter");
            }
            return new SortSpec(parsed.attribute(), descending);
        } catch (FilterParseException e) {
            throw ScimException.invalidValue("'sortBy' is not an attribute path: " + e.getMessage());
        }
    }

    /** The sort key of resources of one type; an attribute the type lacks is an error unless several types are searched. */
    public Key keyFor(ResourceType type, boolean acrossTypes) {
        ResolvedPath resolved = ResolvedPath.resolve(type, path);
        if (resolved == null) {
            if (acrossTypes) {
                return r -> null;
            }
            throw ScimException.invalidValue("Cannot sort by '" + path + "': " + type.name() + " has no such attribute");
        }
        if (resolved.attribute().returned() == Returned.NEVER) {
            throw ScimException.invalidValue("Cannot sort by '" + path + "': it is never returned");
        }
        Attribute target = resolved.target();
        if (target.isComplex()) {
            throw ScimException.invalidValue("Cannot sort by the complex attribute '" + path + "'; name a sub-attribute");
        }
        return r -> comparable(target, pick(resolved, r));
    }

    /** Extracts a comparable sort key, or null when the resource has no value. */
    @FunctionalInterface
    public interface Key {
        Comparable<?> of(JsonObject resource);
    }

    /** The order of resources by this spec: key, then id. */
    public <R> Comparator<Keyed<R>> comparator() {
        Comparator<Keyed<R>> byKey = (a, b) -> compareKeys(a.key(), b.key());
        Comparator<Keyed<R>> ordered = descending ? byKey.reversed() : byKey;
        return ordered.thenComparing(Keyed::id);
    }

    /** A resource (of whatever form its holder keeps) with its id and its sort key, computed once. */
    public record Keyed<R>(R resource, String id, Comparable<?> key) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Comparable a, Comparable b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        return a.compareTo(b);
    }

    private static JsonValue pick(ResolvedPath path, JsonObject resource) {
        JsonValue value = path.attributeValue(resource);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonArray array) {
            JsonValue chosen = null;
            for (JsonValue item : array) {
                if (item instanceof JsonObject object && object.get("primary") == JsonValue.TRUE) {
                    chosen = item;
                    break;
                }
            }
            if (chosen == null && !array.isEmpty()) {
                chosen = array.getFirst();
            }
            value = chosen;
        }
        Attribute target = path.target();
        if (target != path.attribute() && value instanceof JsonObject object) {
            return object.get(target.name());
        }
        return value;
    }

    private static Comparable<?> comparable(Attribute target, JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return switch (target.type()) {
            case INTEGER, DECIMAL -> value instanceof JsonNumber n ? n.bigDecimalValue() : null;
            case BOOLEAN -> value == JsonValue.TRUE ? Boolean.TRUE : value == JsonValue.FALSE ? Boolean.FALSE : null;
            case DATE_TIME -> value instanceof JsonString s ? FilterCompiler.instant(s.getString()) : null;
            default -> value instanceof JsonString s ? ResolvedPath.normalize(target, s.getString()) : null;
        };
    }
}
