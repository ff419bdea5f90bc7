package dev.scimserver.store.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tables are created on the first start, left alone on the next, and a newer database is refused. */
class MigrationsTest {
    private final String url = "jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void aNewDatabaseGetsEveryMigrationOnceAndTheirRecord() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(Migrations.migrate(connection)).isEqualTo(Migrations.FILES.size());
            assertThat(Migrations.migrate(connection)).as("a second start").isZero();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT version, script FROM scim_schema_version ORDER BY version")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("V1__resources.sql");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo("V2__value_element_index.sql");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(3);
                assertThat(rows.getString(2)).isEqualTo("V3__version_length.sql");
                assertThat(rows.next()).isFalse();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scim_resource")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    void aVersionOneDatabaseGetsTheElementIndexInPlaceOfTheOldOneAndKeepsItsRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                // What a server of table version 1 left behind, with a resource and a value in it.
                statement.execute("RUNSCRIPT FROM 'classpath:/db/migration/V1__resources.sql'");
                statement.execute("CREATE TABLE scim_schema_version (version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                        + "installed_on TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
                statement.execute("INSERT INTO scim_schema_version (version, script) VALUES (1, 'V1__resources.sql')");
                statement.execute("INSERT INTO scim_resource (pk, resource_type, id, version, body) VALUES (1, 'User', 'u', 'v', '{}')");
                statement.execute("INSERT INTO scim_value (resource_pk, path, elem, is_primary, str, str_ci) "
                        + "VALUES (1, 'emails.value', 1, FALSE, 'A@x', 'a@x')");
            }
            assertThat(Migrations.migrate(connection)).as("versions 2 and 3").isEqualTo(2);
            assertThat(indexColumns(connection, "SCIM_VALUE_ELEMENT")).containsExactly("RESOURCE_PK", "PATH", "ELEM");
            assertThat(indexColumns(connection, "SCIM_VALUE_RESOURCE")).isEmpty();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scim_value")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            // Version 3: the row keeps a version longer than 64 characters, and a version is still required.
            String longVersion = "W/\"" + "f".repeat(300) + "\"";
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE scim_resource SET version = '" + longVersion + "' WHERE pk = 1")).isEqualTo(1);
                assertThatThrownBy(() -> statement.executeUpdate("UPDATE scim_resource SET version = NULL WHERE pk = 1"))
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    private static java.util.List<String> indexColumns(Connection connection, String index) throws SQLException {
        java.util.List<String> columns = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                     + "WHERE INDEX_NAME = '" + index + "' ORDER BY ORDINAL_POSITION")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }

    @Test
    void aDatabaseFromANewerServerIsRefused() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            Migrations.migrate(connection);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO scim_schema_version (version, script) VALUES (99, 'V99__future.sql')");
            }
            assertThatThrownBy(() -> Migrations.migrate(connection))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("table version 99, newer than this server");
        }
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertThat(Migrations.statements("-- a comment; with a semicolon\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
    }
}
