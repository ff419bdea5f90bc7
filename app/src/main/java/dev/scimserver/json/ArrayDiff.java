package dev.scimserver.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The elements one version of a multi-valued attribute has that the other lacks, found by object
 * identity. A PATCH keeps every untouched element as the same object, so a one-member change to a
 * 100,000-member group is found in one pass of pointer compares, without hashing or lower-casing
 * any value. Meant for small changes: past {@link #LIMIT} elements it gives up (null) and the caller
 * takes its general path. {@code removedAt} are positions in the old list, {@code addedAt} in the new
 * one: with them the new list can be rebuilt from the old (the journal does, on replay).
 *
 * <p>One write asks for the same difference three times (the membership check, the index upkeep,
 * the journal line), each with the same two arrays. JSON arrays do not change, so the last answer of
 * each thread is kept and given again for the same pair: the walk happens once per write, and no
 * caller needs to hand the difference to the next (the {@code Backend} interface stays as it is).
 */
public record ArrayDiff(List<JsonValue> removed, List<JsonValue> added, List<Integer> removedAt, List<Integer> addedAt) {
    public static final int LIMIT = 64;

    /** The last pair of JSON arrays this thread compared, and the answer (weakly: the memo keeps no old list alive). */
    private record Memo(WeakReference<List<JsonValue>> before, WeakReference<List<JsonValue>> after, ArrayDiff diff) {
        boolean isFor(List<JsonValue> b, List<JsonValue> a) {
            return before.get() == b && after.get() == a;
        }
    }

    private static final ThreadLocal<Memo> LAST = new ThreadLocal<>();

    /** The difference, or null when it is larger than {@link #LIMIT}. */
    public static ArrayDiff of(List<JsonValue> before, List<JsonValue> after) {
        if (!(before instanceof JsonArray) || !(after instanceof JsonArray)) {
            return compute(before, after); // a plain list may change between calls: nothing to remember
        }
        Memo last = LAST.get();
        if (last != null && last.isFor(before, after)) {
            return last.diff();
        }
        ArrayDiff diff = compute(before, after);
        LAST.set(new Memo(new WeakReference<>(before), new WeakReference<>(after), diff));
        return diff;
    }

    private static ArrayDiff compute(List<JsonValue> before, List<JsonValue> after) {
        // Arrays, not the lists: the walk is 100,000 pointer compares for a large group, and the lists'
        // get() goes through wrappers on every step. Two versions of a member list share all chunks but
        // the few a PATCH touched; only what lies between the shared head and tail is compared.
        Object[] a;
        Object[] b;
        int offset = 0;
        if (before instanceof ListJsonArray older && after instanceof ListJsonArray newer) {
            ListJsonArray.Unshared middle = older.unsharedWith(newer);
            a = middle.mine();
            b = middle.theirs();
            offset = middle.head();
        } else {
            a = before.toArray();
            b = after.toArray();
        }
        ArrayDiff diff = compute(a, b);
        return diff == null || offset == 0 ? diff : diff.shifted(offset);
    }

    /** This difference for lists that have {@code offset} more equal elements in front. */
    private ArrayDiff shifted(int offset) {
        return new ArrayDiff(removed, added, removedAt.stream().map(p -> p + offset).toList(),
                addedAt.stream().map(p -> p + offset).toList());
    }

    private static ArrayDiff compute(Object[] a, Object[] b) {
        List<JsonValue> removed = new ArrayList<>();
        List<JsonValue> added = new ArrayList<>();
        List<Integer> removedAt = new ArrayList<>();
        List<Integer> addedAt = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                i++;
                j++;
                continue;
            }
            // Look a few steps ahead for where the lists meet again: a removal or an insertion in the
            // middle then costs one element, not a misalignment of everything after it. A wrong guess
            // lists an element as both removed and added, which callers tolerate: they re-check.
            int skipBefore = ahead(a, i, b[j]);
            int skipAfter = ahead(b, j, a[i]);
            if (skipBefore > 0 && (skipAfter < 0 || skipBefore <= skipAfter)) {
                for (int k = 0; k < skipBefore; k++) {
                    removedAt.add(i);
                    removed.add((JsonValue) a[i++]);
                }
            } else if (skipAfter > 0) {
                for (int k = 0; k < skipAfter; k++) {
                    addedAt.add(j);
                    added.add((JsonValue) b[j++]);
                }
            } else {
                removedAt.add(i);
                removed.add((JsonValue) a[i++]);
                addedAt.add(j);
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
            removedAt.add(i);
            removed.add((JsonValue) a[i]);
        }
        for (; j < b.length; j++) {
            addedAt.add(j);
            added.add((JsonValue) b[j]);
        }
        // Shared with later callers through the memo, so no caller may change it.
        return new ArrayDiff(Collections.unmodifiableList(removed), Collections.unmodifiableList(added),
                Collections.unmodifiableList(removedAt), Collections.unmodifiableList(addedAt));
    }

    /** How many steps past {@code from} in {@code values} the object {@code wanted} stands (1..LOOKAHEAD), or -1. */
    private static int ahead(Object[] values, int from, Object wanted) {
        for (int k = 1; k <= LOOKAHEAD && from + k < values.length; k++) {
            if (values[from + k] == wanted) {
                return k;
            }
        }
        return -1;
    }

    private static final int LOOKAHEAD = 8;

    /** The new list, from the old one and this difference. */
    public List<JsonValue> applyTo(List<JsonValue> before) {
        java.util.Set<Integer> gone = new java.util.HashSet<>(removedAt);
        List<JsonValue> result = new ArrayList<>(before.size() - removedAt.size() + addedAt.size());
        for (int k = 0; k < before.size(); k++) {
            if (!gone.contains(k)) {
                result.add(before.get(k));
            }
        }
        for (int k = 0; k < addedAt.size(); k++) {
            result.add(addedAt.get(k), added.get(k));
        }
        return result;
    }
}
