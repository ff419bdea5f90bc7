package dev.scimserver.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: the one {@code SCIM_TEST_POSTGRES_URL} names (a database
 * where the user may create schemas), or else one this JVM starts from PostgreSQL's own programs
 * ({@code initdb} and {@code pg_ctl} from {@code SCIM_TEST_PG_BIN}, or the newest
 * {@code /usr/lib/postgresql/<version>/bin}) in a temporary folder, on a free loopback port, stopped
 * when the JVM exits. Run as root, it runs them as the user {@code postgres} (PostgreSQL refuses
 * root). Each test gets a schema of its own ({@link #newSchemaUrl()}), made in milliseconds.
 *
 * <p>Without PostgreSQL the tests that need it fail, saying how to get one: they never skip.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "SCIM_TEST_POSTGRES_URL";
    public static final String BIN_VARIABLE = "SCIM_TEST_PG_BIN";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String databaseUrl;

    private TestPostgres() {
    }

    /**
     * The JDBC URL of a new, empty schema (tables are made there by the backend that opens it), with
     * {@code public} after it on the search path, where {@code pg_trgm} is.
     */
    public static String newSchemaUrl() {
        String url = databaseUrl();
        String schema = "scim_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema on the test PostgreSQL " + url + ": " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
    }

    /** The JDBC URL of the test database (its public schema). */
    public static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            String given = System.getenv(URL_VARIABLE);
            databaseUrl = given != null && !given.isBlank() ? given : startServer();
            try (Connection connection = DriverManager.getConnection(databaseUrl);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot use the test PostgreSQL " + databaseUrl + ": " + e.getMessage(), e);
            }
        }
        return databaseUrl;
    }

    private static String startServer() {
        Server server = Server.start();
        try (Connection connection = DriverManager.getConnection(server.url("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE scim_test");
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL started but cannot be used: " + e.getMessage(), e);
        }
        return server.url("scim_test");
    }

    /**
     * A PostgreSQL server of this JVM's own, in a temporary folder, on a free loopback port: the one
     * the tests share, or one a test stops and starts again (the database going away while a server
     * uses it). Stopped when the JVM exits.
     */
    public static final class Server {
        private final Path bin;
        private final List<String> runAs;
        private final Path dir;
        private final Path data;
        private final int port;

        private Server(Path bin, List<String> runAs, Path dir, int port) {
            this.bin = bin;
            this.runAs = runAs;
            this.dir = dir;
            this.data = dir.resolve("data");
            this.port = port;
        }

        /** initdb and start; fails, saying how to get PostgreSQL, where it is not installed. */
        public static Server start() {
            Path bin = programs();
            try {
                Path dir = Files.createTempDirectory("scim-test-postgres");
                List<String> runAs = runAs();
                if (!runAs.isEmpty()) {
                    run(List.of("chown", "-R", "postgres", dir.toString()));
                }
                Server server = new Server(bin, runAs, dir, freePort());
                run(concat(runAs, bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", "scim", "-A",
                        "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
                server.resume();
                Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "test-postgres-stop"));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The JDBC URL of one of its databases, as the user scim (trusted: no password). */
        public String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=scim";
        }

        /** Starts it again after {@link #stop()}, on the same port, with the same data. */
        public void resume() {
            // fsync off: these tests stop server processes, never the database; a database of tests
            // needs no power-loss safety, and each commit is then no disk flush.
            run(concat(runAs, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c max_connections=400 -c fsync=off -c full_page_writes=off", "start"));
        }

        /** Stops it at once, as a crash or a lost network would: every connection to it breaks. */
        public void stop() {
            run(concat(runAs, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        }

        private void destroy() {
            try {
                stop();
            } catch (RuntimeException e) {
                // Stopped already, or the JVM is exiting; the folder goes below.
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temporary folder left behind.
            }
        }
    }

    /** PostgreSQL's server programs: initdb, pg_ctl, postgres. */
    private static Path programs() {
        String given = System.getenv(BIN_VARIABLE);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> version(v.getFileName().toString())))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("these tests need a PostgreSQL server, and none was found: install PostgreSQL's"
                + " server programs (Debian: apt-get install postgresql), or set " + BIN_VARIABLE + " to the folder of"
                + " initdb and pg_ctl, or " + URL_VARIABLE + " to the JDBC URL of a database where the user may create"
                + " schemas");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** As root, PostgreSQL's programs run as the user postgres (initdb refuses root). */
    private static List<String> runAs() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        return List.of("runuser", "-u", "postgres", "--");
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("the test PostgreSQL: " + String.join(" ", command) + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(Arrays.asList(rest));
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
