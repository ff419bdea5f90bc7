package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.jdbc.JdbcBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import io.helidon.webserver.WebServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;

/** The server as Main assembles it, on a free loopback port, with direct handles on its layers. */
final class InProcessServer implements AutoCloseable {
    static final String BACKEND_PROPERTY = "scim.bench.backend";
    final SchemaRegistry registry = SchemaRegistry.defaults();
    final Backend backend;
    final ResourceService resources;
    final ResourceSearch search;
    final WebServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The PostgreSQL schema the backend is on ({@code -Dscim.bench.backend=postgres}), else null. */
    final String postgresUrl;

    InProcessServer(ServerSettings settings) {
        this(settings, "postgres".equals(System.getProperty(BACKEND_PROPERTY)) ? newPostgresSchema() : null);
    }

    private InProcessServer(ServerSettings settings, String postgresUrl) {
        this.backend = postgresUrl == null ? backend(registry) : JdbcBackends.open(postgresUrl, "", "", registry);
        this.postgresUrl = postgresUrl;
        resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(), settings.limits().maxValues());
        search = new ResourceSearch(backend, settings.maxResults(), settings.strict());
        server = ScimWebServer.builder(new ServerSettings("127.0.0.1", 0, java.util.List.of(), java.util.List.of(),
                        java.util.List.of(), false, null, null, settings.maxResults(), settings.maxPayloadBytes()), registry, resources)
                .build()
                .start();
    }

    /**
     * The in-memory backend, or with {@code -Dscim.bench.backend=h2} an H2 file database in a new
     * temporary folder, opened as the server opens it (every commit written out before it returns),
     * or with {@code -Dscim.bench.backend=postgres} a new schema of the PostgreSQL database that
     * {@code SCIM_BENCH_POSTGRES_URL} names (bin/bench postgres starts one).
     */
    static Backend backend(SchemaRegistry registry) {
        if (!"h2".equals(System.getProperty(BACKEND_PROPERTY))) {
            return new InMemoryBackend(IndexPlan.of(registry));
        }
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("scim-bench-h2");
            return JdbcBackends.open("jdbc:h2:file:" + dir.resolve("scim"), "", "", registry);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SCHEMAS = new java.util.concurrent.atomic.AtomicInteger();

    /** The URL of a new, empty schema of the benchmark's PostgreSQL database ({@code public} after it, for pg_trgm). */
    static String newPostgresSchema() {
        String url = System.getenv("SCIM_BENCH_POSTGRES_URL");
        if (url == null) {
            throw new IllegalStateException("SCIM_BENCH_POSTGRES_URL names no PostgreSQL database (bin/bench postgres starts one)");
        }
        String schema = "bench_" + SCHEMAS.incrementAndGet();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a schema on " + url + ": " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
    }

    /**
     * Creates users 0..count-1 ({@link SearchBenchmark#user}) and returns their ids in that order. On
     * PostgreSQL by 8 threads, so the load shares the database's WAL flushes (one per commit,
     * fsynced, else), then VACUUM ANALYZE; elsewhere one after the other, as the earlier figures
     * were measured.
     */
    List<String> createUsers(int count) throws InterruptedException {
        dev.scimserver.schema.ResourceType userType = registry.resourceType("User");
        String[] ids = new String[count];
        if (postgresUrl == null) {
            for (int i = 0; i < count; i++) {
                ids[i] = resources.create(userType, SearchBenchmark.user(i)).getString("id");
            }
            return java.util.Arrays.asList(ids);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        ids[i] = resources.create(userType, SearchBenchmark.user(i)).getString("id");
                    }
                    return null;
                });
            }
        }
        for (String id : ids) {
            if (id == null) {
                throw new IllegalStateException("a user of the load was not created");
            }
        }
        // What autovacuum does within a minute or two of a load: the planner's statistics, and the
        // visibility map that lets index-only scans (the COUNT, a page's keys) skip the rows.
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(postgresUrl);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("VACUUM ANALYZE: " + e.getMessage(), e);
        }
        return java.util.Arrays.asList(ids);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
        backend.close();
    }
}
