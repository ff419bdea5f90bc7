package dev.scimserver.patch;

import dev.scimserver.filter.PatchPath;
import jakarta.json.JsonValue;

/**
 * One operation of a PATCH request (RFC 7644 §3.5.2): what to do, where, with what.
 *
 * @param path  the parsed target, or null for "the resource itself"
 * @param text  the path as the client wrote it, for messages
 * @param value the value, or null when the operation has none
 */
public record PatchOperation(Op op, PatchPath path, String text, JsonValue value) {

    /** The three operations of RFC 7644 §3.5.2. */
    public enum Op {
        ADD, REMOVE, REPLACE
    }
}
