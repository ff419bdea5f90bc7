package dev.scimserver.json;

import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One checked member of a group ({@code value}, {@code type}, optional {@code display}) as a JSON
 * object that keeps its id in a field. Removing a member from a 100,000-member group has to find it
 * in the list; reading a field instead of a hash-map entry per member is what makes that walk cheap.
 */
public final class MemberValue extends AbstractJsonObject {
    private final String value;
    private final int foldedHash;
    private final Map<String, JsonValue> entries;

    public MemberValue(String value, String type, JsonValue display) {
        this.value = value;
        this.foldedHash = folded(value);
        Map<String, JsonValue> map = new LinkedHashMap<>(4);
        map.put("value", ScimJson.createValue(value));
        if (display != null && display != JsonValue.NULL) {
            map.put("display", display);
        }
        map.put("type", ScimJson.createValue(type));
        this.entries = java.util.Collections.unmodifiableMap(map);
    }

    /** The member's id. */
    public String id() {
        return value;
    }

    /**
     * The hash of the id in lower case, kept in this object: a walk through a large member list
     * compares these ints and looks at an id's characters only on a match.
     */
    public int foldedHash() {
        return foldedHash;
    }

    public static int folded(String id) {
        return fold(id).hashCode();
    }

    /** A member id as {@code members.value} (caseExact false) compares it. */
    public static String fold(String id) {
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
}
