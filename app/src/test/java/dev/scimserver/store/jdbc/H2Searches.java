package dev.scimserver.store.jdbc;

import dev.scimserver.query.SearchQuery;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An H2 in-memory database with the V1 tables, filled the way the JDBC backend fills it (a
 * scim_resource row, its ValueRows, a Group's scim_member rows), searched with {@link SearchSql}.
 * Only what the search translation needs; the backend itself is written elsewhere.
 */
final class H2Searches implements AutoCloseable {
    private final Connection connection;

    /**
     * VALUE is a keyword in H2 2.x and V1 names columns "value" (scim_member, scim_unique): without
     * NON_KEYWORDS=VALUE the migration does not even run. PostgreSQL takes the name as it is.
     */
    static final String URL_SETTINGS = ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE";

    /**
     * Plus MODE=PostgreSQL, under which H2 reads V1's plain NUMERIC as DECFLOAT: by default it is
     * NUMERIC(100000, 0) and rounds 1.5 to 2, so decimal attributes need this mode (or V1 a scale).
     */
    static final String POSTGRESQL_MODE = URL_SETTINGS + ";MODE=PostgreSQL";

    H2Searches() throws SQLException {
        this(URL_SETTINGS);
    }

    H2Searches(String urlSettings) throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:search-" + UUID.randomUUID() + urlSettings);
        try (Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:/db/migration/V1__resources.sql'");
        }
    }

    /** Stores a resource; a Group's members (when {@code membersInOwnTable}) go to scim_member in their order. */
    void insert(ResourceType type, StoredResource resource, boolean membersInOwnTable) throws SQLException {
        long pk;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scim_resource (resource_type, id, version, body) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, resource.resourceType());
            insert.setString(2, resource.id());
            insert.setString(3, "v1");
            insert.setString(4, resource.body().toString());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                pk = keys.getLong(1);
            }
        }
        try (PreparedStatement values = connection.prepareStatement(
                "INSERT INTO scim_value (resource_pk, path, elem, is_primary, str, str_ci, num, ts, bool)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ValueRow row : ValueRows.of(type, resource.body(), membersInOwnTable)) {
                values.setLong(1, pk);
                values.setString(2, row.path());
                values.setInt(3, row.elem());
                values.setBoolean(4, row.primary());
                values.setString(5, row.str());
                values.setString(6, row.strCi());
                values.setBigDecimal(7, row.num());
                values.setObject(8, row.ts());
                values.setObject(9, row.bool());
                values.addBatch();
            }
            values.executeBatch();
        }
        if (membersInOwnTable && resource.body().get("members") instanceof JsonArray members) {
            insertMembers(pk, members);
        }
    }

    private void insertMembers(long groupPk, JsonArray members) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scim_member (group_pk, member_key, position, value, member_type, display) VALUES (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (JsonValue item : members) {
                JsonObject member = item.asJsonObject();
                String value = member.getString("value");
                insert.setLong(1, groupPk);
                insert.setString(2, value.toLowerCase(Locale.ROOT)); // MemberValue.fold
                insert.setLong(3, position++);
                insert.setString(4, value);
                insert.setString(5, member.getString("type", null));
                insert.setString(6, member.getString("display", null));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The ids of the page, in order, and the total, as the JDBC backend will compute them. */
    Page search(SearchQuery query, boolean membersInOwnTable) throws SQLException {
        SearchSql sql = SearchSql.of(query, SqlDialect.H2, membersInOwnTable);
        int total;
        try (PreparedStatement count = prepare(sql.count()); ResultSet rows = count.executeQuery()) {
            rows.next();
            total = rows.getInt(1);
        }
        List<String> ids = new ArrayList<>();
        try (PreparedStatement page = prepare(sql.page("r.pk, r.id, r.version, r.body")); ResultSet rows = page.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString("id"));
            }
        }
        return new Page(total, ids);
    }

    /** Runs any query with parameters, returning the first column of each row as text. */
    List<String> column(SqlFragment fragment) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(fragment); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private PreparedStatement prepare(SqlFragment fragment) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(fragment.sql());
        for (int i = 0; i < fragment.parameters().size(); i++) {
            statement.setObject(i + 1, fragment.parameters().get(i));
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP ALL OBJECTS");
        }
        connection.close();
    }

    /** One page of ids and the number of matches in all. */
    record Page(int total, List<String> ids) {
    }
}
