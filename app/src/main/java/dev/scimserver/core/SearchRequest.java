package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The parameters of a search (RFC 7644 §3.4.2 and §3.4.3), from query parameters or a
 * SearchRequest body: filter, sort, page and projection. {@code startIndex} below 1 means 1 and a
 * negative {@code count} means 0 (§3.4.2.4); {@code count} is null when the client gave none.
 */
public record SearchRequest(String filter, String sortBy, String sortOrder, int startIndex, Integer count,
                            Projection projection) {
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    /** From query parameters ({@code param} returns null when absent). */
    public static SearchRequest fromQuery(Function<String, String> param) {
        return new SearchRequest(
                blankToNull(param.apply("filter")),
                blankToNull(param.apply("sortBy")),
                blankToNull(param.apply("sortOrder")),
                startIndex(integer("startIndex", param.apply("startIndex"))),
                count(integer("count", param.apply("count"))),
                Projection.of(param.apply("attributes"), param.apply("excludedAttributes")));
    }

    /** From a POST {@code /.search} body. */
    public static SearchRequest fromBody(JsonObject body) {
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            switch (entry.getKey().toLowerCase(java.util.Locale.ROOT)) {
                case "schemas", "filter", "sortby", "sortorder", "startindex", "count", "attributes", "excludedattributes" -> {
                }
                default -> throw ScimException.invalidSyntax("Unknown SearchRequest attribute '" + entry.getKey()
                        + "'; allowed: filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes");
            }
        }
        checkSchemas(get(body, "schemas"));
        return new SearchRequest(
                string(body, "filter"),
                string(body, "sortBy"),
                string(body, "sortOrder"),
                startIndex(number(body, "startIndex")),
                count(number(body, "count")),
                Projection.of(list(body, "attributes"), list(body, "excludedAttributes")));
    }

    /**
     * RFC 7644 §3.4.3: "schemas" MUST be the SearchRequest URN. A body saying it is something else
     * (a resource or a PatchOp sent to the wrong endpoint) is refused rather than read as a search;
     * a body without "schemas" is accepted, as lenient clients send it.
     */
    private static void checkSchemas(JsonValue schemas) {
        if (schemas == null
                || schemas instanceof JsonArray array
                && array.stream().allMatch(v -> v instanceof JsonString)
                && array.stream().anyMatch(v -> ((JsonString) v).getString().equalsIgnoreCase(SCHEMA))) {
            return;
        }
        throw ScimException.invalidValue("The SearchRequest attribute 'schemas' must be [\"" + SCHEMA + "\"]");
    }

    private static int startIndex(Long value) {
        return value == null || value < 1 ? 1 : (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static Integer count(Long value) {
        return value == null ? null : (int) Math.max(0, Math.min(value, Integer.MAX_VALUE));
    }

    private static Long integer(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.trim());
            // Clamp before converting: toBigIntegerExact() of "1e99999999" builds a 300-million-bit
            // number, tens of seconds of CPU for one request. Out of range means "as far as it goes".
            if (value.compareTo(LONG_MAX) > 0) {
                return Long.MAX_VALUE;
            }
            if (value.compareTo(LONG_MIN) < 0) {
                return Long.MIN_VALUE;
            }
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ScimException.invalidValue("The parameter '" + name + "' must be an integer, not \"" + text + "\"");
        }
    }

    private static JsonValue get(JsonObject body, String name) {
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue() == JsonValue.NULL ? null : entry.getValue();
            }
        }
        return null;
    }

    private static String string(JsonObject body, String name) {
        JsonValue value = get(body, name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw ScimException.invalidValue("The SearchRequest attribute '" + name + "' must be a string");
        }
        return blankToNull(s.getString());
    }

    private static Long number(JsonObject body, String name) {
        JsonValue value = get(body, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString s) {
            return integer(name, s.getString());
        }
        if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
            throw ScimException.invalidValue("The SearchRequest attribute '" + name + "' must be an integer");
        }
        return integer(name, n.bigDecimalValue().toPlainString());
    }

    /** The attribute lists as the comma-separated form the query parameters use. */
    private static String list(JsonObject body, String name) {
        JsonValue value = get(body, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (!(value instanceof JsonArray array)) {
            throw ScimException.invalidValue("The SearchRequest attribute '" + name + "' must be an array of attribute names");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw ScimException.invalidValue("The SearchRequest attribute '" + name + "' must be an array of attribute names");
            }
            names.add(s.getString());
        }
        return String.join(",", names);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
