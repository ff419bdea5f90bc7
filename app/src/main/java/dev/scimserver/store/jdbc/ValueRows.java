package dev.scimserver.store.jdbc;

import dev.scimserver.query.FilterCompiler;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;

/**
 * The {@code scim_value} rows of one stored representation: every value a filter or a sort may
 * name, typed by its attribute's schema type, so that {@link FilterSql} and {@link SortSql} can
 * answer in SQL exactly what the in-memory evaluator answers over the JSON.
 *
 * <p>Rows follow the JSON as {@link dev.scimserver.query.ResolvedPath} reads it: an array gives
 * elements 1..n whatever the schema's multiValued says, a single value element 0. A value whose JSON
 * type does not fit its schema type (which validation prevents) gets a row with no typed value: it
 * is present but equal to nothing, as in memory.
 */
public final class ValueRows {
    private final List<ValueRow> rows = new ArrayList<>();

    private ValueRows() {
    }

    /**
     * The rows of a resource of this type.
     *
     * @param membersInOwnTable leave out {@code members}, whose rows are {@code scim_member}'s
     */
    public static List<ValueRow> of(ResourceType type, JsonObject body, boolean membersInOwnTable) {
        ValueRows out = new ValueRows();
        for (Attribute attribute : CommonAttributes.ALL) {
            out.attribute(null, attribute, body.get(attribute.name()));
        }
        for (Attribute attribute : type.schema().attributes()) {
            // A filter naming id or meta means the common attribute; a core schema repeating it adds nothing.
            if (CommonAttributes.find(attribute.name()) == null
                    && !ValuePaths.inMemberTable(null, attribute, membersInOwnTable)) {
                out.attribute(null, attribute, body.get(attribute.name()));
            }
        }
        for (ResourceType.Extension extension : type.extensions()) {
            String urn = extension.schema().id();
            if (body.get(urn) instanceof JsonObject values) {
                for (Attribute attribute : extension.schema().attributes()) {
                    out.attribute(urn, attribute, values.get(attribute.name()));
                }
            }
        }
        return List.copyOf(out.rows);
    }

    private void attribute(String extension, Attribute attribute, JsonValue value) {
        if (value == null || value == JsonValue.NULL || !ValuePaths.filterable(attribute)) {
            return;
        }
        if (attribute.isComplex()) {
            String path = ValuePaths.element(extension, attribute);
            if (value instanceof JsonArray array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i) instanceof JsonObject element) {
                        // Sorting takes the first element whose primary is true, as SortSpec does.
                        element(extension, attribute, path, element, i + 1, element.get("primary") == JsonValue.TRUE);
                    }
                }
            } else if (value instanceof JsonObject element) {
                element(extension, attribute, path, element, 0, false);
            }
            return;
        }
        String path = ValuePaths.value(extension, attribute, null);
        if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                leaf(path, attribute, array.get(i), i + 1, false);
            }
        } else {
            leaf(path, attribute, value, 0, false);
        }
    }

    private void element(String extension, Attribute attribute, String path, JsonObject element, int elem, boolean primary) {
        rows.add(new ValueRow(path, elem, primary, null, null, null, null, null));
        for (Attribute sub : attribute.subAttributes()) {
            if (ValuePaths.filterable(sub)) {
                leaf(ValuePaths.value(extension, attribute, sub), sub, element.get(sub.name()), elem, primary);
            }
        }
    }

    private void leaf(String path, Attribute attribute, JsonValue value, int elem, boolean primary) {
        if (value == null || value == JsonValue.NULL) {
            return;
        }
        String str = null;
        String strCi = null;
        BigDecimal num = null;
        OffsetDateTime ts = null;
        Boolean bool = null;
        switch (attribute.type()) {
            case STRING, REFERENCE, BINARY -> {
                if (value instanceof JsonString s) {
                    str = s.getString();
                    strCi = str.toLowerCase(Locale.ROOT); // FilterCompiler lower-cases both sides like this
                }
            }
            case DATE_TIME -> {
                if (value instanceof JsonString s) {
                    str = s.getString(); // co/sw/ew on a dateTime compare the text, case-exact
                    Instant instant = FilterCompiler.instant(str);
                    ts = instant == null ? null : instant.atOffset(ZoneOffset.UTC);
                }
            }
            case INTEGER, DECIMAL -> {
                if (value instanceof JsonNumber n) {
                    num = n.bigDecimalValue();
                }
            }
            case BOOLEAN -> {
                if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                    bool = value == JsonValue.TRUE;
                }
            }
            case COMPLEX -> {
                // complex inside complex is not SCIM; keep it present and equal to nothing
            }
        }
        rows.add(new ValueRow(path, elem, primary, str, strCi, num, ts, bool));
    }

    /** Inserts the rows of one resource into {@code scim_value}, as one batch. */
    static void insert(Connection connection, long resourcePk, List<ValueRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scim_value "
                + "(resource_pk, path, elem, is_primary, str, str_ci, num, ts, bool) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ValueRow row : rows) {
                insert.setLong(1, resourcePk);
                insert.setString(2, row.path());
                insert.setInt(3, row.elem());
                insert.setBoolean(4, row.primary());
                insert.setString(5, row.str());
                insert.setString(6, row.strCi());
                insert.setBigDecimal(7, row.num());
                insert.setObject(8, row.ts());
                if (row.bool() == null) {
                    insert.setNull(9, Types.BOOLEAN);
                } else {
                    insert.setBoolean(9, row.bool());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
