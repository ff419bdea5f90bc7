package dev.scimserver.store.jdbc;

import dev.scimserver.json.ArrayDiff;
import dev.scimserver.error.ScimException;
import dev.scimserver.store.StoredMembers;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A group's members as rows of {@code scim_member}. A write touches only the rows of members that
 * came or went, found by the identity diff of the old and new member arrays; only a reordering
 * (a PUT that lists members anew) rewrites them all. The resource of every member that comes in is
 * locked for the rest of the transaction, so no member row names a resource deleted meanwhile.
 */
final class MemberRows {
    private MemberRows() {
    }

    /** The members of a group, in the order they were written; null when it has none. */
    static JsonArray load(Connection connection, long groupPk) throws SQLException {
        List<JsonValue> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT member_value, member_type, display FROM scim_member WHERE group_pk = ? ORDER BY position")) {
            select.setLong(1, groupPk);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(StoredMembers.member(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return members.isEmpty() ? null : StoredMembers.array(members);
    }

    /**
     * The resource types a member may be, by the name a member's {@code type} gives, for
     * {@link #lockMembers}: the User and Group types (their ids in {@code scim_resource.resource_type}).
     */
    record MemberTypes(Map<String, String> idsByName) {
        /** The type ids a member of this {@code type} may be stored under: its own, or every one when it names none of them. */
        Collection<String> of(String typeName) {
            String id = typeName == null ? null : idsByName.get(typeName.toLowerCase(Locale.ROOT));
            return id != null ? List.of(id) : idsByName.values();
        }
    }

    /**
     * Makes the rows of a group say {@code after} instead of {@code before} (either may be null: no
     * members). Every member that comes in has its resource row locked first ({@link #lockMembers}), so
     * a member row is never written for a resource that is being deleted or is gone.
     */
    static void write(Connection connection, long groupPk, JsonArray before, JsonArray after, MemberTypes types)
            throws SQLException {
        if (before == after) {
            return;
        }
        List<JsonValue> old = before == null ? List.of() : before;
        List<JsonValue> now = after == null ? List.of() : after;
        ArrayDiff diff = old.isEmpty() ? null : ArrayDiff.of(old, now);
        if (diff != null && appendsOnly(diff, now.size())) {
            lockMembers(connection, diff.added(), types);
            delete(connection, groupPk, diff.removed());
            insert(connection, groupPk, diff.added(), nextPosition(connection, groupPk));
            return;
        }
        lockMembers(connection, newcomers(old, now), types);
        if (!old.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM scim_member WHERE group_pk = ?")) {
                delete.setLong(1, groupPk);
                delete.executeUpdate();
            }
        }
        insert(connection, groupPk, now, 1);
    }

    /** The members of {@code now} whose ids {@code old} does not hold. */
    private static List<JsonValue> newcomers(List<JsonValue> old, List<JsonValue> now) {
        if (old.isEmpty()) {
            return now;
        }
        Set<String> before = new HashSet<>();
        for (JsonValue member : old) {
            before.add(StoredMembers.id(member));
        }
        List<JsonValue> added = new ArrayList<>();
        for (JsonValue member : now) {
            if (!before.contains(StoredMembers.id(member))) {
                added.add(member);
            }
        }
        return added;
    }

    /**
     * Locks the {@code scim_resource} rows of these members ({@code SELECT … FOR UPDATE}) until the
     * transaction ends, and refuses the write when one of them is gone. Core checked that each
     * member exists before the write, in a transaction of its own; a DELETE of that member could
     * commit after that check, clean the groups it saw, and this write would then add a member that
     * names nothing. With the lock, either the DELETE comes first (the lock finds no row: refused,
     * as core refuses an unknown member) or it waits until this write has committed, and its
     * clean-up then sees the new member and removes it. Locks are taken in one order (type, then
     * id), so two writers that add the same members cannot deadlock each other.
     */
    static void lockMembers(Connection connection, List<JsonValue> members, MemberTypes types) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        Map<String, TreeSet<String>> idsByType = new TreeMap<>();
        for (JsonValue member : members) {
            String id = StoredMembers.id(member);
            String type = member instanceof JsonObject m && m.get("type") instanceof JsonString t ? t.getString() : null;
            for (String typeId : types.of(type)) {
                idsByType.computeIfAbsent(typeId, k -> new TreeSet<>()).add(id);
            }
        }
        // One point look-up per member: H2 answers "resource_type = ? AND id IN (…)" by walking every
        // row of the type (its index takes the IN list only on a first column), 20 s for 50,000 members;
        // 50,000 look-ups take about half a second.
        Set<String> found = new HashSet<>();
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT id FROM scim_resource WHERE resource_type = ? AND id = ? FOR UPDATE")) {
            for (Map.Entry<String, TreeSet<String>> entry : idsByType.entrySet()) {
                for (String id : entry.getValue()) {
                    lock.setString(1, entry.getKey());
                    lock.setString(2, id);
                    try (ResultSet rows = lock.executeQuery()) {
                        if (rows.next()) {
                            found.add(id);
                        }
                    }
                }
            }
        }
        for (JsonValue member : members) {
            String id = StoredMembers.id(member);
            if (!found.contains(id)) {
                throw ScimException.invalidValue("members: there is no User or Group with id \"" + id + "\"");
            }
        }
    }

    /** Whether every added member is at the end, so appending rows keeps the order of the array. */
    private static boolean appendsOnly(ArrayDiff diff, int size) {
        int tail = size - diff.added().size();
        for (int index : diff.addedAt()) {
            if (index < tail) {
                return false;
            }
        }
        return true;
    }

    private static long nextPosition(Connection connection, long groupPk) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MAX(position) FROM scim_member WHERE group_pk = ?")) {
            select.setLong(1, groupPk);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) + 1;
            }
        }
    }

    private static void delete(Connection connection, long groupPk, List<JsonValue> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM scim_member WHERE group_pk = ? AND member_value = ?")) {
            for (JsonValue member : members) {
                delete.setLong(1, groupPk);
                delete.setString(2, StoredMembers.id(member));
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Inserts member rows from {@code firstPosition} on, as they are (their resources neither checked nor locked). */
    static void insert(Connection connection, long groupPk, List<JsonValue> members, long firstPosition)
            throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scim_member "
                + "(group_pk, member_key, position, member_value, member_type, display) VALUES (?, ?, ?, ?, ?, ?)")) {
            long position = firstPosition;
            int pending = 0;
            for (JsonValue member : members) {
                JsonObject m = member.asJsonObject();
                String id = StoredMembers.id(m);
                insert.setLong(1, groupPk);
                insert.setString(2, StoredMembers.key(id));
                insert.setLong(3, position++);
                insert.setString(4, id);
                insert.setString(5, m.getString("type", null));
                insert.setString(6, m.get("display") instanceof JsonString d ? d.getString() : null);
                insert.addBatch();
                if (++pending == 1000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }

    /**
     * For each member id, the groups of the type whose member rows have its folded key, in creation
     * order: {@code members.value eq id} for many ids in one statement per 500 of them.
     */
    static Map<String, List<StoredResource>> groupsNaming(Connection connection, String groupTypeId,
                                                         Collection<String> memberIds, JdbcSearch.RowReader reader)
            throws SQLException {
        Map<String, List<StoredResource>> groups = new LinkedHashMap<>();
        Map<String, List<String>> idsByKey = new HashMap<>();
        for (String id : memberIds) {
            groups.put(id, new ArrayList<>());
            idsByKey.computeIfAbsent(StoredMembers.key(id), k -> new ArrayList<>()).add(id);
        }
        List<String> keys = new ArrayList<>(idsByKey.keySet());
        Map<Long, StoredResource> read = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            try (PreparedStatement select = connection.prepareStatement("SELECT g.pk, g.version, g.body, g.resource_type,"
                    + " m.member_key FROM scim_member m JOIN scim_resource g ON g.pk = m.group_pk"
                    + " WHERE g.resource_type = ? AND m.member_key IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY g.pk")) {
                select.setString(1, groupTypeId);
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        StoredResource group = read.get(rows.getLong(1));
                        if (group == null) {
                            group = reader.read(connection, rows);
                            read.put(rows.getLong(1), group);
                        }
                        for (String id : idsByKey.get(rows.getString(5))) {
                            groups.get(id).add(group);
                        }
                    }
                }
            }
        }
        return groups;
    }
}
