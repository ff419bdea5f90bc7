package dev.scimserver.store.jdbc;

import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.store.StoredResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one search ({@link SearchSql}): the COUNT for the total, then the page. Only the rows of the
 * page are read and turned into resources.
 */
final class JdbcSearch {
    /** Reads the resource of a result row. */
    interface RowReader {
        StoredResource read(Connection connection, ResultSet row) throws SQLException;
    }

    private JdbcSearch() {
    }

    static SearchPage search(Connection connection, SqlDialect dialect, SearchQuery query, boolean membersApart,
                             RowReader reader) throws SQLException {
        SearchSql sql = SearchSql.of(query, dialect, membersApart);
        int total;
        try (PreparedStatement count = prepare(connection, sql.count());
             ResultSet rows = count.executeQuery()) {
            rows.next();
            total = rows.getInt(1);
        }
        List<StoredResource> resources = new ArrayList<>();
        if (sql.limit() > 0 && sql.offset() < total) {
            try (PreparedStatement page = prepare(connection, sql.page(JdbcBackend.COLUMNS));
                 ResultSet rows = page.executeQuery()) {
                while (rows.next()) {
                    resources.add(reader.read(connection, rows));
                }
            }
        }
        return new SearchPage(total, resources);
    }

    private static PreparedStatement prepare(Connection connection, SqlFragment fragment) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(fragment.sql());
        try {
            for (int i = 0; i < fragment.parameters().size(); i++) {
                statement.setObject(i + 1, fragment.parameters().get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
