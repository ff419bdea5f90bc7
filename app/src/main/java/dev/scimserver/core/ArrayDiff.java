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
        // Arrays, not the lists: the walk is a million pointer compares for a large group, and the
        // lists' get() goes through wrappers on every step.
        Object[] a = before.toArray();
        Object[] b = after.toArray();
        List<JsonValue> removed = new ArrayList<>();
        List<JsonValue> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                i++;
                j++;
                continue;
            }
            int leftBefore = a.length - i;
            int leftAfter = b.length - j;
            // Alignment is a guess (a removal, an insertion, or a replacement); a wrong guess lists an
            // element as both removed and added, which callers must tolerate. They do: they re-check.
            if (leftBefore > leftAfter) {
                removed.add((JsonValue) a[i++]);
            } else if (leftBefore < leftAfter) {
                added.add((JsonValue) b[j++]);
            } else {
                removed.add((JsonValue) a[i++]);
                added.add((JsonValue) b[j++]);
            }
            if (removed.size() + added.size() > LIMIT) {
                return null;
            }
        }
        if ((a.length - i) + (b.length - j) + removed.size() + added.size() > LIMIT) {
            return null;
        }
        for (; i < a.length; i++) {
            removed.add((JsonValue) a[i]);
        }
        for (; j < b.length; j++) {
            added.add((JsonValue) b[j]);
        }
        return new ArrayDiff(removed, added);
    }
}
