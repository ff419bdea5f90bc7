package dev.scimserver.core;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One checked member of a group ({@code value}, {@code type}, optional {@code display}) as a JSON
 * object that keeps its id in a field. Removing a member from a 100,000-member group has to find it
 * in the list; reading a field instead of a hash-map entry per member is what makes that walk cheap.
 */
final class MemberValue extends AbstractMap<String, JsonValue> implements JsonObject {
    private final String value;
    private final int foldedHash;
    private final Map<String, JsonValue> entries;

    MemberValue(String value, String type, JsonValue display) {
        this.value = value;
        this.foldedHash = folded(value);
        Map<String, JsonValue> map = new LinkedHashMap<>(4);
        map.put("value", ScimJson.createArrayBuilder().add(value).build().get(0));
        if (display != null && display != JsonValue.NULL) {
            map.put("display", display);
        }
        map.put("type", ScimJson.createArrayBuilder().add(type).build().get(0));
        this.entries = java.util.Collections.unmodifiableMap(map);
    }

    /** The member's id. */
    String id() {
        return value;
    }

    /**
     * The hash of the id in lower case, kept in this object: a walk through a large member list
     * compares these ints and looks at an id's characters only on a match.
     */
    int foldedHash() {
        return foldedHash;
    }

    static int folded(String id) {
        return fold(id).hashCode();
    }

    /** A member id as {@code members.value} (caseExact false) compares it. */
    static String fold(String id) {
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public JsonValue get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public JsonArray getJsonArray(String name) {
        return (JsonArray) entries.get(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return (JsonObject) entries.get(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return (JsonNumber) entries.get(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return (JsonString) entries.get(name);
    }

    @Override
    public String getString(String name) {
        JsonString s = getJsonString(name);
        if (s == null) {
            throw new NullPointerException("no " + name);
        }
        return s.getString();
    }

    @Override
    public String getString(String name, String defaultValue) {
        return entries.get(name) instanceof JsonString s ? s.getString() : defaultValue;
    }

    @Override
    public int getInt(String name) {
        return getJsonNumber(name).intValue();
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return entries.get(name) instanceof JsonNumber n ? n.intValue() : defaultValue;
    }

    @Override
    public boolean getBoolean(String name) {
        JsonValue v = entries.get(name);
        if (v == null) {
            throw new NullPointerException("no " + name);
        }
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw new ClassCastException(name + " is not a boolean");
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        JsonValue v = entries.get(name);
        return v == JsonValue.TRUE || (v != JsonValue.FALSE && defaultValue);
    }

    @Override
    public boolean isNull(String name) {
        JsonValue v = entries.get(name);
        if (v == null) {
            throw new NullPointerException("no " + name);
        }
        return v == JsonValue.NULL;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public String toString() {
        return ScimJson.createObjectBuilder(this).build().toString();
    }
}
