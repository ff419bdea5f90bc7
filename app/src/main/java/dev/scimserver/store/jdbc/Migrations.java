package dev.scimserver.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database's tables to the version this build expects, on every start: each migration in
 * {@code db/migration} that the database has not seen runs once, in its own transaction, and is
 * recorded in {@code scim_schema_version}. An upgrade therefore never needs a manual step.
 */
public final class Migrations {
    /** In order. A released migration is never edited; a change is a new file appended here. */
    static final List<String> FILES = List.of("V1__resources.sql", "V2__value_element_index.sql", "V3__version_length.sql");

    /**
     * The first table version of a server that stores passwords only hashed: a database at an earlier
     * one may hold cleartext passwords, which the start after its upgrade hashes.
     */
    static final int PASSWORDS_HASHED_FROM = 3;

    private Migrations() {
    }

    /** Runs the pending migrations; returns how many ran. */
    public static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS scim_schema_version ("
                        + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                        + "installed_on TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            }
            connection.commit();
            int installed = installedVersion(connection);
            if (installed > FILES.size()) {
                throw new SQLException("the database is at table version " + installed + ", newer than this server ("
                        + FILES.size() + "); use a newer scim-server with it");
            }
            int ran = 0;
            for (int version = installed + 1; version <= FILES.size(); version++) {
                String file = FILES.get(version - 1);
                for (String sql : statements(read(file))) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO scim_schema_version (version, script) VALUES (?, ?)")) {
                    record.setInt(1, version);
                    record.setString(2, file);
                    record.executeUpdate();
                }
                connection.commit();
                ran++;
            }
            return ran;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM scim_schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the migration " + file + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the migration " + file, e);
        }
    }

    /** The statements of a script: split at ';' ending a line, with '--' comment lines dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
