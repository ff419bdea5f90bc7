package dev.scimserver.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringWriter;
import java.util.AbstractMap;
import java.util.Objects;

/**
 * The typed getters of a JSON object over a map of its own ({@link CompactJsonObject},
 * {@link MemberValue}): what {@code jakarta.json} asks of an object beyond {@code get} and its entries.
 */
abstract class AbstractJsonObject extends AbstractMap<String, JsonValue> implements JsonObject {
    @Override
    public JsonArray getJsonArray(String name) {
        return (JsonArray) get(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return (JsonObject) get(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return (JsonNumber) get(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return (JsonString) get(name);
    }

    @Override
    public String getString(String name) {
        return getJsonString(name).getString();
    }

    @Override
    public String getString(String name, String defaultValue) {
        return get(name) instanceof JsonString s ? s.getString() : defaultValue;
    }

    @Override
    public int getInt(String name) {
        return getJsonNumber(name).intValue();
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return get(name) instanceof JsonNumber n ? n.intValue() : defaultValue;
    }

    @Override
    public boolean getBoolean(String name) {
        JsonValue value = Objects.requireNonNull(get(name), name);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw new ClassCastException("'" + name + "' is not a boolean");
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        JsonValue value = get(name);
        return value == JsonValue.TRUE || (value != JsonValue.FALSE && defaultValue);
    }

    @Override
    public boolean isNull(String name) {
        return Objects.requireNonNull(get(name), name) == JsonValue.NULL;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (var writer = ScimJson.createWriter(out)) {
            writer.write(this);
        }
        return out.toString();
    }
}
