package dev.scimserver.store.jdbc;

import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.StoredResource;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A database with the backend's tables (an H2 in-memory one, or a schema of the test PostgreSQL),
 * filled the way the JDBC backend fills it (a scim_resource row, its ValueRows, a Group's
 * scim_member rows), searched with {@link SearchSql}. Only what the search translation needs; the
 * backend itself is written elsewhere.
 */
final class SqlSearches implements AutoCloseable {
    private final Connection connection;
    private final SqlDialect dialect;

    /** A private in-memory database that lives as long as the JVM (the tests close their connection). */
    static final String URL_SETTINGS = ";DB_CLOSE_DELAY=-1";

    /** On a new H2 in-memory database. */
    SqlSearches() throws SQLException {
        this("jdbc:h2:mem:search-" + UUID.randomUUID() + URL_SETTINGS);
    }

    /** On the database of a JDBC URL: H2, or a new schema of the test PostgreSQL ({@code TestPostgres}). */
    SqlSearches(String url) throws SQLException {
        dialect = SqlDialect.of(url);
        connection = DriverManager.getConnection(url);
        Migrations.migrate(connection, dialect);
        connection.setAutoCommit(true);
    }

    /** On a new schema of the test PostgreSQL. */
    static SqlSearches postgres() throws SQLException {
        return new SqlSearches(dev.scimserver.store.TestPostgres.newSchemaUrl());
    }

    /** Stores a resource; a Group's members (when {@code membersInOwnTable}) go to scim_member in their order. */
    void insert(ResourceType type, StoredResource resource, boolean membersInOwnTable) throws SQLException {
        long pk = JdbcBackend.insertRow(connection, resource.resourceType(), resource.id(), "v1", resource.body().toString());
        ValueRows.insert(connection, pk, ValueRows.of(type, resource.body(), membersInOwnTable));
        if (membersInOwnTable && resource.body().get("members") instanceof JsonArray members) {
            MemberRows.insert(connection, pk, members, 1);
        }
    }

    /** The ids of the page, in order, and the total, as the JDBC backend will compute them. */
    Page search(SearchQuery query, boolean membersInOwnTable) throws SQLException {
        SearchPage page = JdbcSearch.search(connection, dialect, query, membersInOwnTable, (c, row) -> {
            JsonObject body = Json.createReader(new StringReader(row.getString(3))).readObject();
            return new StoredResource(row.getString(4), body.getString("id"), body, Set.of());
        });
        return new Page(page.totalResults(), page.resources().stream().map(StoredResource::id).toList());
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
            statement.execute(dialect == SqlDialect.H2 ? "DROP ALL OBJECTS" : "DROP SCHEMA " + schema() + " CASCADE");
        }
        connection.close();
    }

    private String schema() throws SQLException {
        return connection.getSchema();
    }

    /** One page of ids and the number of matches in all. */
    record Page(int total, List<String> ids) {
    }
}
