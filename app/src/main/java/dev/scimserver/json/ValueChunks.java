package dev.scimserver.json;

import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The elements of a JSON array, in chunks that successive versions of the array share. A member
 * added to or removed from a 100,000-member group gives a new version that copies one chunk and the
 * table of chunks (a few hundred references), not 100,000 elements. Never changed once built.
 *
 * <p>Beside each chunk of members lie their ids' folded hashes ({@link MemberValue#foldedHash}) in an
 * int array: finding the member to remove then reads 100,000 ints in a row instead of visiting
 * 100,000 objects spread over the heap (a cache miss each).
 */
final class ValueChunks {
    /** Chunks are filled up to this many elements; a removal may leave one smaller, never empty. */
    static final int CHUNK = 512;

    private static final ValueChunks EMPTY = new ValueChunks(new JsonValue[0][], new int[0][], new int[0]);

    private final JsonValue[][] chunks;
    /** keys[k]: the folded id hashes of chunk k's elements, or null when one of them is not a member. */
    private final int[][] keys;
    /** ends[k]: the position after the last element of chunk k; the last one is the size. */
    private final int[] ends;

    private ValueChunks(JsonValue[][] chunks, int[][] keys, int[] ends) {
        this.chunks = chunks;
        this.keys = keys;
        this.ends = ends;
    }

    /** The folded id hashes of a chunk's elements; null unless every one is a member. */
    private static int[] keysOf(JsonValue[] chunk) {
        int[] out = new int[chunk.length];
        for (int i = 0; i < chunk.length; i++) {
            if (!(chunk[i] instanceof MemberValue member)) {
                return null;
            }
            out[i] = member.foldedHash();
        }
        return out;
    }

    static ValueChunks of(List<JsonValue> values) {
        return EMPTY.appending(values);
    }

    int size() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    JsonValue get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + size());
        }
        int k = chunkOf(index);
        return chunks[k][index - start(k)];
    }

    /** The chunk holding a position: the first whose end lies past it. */
    private int chunkOf(int index) {
        int k = Arrays.binarySearch(ends, index);
        return k >= 0 ? k + 1 : -k - 1;
    }

    private int start(int k) {
        return k == 0 ? 0 : ends[k - 1];
    }

    /** A new version with {@code more} after the last element: the last chunk is copied, the others shared. */
    ValueChunks appending(List<JsonValue> more) {
        if (more.isEmpty()) {
            return this;
        }
        int last = chunks.length - 1;
        int room = last < 0 ? 0 : CHUNK - chunks[last].length;
        int fresh = Math.ceilDiv(Math.max(0, more.size() - room), CHUNK);
        int kept = room > 0 ? last : chunks.length;
        JsonValue[][] nextChunks = Arrays.copyOf(chunks, kept + (room > 0 ? 1 : 0) + fresh);
        int[][] nextKeys = Arrays.copyOf(keys, nextChunks.length);
        int[] nextEnds = Arrays.copyOf(ends, nextChunks.length);
        Object[] incoming = more.toArray();
        int taken = 0;
        for (int k = kept; k < nextChunks.length; k++) {
            JsonValue[] base = k < chunks.length ? chunks[k] : new JsonValue[0];
            int n = Math.min(CHUNK - base.length, incoming.length - taken);
            JsonValue[] chunk = Arrays.copyOf(base, base.length + n);
            System.arraycopy(incoming, taken, chunk, base.length, n);
            taken += n;
            nextChunks[k] = chunk;
            nextKeys[k] = keysOf(chunk);
            nextEnds[k] = (k == 0 ? 0 : nextEnds[k - 1]) + chunk.length;
        }
        return new ValueChunks(nextChunks, nextKeys, nextEnds);
    }

    /**
     * A new version without the elements at these positions (ascending, no repeats): only the chunks
     * that held them are copied, and a chunk left empty is dropped.
     */
    ValueChunks without(int[] positions) {
        if (positions.length == 0) {
            return this;
        }
        JsonValue[][] nextChunks = new JsonValue[chunks.length][];
        int[][] nextKeys = new int[chunks.length][];
        int[] nextEnds = new int[chunks.length];
        int count = 0;
        int p = 0;
        for (int k = 0; k < chunks.length; k++) {
            JsonValue[] chunk = chunks[k];
            int[] chunkKeys = keys[k];
            int from = start(k);
            int to = ends[k];
            if (p < positions.length && positions[p] < to) {
                JsonValue[] kept = new JsonValue[chunk.length];
                int n = 0;
                for (int i = from; i < to; i++) {
                    if (p < positions.length && positions[p] == i) {
                        p++;
                    } else {
                        kept[n++] = chunk[i - from];
                    }
                }
                chunk = n == 0 ? null : Arrays.copyOf(kept, n);
                chunkKeys = chunk == null ? null : keysOf(chunk);
            }
            if (chunk != null) {
                nextChunks[count] = chunk;
                nextKeys[count] = chunkKeys;
                nextEnds[count] = (count == 0 ? 0 : nextEnds[count - 1]) + chunk.length;
                count++;
            }
        }
        return new ValueChunks(Arrays.copyOf(nextChunks, count), Arrays.copyOf(nextKeys, count), Arrays.copyOf(nextEnds, count));
    }

    /**
     * The positions (ascending) that may hold a member whose folded id hash is one of {@code wanted}:
     * every member with such an id, and every element that is not a member. The caller checks each.
     */
    int[] candidates(int[] wanted) {
        int[] out = new int[8];
        int count = 0;
        for (int k = 0; k < chunks.length; k++) {
            int[] chunkKeys = keys[k];
            int from = start(k);
            for (int i = 0; i < chunks[k].length; i++) {
                if (chunkKeys == null || contains(wanted, chunkKeys[i])) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = from + i;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    Object[] toArray() {
        return toArray(0, size());
    }

    /** The elements from {@code from} (inclusive) to {@code to} (exclusive). */
    Object[] toArray(int from, int to) {
        Object[] out = new Object[to - from];
        for (int k = from < to ? chunkOf(from) : chunks.length; k < chunks.length && start(k) < to; k++) {
            int first = Math.max(from, start(k));
            int last = Math.min(to, ends[k]);
            System.arraycopy(chunks[k], first - start(k), out, first - from, last - first);
        }
        return out;
    }

    /** How many leading elements this and {@code other} hold in the very same chunks. */
    int sharedHead(ValueChunks other) {
        int k = 0;
        while (k < chunks.length && k < other.chunks.length && chunks[k] == other.chunks[k]) {
            k++;
        }
        return k == 0 ? 0 : ends[k - 1];
    }

    /** How many trailing elements, past the first {@code head} of each, this and {@code other} hold in the very same chunks. */
    int sharedTail(ValueChunks other, int head) {
        int k = chunks.length - 1;
        int j = other.chunks.length - 1;
        int tail = 0;
        while (k >= 0 && j >= 0 && chunks[k] == other.chunks[j]
                && size() - tail - chunks[k].length >= head && other.size() - tail - chunks[k].length >= head) {
            tail += chunks[k].length;
            k--;
            j--;
        }
        return tail;
    }

    void forEach(Consumer<? super JsonValue> action) {
        for (JsonValue[] chunk : chunks) {
            for (JsonValue value : chunk) {
                action.accept(value);
            }
        }
    }

    /** A read-only walk, chunk by chunk. */
    java.util.Iterator<JsonValue> iterator() {
        return new java.util.Iterator<>() {
            private int k;
            private int i;

            @Override
            public boolean hasNext() {
                return k < chunks.length;
            }

            @Override
            public JsonValue next() {
                if (k >= chunks.length) {
                    throw new NoSuchElementException();
                }
                JsonValue value = chunks[k][i++];
                if (i == chunks[k].length) {
                    k++;
                    i = 0;
                }
                return value;
            }
        };
    }
}
