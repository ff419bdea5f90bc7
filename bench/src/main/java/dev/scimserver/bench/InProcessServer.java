package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
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
    final SchemaRegistry registry = SchemaRegistry.defaults();
    final Backend backend;
    final ResourceService resources;
    final ResourceSearch search;
    final WebServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    InProcessServer(ServerSettings settings) {
        backend = new InMemoryBackend(IndexPlan.of(registry));
        resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict());
        search = new ResourceSearch(backend, settings.maxResults(), settings.strict());
        server = ScimWebServer.builder(new ServerSettings("127.0.0.1", 0, java.util.List.of(), java.util.List.of(),
                        java.util.List.of(), false, null, null, settings.maxResults(), settings.maxPayloadBytes()), registry, resources)
                .build()
                .start();
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
    }
}
