package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A BulkRequest body (RFC 7644 §3.7): its operations in the order sent and how many failures end
 * it. What is wrong with the request as a whole (no {@code Operations}, another message's schemas,
 * two operations with one {@code bulkId}, more operations than allowed) is refused here; what is
 * wrong with one operation (its method, path or data) fails only that operation, when it runs.
 */
public record BulkRequest(int failOnErrors, List<Operation> operations) {
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    /**
     * One operation as sent: its method upper-cased, the rest as given (any may be null).
     *
     * @param index where it stood in {@code Operations}, from 0
     */
    public record Operation(int index, String method, String bulkId, String version, String path, JsonValue data) {
    }

    /**
     * @param maxOperations the most operations a request may carry ({@code scim.bulk.max-operations});
     *                      more is 413, as RFC 7644 §3.7.4 says
     */
    public static BulkRequest parse(JsonObject body, boolean strict, int maxOperations) {
        checkSchemas(body, strict);
        JsonValue listed = valueOf(body, "Operations");
        if (!(listed instanceof JsonArray operations)) {
            throw ScimException.invalidSyntax("A BulkRequest needs \"Operations\": an array of operations"
                    + (listed == null ? "" : ", not " + listed.getValueType().name().toLowerCase(Locale.ROOT)));
        }
        if (operations.size() > maxOperations) {
            throw new ScimException(413, null, "The bulk request has " + operations.size()
                    + " operations, more than maxOperations (" + maxOperations + ")");
        }
        List<Operation> parsed = new ArrayList<>(operations.size());
        Set<String> bulkIds = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            if (!(operations.get(i) instanceof JsonObject operation)) {
                throw ScimException.invalidSyntax("Operations[" + i + "] must be an object");
            }
            String bulkId = text(operation, "bulkId", i);
            if (bulkId != null && !bulkIds.add(bulkId)) {
                throw ScimException.invalidValue("Operations[" + i + "]: the bulkId \"" + bulkId
                        + "\" is used by an earlier operation; each bulkId names one resource");
            }
            String method = text(operation, "method", i);
            parsed.add(new Operation(i, method == null ? null : method.toUpperCase(Locale.ROOT), bulkId,
                    text(operation, "version", i), text(operation, "path", i), valueOf(operation, "data")));
        }
        return new BulkRequest(failOnErrors(body), List.copyOf(parsed));
    }

    private static void checkSchemas(JsonObject body, boolean strict) {
        JsonValue schemas = valueOf(body, "schemas");
        if (schemas == null || schemas == JsonValue.NULL || schemas instanceof JsonArray a && a.isEmpty()) {
            if (strict) {
                throw ScimException.invalidSyntax("A BulkRequest must list \"schemas\": [\"" + SCHEMA + "\"]");
            }
            return; // lenient, as for resources: the endpoint says what the body is
        }
        if (!(schemas instanceof JsonArray list) || !list.contains(ScimJson.createValue(SCHEMA))) {
            throw ScimException.invalidSyntax("The body of POST /Bulk is a BulkRequest: \"schemas\" must be [\"" + SCHEMA + "\"]");
        }
    }

    /** 0 when not given: then every operation is performed, whatever fails. */
    private static int failOnErrors(JsonObject body) {
        JsonValue value = valueOf(body, "failOnErrors");
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                || number.longValue() > Integer.MAX_VALUE) {
            throw ScimException.invalidValue("failOnErrors must be a whole number of at least 1, not " + value);
        }
        return number.intValue();
    }

    private static String text(JsonObject operation, String name, int index) {
        JsonValue value = valueOf(operation, name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw ScimException.invalidSyntax("Operations[" + index + "]." + name + " must be a string, not " + value);
        }
        return string.getString();
    }

    /** A member by its name in any case: SCIM's attribute names are case-insensitive. */
    private static JsonValue valueOf(JsonObject object, String name) {
        JsonValue exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (var entry : object.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
