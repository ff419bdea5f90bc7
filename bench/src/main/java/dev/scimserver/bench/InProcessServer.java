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

/** The server as Main assembles it, on a free loopback port, with direct handles on its layers. */
final class InProcessServer implements AutoCloseable {
    static final String BACKEND_PROPERTY = "scim.bench.backend";
    final SchemaRegistry registry = SchemaRegistry.defaults();
    final Backend backend;
    final ResourceService resources;
    final ResourceSearch search;
    final WebServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    InProcessServer(ServerSettings settings) {
        backend = backend(registry);
        resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(), settings.limits().maxValues());
        search = new ResourceSearch(backend, settings.maxResults(), settings.strict());
        server = ScimWebServer.builder(new ServerSettings("127.0.0.1", 0, java.util.List.of(), java.util.List.of(),
                        java.util.List.of(), false, null, null, settings.maxResults(), settings.maxPayloadBytes()), registry, resources)
                .build()
                .start();
    }

    /**
     * The in-memory backend, or with {@code -Dscim.bench.backend=h2} an H2 file database in a new
     * temporary folder, opened as the server opens it (every commit written out before it returns).
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
