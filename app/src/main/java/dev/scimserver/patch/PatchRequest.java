package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.PatchPath;
import dev.scimserver.filter.ScimFilters;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a PatchOp body (RFC 7644 §3.5.2) into {@link PatchOperation}s. Lenient by default about
 * what Entra ID sends: capitalised op names ("Replace"), a stray top-level {@code id} and extra keys
 * inside an operation are accepted; strict mode answers them as the RFC would.
 */
public final class PatchRequest {
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private PatchRequest() {
    }

    public static List<PatchOperation> parse(JsonObject body, boolean strict) {
        JsonValue operations = null;
        boolean hasSchemas = false;
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String key = entry.getKey();
            if (key.equalsIgnoreCase("Operations")) {
                operations = entry.getValue();
            } else if (key.equalsIgnoreCase("schemas")) {
                hasSchemas = true;
                checkSchemas(entry.getValue(), strict);
            } else if (strict) {
                throw ScimException.invalidSyntax("Unknown PatchOp attribute '" + key + "'; a PatchOp has 'schemas' and 'Operations'");
            }
        }
        // Attribute names are case-insensitive (RFC 7643 §2.1), so "Schemas" counts: hence the flag, not containsKey.
        if (strict && !hasSchemas) {
            throw ScimException.invalidSyntax("A PatchOp needs \"schemas\": [\"" + SCHEMA + "\"]");
        }
        if (!(operations instanceof JsonArray array) || array.isEmpty()) {
            throw ScimException.invalidSyntax("A PatchOp needs a non-empty 'Operations' array");
        }
        List<PatchOperation> result = new ArrayList<>();
        int index = 0;
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject operation)) {
                throw ScimException.invalidSyntax("Operations[" + index + "] must be a JSON object");
            }
            result.add(operation(operation, index, strict));
            index++;
        }
        return result;
    }

    private static void checkSchemas(JsonValue schemas, boolean strict) {
        if (schemas instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonString s && s.getString().equalsIgnoreCase(SCHEMA)) {
                    return;
                }
            }
        }
        if (strict || !(schemas instanceof JsonArray)) {
            throw ScimException.invalidValue("'schemas' of a PATCH body must be [\"" + SCHEMA + "\"]");
        }
    }

    private static PatchOperation operation(JsonObject json, int index, boolean strict) {
        String where = "Operations[" + index + "]";
        String opText = null;
        String pathText = null;
        JsonValue value = null;
        for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
            switch (strict ? entry.getKey() : entry.getKey().toLowerCase(Locale.ROOT)) {
                case "op" -> opText = string(entry.getValue(), where + ".op");
                case "path" -> pathText = entry.getValue() == JsonValue.NULL ? null : string(entry.getValue(), where + ".path");
                case "value" -> value = entry.getValue();
                default -> {
                    if (strict) {
                        throw ScimException.invalidSyntax(where + " has an unknown key '" + entry.getKey()
                                + "'; an operation has 'op', 'path' and 'value'");
                    }
                }
            }
        }
        if (opText == null) {
            throw ScimException.invalidSyntax(where + " has no 'op'; use add, remove or replace");
        }
        PatchOperation.Op op = op(opText, strict, where);
        PatchPath path = null;
        if (pathText != null && !pathText.isBlank()) {
            try {
                path = ScimFilters.parsePath(pathText.trim());
            } catch (FilterParseException e) {
                if (strict) {
                    throw new ScimException(400, "invalidPath", where + ".path \"" + pathText + "\" is not a valid path: " + e.getMessage());
                }
                path = lenientPath(pathText.trim(), where, e);
            }
        }
        if (op != PatchOperation.Op.REMOVE && (value == null || value == JsonValue.NULL)) {
            throw ScimException.invalidValue(where + " (" + opText + ") needs a 'value'");
        }
        return new PatchOperation(op, path, pathText, value);
    }

    /** Lenient mode also takes filters with unquoted values inside a path ({@code emails[type eq work]}). */
    private static PatchPath lenientPath(String text, String where, FilterParseException strictError) {
        int open = text.indexOf('[');
        int close = text.lastIndexOf(']');
        if (open > 0 && close > open) {
            try {
                var filter = ScimFilters.parseFilterLenient(text.substring(open + 1, close));
                PatchPath bare = ScimFilters.parsePath(text.substring(0, open) + "[x pr]" + text.substring(close + 1));
                return new PatchPath(bare.attribute(), filter, bare.subAttribute());
            } catch (FilterParseException ignored) {
                // fall through to the strict error, which names the position
            }
        }
        throw new ScimException(400, "invalidPath", where + ".path \"" + text + "\" is not a valid path: " + strictError.getMessage());
    }

    private static PatchOperation.Op op(String text, boolean strict, String where) {
        String normalized = strict ? text : text.toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "add" -> PatchOperation.Op.ADD;
            case "remove" -> PatchOperation.Op.REMOVE;
            case "replace" -> PatchOperation.Op.REPLACE;
            default -> throw ScimException.invalidSyntax(where + ".op \"" + text + "\" is not one of add, remove, replace");
        };
    }

    private static String string(JsonValue value, String where) {
        if (!(value instanceof JsonString s)) {
            throw ScimException.invalidSyntax(where + " must be a string");
        }
        return s.getString();
    }
}
