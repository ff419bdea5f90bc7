package dev.scimserver.store;

import dev.scimserver.json.ListJsonArray;
import dev.scimserver.json.MemberValue;
import dev.scimserver.json.ScimJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * For a backend that keeps a group's members apart from its body (the JDBC backend's member rows):
 * how it names a member and how it hands members back. Members built here count as checked, and the
 * array is one core walks without copying, so a group read from rows behaves like one kept in memory.
 */
public final class StoredMembers {
    private StoredMembers() {
    }

    /** A checked member: its id, what it is ("User" or "Group"), and its display name (may be null). */
    public static JsonObject member(String value, String type, String display) {
        JsonValue displayValue = display == null ? null : ScimJson.createArrayBuilder().add(display).build().get(0);
        return new MemberValue(value, type, displayValue);
    }

    /** Members as one JSON array; the list is taken as it is and must not change afterwards. */
    public static JsonArray array(List<JsonValue> members) {
        return new ListJsonArray(members);
    }

    /** The key members are compared by: the id as {@code members.value} (caseExact false) compares it. */
    public static String key(String id) {
        return MemberValue.fold(id);
    }

    /** A member's id, or null when it has none. */
    public static String id(JsonValue member) {
        if (member instanceof MemberValue m) {
            return m.id();
        }
        return member instanceof JsonObject o && o.get("value") instanceof JsonString s ? s.getString() : null;
    }
}
