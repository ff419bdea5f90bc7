package dev.scimserver.json;

import jakarta.json.JsonValue;

import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JSON array the PATCH engine builds, as a list of its own: the JSON builder would copy every
 * element into a list of its own. The elements are kept in {@link ValueChunks}, so the next version
 * of a large member list (one member in, one out) shares all but one chunk with this one.
 */
public final class ListJsonArray extends AbstractJsonArray {
    private final ValueChunks values;

    /** An array of these values (copied: the caller may go on using the list). */
    public ListJsonArray(List<JsonValue> values) {
        this(ValueChunks.of(values));
    }

    private ListJsonArray(ValueChunks values) {
        this.values = values;
    }

    /** This array with {@code more} at the end; the elements already here are shared, not copied. */
    public ListJsonArray appending(List<JsonValue> more) {
        return more.isEmpty() ? this : new ListJsonArray(values.appending(more));
    }

    /** This array without the elements at these positions (ascending); the untouched chunks are shared. */
    public ListJsonArray without(int[] positions) {
        return positions.length == 0 ? this : new ListJsonArray(values.without(positions));
    }

    @Override
    public JsonValue get(int index) {
        return values.get(index);
    }

    @Override
    public int size() {
        return values.size();
    }

    /**
     * The part of this array and {@code other} that is not in chunks both share: the first {@code head}
     * and the last {@code tail} elements of each are the very same objects in the same order.
     */
    record Unshared(int head, int tail, Object[] mine, Object[] theirs) {
    }

    Unshared unsharedWith(ListJsonArray other) {
        int head = values.sharedHead(other.values);
        int tail = values.sharedTail(other.values, head);
        return new Unshared(head, tail, values.toArray(head, size() - tail), other.values.toArray(head, other.size() - tail));
    }

    /** Positions that may hold a member whose id has one of these folded hashes (see {@link ValueChunks#candidates}). */
    public int[] candidates(int[] foldedHashes) {
        return values.candidates(foldedHashes);
    }

    // The walks below are what a large member list goes through on every PATCH (compared by ArrayDiff,
    // searched for a member to remove): AbstractList would do them one get() at a time, which was most
    // of the cost of a one-member change to a 100,000-member group.

    @Override
    public Object[] toArray() {
        return values.toArray();
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return values.iterator();
    }

    @Override
    public void forEach(Consumer<? super JsonValue> action) {
        values.forEach(action);
    }
}
