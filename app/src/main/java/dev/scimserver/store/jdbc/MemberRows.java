package dev.scimserver.store.jdbc;

import dev.scimserver.core.ArrayDiff;
import dev.scimserver.core.StoredMembers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A group's members as rows of {@code scim_member}. A write touches only the rows of members that
 * came or went, found by the identity diff of the old and new member arrays; only a reordering
 * (a PUT that lists members anew) rewrites them all.
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

    /** Makes the rows of a group say {@code after} instead of {@code before} (either may be null: no members). */
    static void write(Connection connection, long groupPk, JsonArray before, JsonArray after) throws SQLException {
        if (before == after) {
            return;
        }
        List<JsonValue> old = before == null ? List.of() : before;
        List<JsonValue> now = after == null ? List.of() : after;
        ArrayDiff diff = old.isEmpty() ? null : ArrayDiff.of(old, now);
        if (diff != null && appendsOnly(diff, now.size())) {
            delete(connection, groupPk, diff.removed());
            insert(connection, groupPk, diff.added(), nextPosition(connection, groupPk));
            return;
        }
        if (!old.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM scim_member WHERE group_pk = ?")) {
                delete.setLong(1, groupPk);
                delete.executeUpdate();
            }
        }
        insert(connection, groupPk, now, 1);
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

    private static void insert(Connection connection, long groupPk, List<JsonValue> members, long firstPosition)
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
}
