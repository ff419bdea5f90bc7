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
    /** H2's, in order. A released migration is never edited; a change is a new file appended here. */
    static final List<String> FILES = SqlDialect.H2.migrations();

    /**
     * The first table version of a server that stores passwords only hashed: a database at an earlier
     * one may hold cleartext passwords, which the start after its upgrade hashes. (H2's numbering;
     * PostgreSQL's tables start after it.)
     */
    static final int PASSWORDS_HASHED_FROM = 3;

    private Migrations() {
    }

    /** Runs H2's pending migrations; returns how many ran. */
    public static int migrate(Connection connection) throws SQLException {
        return migrate(connection, SqlDialect.H2);
    }

    /**
     * Runs the dialect's pending migrations; returns how many ran. Where the database may be shared
     * by several servers, under the dialect's lock: instances that start together migrate once, the
     * others wait and find nothing left to do.
     */
    public static int migrate(Connection connection, SqlDialect dialect) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        boolean locked = false;
        try {
            if (dialect.migrationLock() != null) {
                execute(connection, dialect.migrationLock());
                connection.commit(); // the lock is the session's; it outlives this transaction
                locked = true;
            }
            execute(connection, "CREATE TABLE IF NOT EXISTS scim_schema_version ("
                    + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                    + "installed_on TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            connection.commit();
            List<String> files = dialect.migrations();
            int installed = installedVersion(connection);
            if (installed > files.size()) {
                throw new SQLException("the database is at table version " + installed + ", newer than this server ("
                        + files.size() + "); use a newer scim-server with it");
            }
            int ran = 0;
            for (int version = installed + 1; version <= files.size(); version++) {
                String file = files.get(version - 1);
                for (String sql : statements(read(dialect.migrationFolder() + "/" + file))) {
                    execute(connection, sql);
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
            if (dialect == SqlDialect.POSTGRESQL) {
                Trigrams.ensure(connection);
            }
            return ran;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            if (locked) {
                try {
                    execute(connection, dialect.migrationUnlock());
                    connection.commit();
                } catch (SQLException e) {
                    // A broken connection: the database ends its session, and the lock with it.
                }
            }
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
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
        try (InputStream in = Migrations.class.getResourceAsStream("/" + file)) {
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
