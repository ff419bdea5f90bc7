package dev.scimserver.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * A small JSON array held as one array of its values: the JSON builder's array is four objects
 * (array, unmodifiable view, list, backing array), and every stored resource has a few, all of them
 * copied by the collector while a dump loads. Large arrays (a group's members) are
 * {@link ListJsonArray}s instead, whose chunks a PATCH can share.
 */
public final class CompactJsonArray extends AbstractJsonArray {
    /** Above this many elements {@link #of} gives a {@link ListJsonArray}. */
    static final int MAX_ELEMENTS = 64;

    private final JsonValue[] values;

    private CompactJsonArray(JsonValue[] values) {
        this.values = values;
    }

    /** An array of these values (copied: the caller may go on using the list). */
    public static JsonArray of(List<JsonValue> values) {
        return values.size() > MAX_ELEMENTS ? new ListJsonArray(values) : new CompactJsonArray(values.toArray(new JsonValue[0]));
    }

    @Override
    public JsonValue get(int index) {
        return values[Objects.checkIndex(index, values.length)]; // the List contract's exception, as other arrays throw
    }

    @Override
    public int size() {
        return values.length;
    }
}
