package dev.scimserver.core;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A JSON array over a list the caller hands over and no longer changes. The JSON builder would copy
 * every element into a list of its own; for the member list of a large group that copy was a third
 * of the cost of a one-member PATCH.
 */
final class ListJsonArray extends AbstractList<JsonValue> implements JsonArray, RandomAccess {
    private final List<JsonValue> values;

    /** Takes {@code values} as it is: the caller must not change it afterwards. */
    ListJsonArray(List<JsonValue> values) {
        this.values = Collections.unmodifiableList(values);
    }

    @Override
    public JsonValue get(int index) {
        return values.get(index);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public JsonObject getJsonObject(int index) {
        return (JsonObject) values.get(index);
    }

    @Override
    public JsonArray getJsonArray(int index) {
        return (JsonArray) values.get(index);
    }

    @Override
    public JsonNumber getJsonNumber(int index) {
        return (JsonNumber) values.get(index);
    }

    @Override
    public JsonString getJsonString(int index) {
        return (JsonString) values.get(index);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
        return (List<T>) values;
    }

    @Override
    public <T, K extends JsonValue> List<T> getValuesAs(Function<K, T> func) {
        return JsonArray.super.getValuesAs(func);
    }

    @Override
    public String getString(int index) {
        return getJsonString(index).getString();
    }

    @Override
    public String getString(int index, String defaultValue) {
        return index >= 0 && index < values.size() && values.get(index) instanceof JsonString s ? s.getString() : defaultValue;
    }

    @Override
    public int getInt(int index) {
        return getJsonNumber(index).intValue();
    }

    @Override
    public int getInt(int index, int defaultValue) {
        return index >= 0 && index < values.size() && values.get(index) instanceof JsonNumber n ? n.intValue() : defaultValue;
    }

    @Override
    public boolean getBoolean(int index) {
        JsonValue value = values.get(index);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw new ClassCastException("not a boolean at " + index);
    }

    @Override
    public boolean getBoolean(int index, boolean defaultValue) {
        if (index < 0 || index >= values.size()) {
            return defaultValue;
        }
        JsonValue value = values.get(index);
        return value == JsonValue.TRUE || (value != JsonValue.FALSE && defaultValue);
    }

    @Override
    public boolean isNull(int index) {
        return values.get(index) == JsonValue.NULL;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.ARRAY;
    }

    @Override
    public String toString() {
        return ScimJson.createArrayBuilder(this).build().toString();
    }
}
