package dev.scimserver.core;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements one version of a multi-valued attribute has that the other lacks, found by object
 * identity. A PATCH keeps every untouched element as the same object, so a one-member change to a
 * 100,000-member group is found in one pass of pointer compares, without hashing or lower-casing
 * any value. Meant for small changes: past {@link #LIMIT} elements it gives up (null) and the caller
 * takes its general path.
 */
public record ArrayDiff(List<JsonValue> removed, List<JsonValue> added) {
    public static final int LIMIT = 64;

    /** The difference, or null when it is larger than {@link #LIMIT}. */
    public static ArrayDiff of(List<JsonValue> before, List<JsonValue> after) {
        List<JsonValue> removed = new ArrayList<>();
        List<JsonValue> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            JsonValue a = before.get(i);
            JsonValue b = after.get(j);
            if (a == b) {
                i++;
                j++;
                continue;
            }
            int leftBefore = before.size() - i;
            int leftAfter = after.size() - j;
            // Alignment is a guess (a removal, an insertion, or a replacement); a wrong guess lists an
            // element as both removed and added, which callers must tolerate. They do: they re-check.
            if (leftBefore > leftAfter) {
                removed.add(a);
                i++;
            } else if (leftBefore < leftAfter) {
                added.add(b);
                j++;
            } else {
                removed.add(a);
                added.add(b);
                i++;
                j++;
            }
            if (removed.size() + added.size() > LIMIT) {
                return null;
            }
        }
        if ((before.size() - i) + (after.size() - j) + removed.size() + added.size() > LIMIT) {
            return null;
        }
        removed.addAll(before.subList(i, before.size()));
        added.addAll(after.subList(j, after.size()));
        return new ArrayDiff(removed, added);
    }
}
