package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;

import java.time.Duration;

/** The web server as the application runs it; the launcher and the load drivers both start it from here. */
public final class ScimWebServer {
    private ScimWebServer() {
    }

    public static WebServerConfig.Builder builder(ServerSettings settings, SchemaRegistry registry, ResourceService resources) {
        ServerSettings.Limits limits = settings.limits();
        Duration idle = Duration.ofSeconds(limits.idleTimeoutSeconds());
        return WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                // Without TCP_NODELAY a response written in two segments waits for the client's
                // delayed ACK: 40 ms added to every list page, measured with bin/bench.
                .connectionOptions(options -> options.tcpNoDelay(true))
                .maxTcpConnections(limits.maxConnections())
                .maxConcurrentRequests(limits.maxConcurrentRequests())
                .idleConnectionTimeout(idle)
                // How often idle connections are looked for: a tenth of the timeout, so one is closed
                // at most 10% late; Helidon's default looks every two minutes.
                .idleConnectionPeriod(idle.dividedBy(10).isZero() ? Duration.ofSeconds(1) : idle.dividedBy(10))
                .addProtocol(Http1Config.builder()
                        .maxHeadersSize(limits.maxHeaderBytes())
                        .maxPrologueLength(limits.maxRequestLineBytes())
                        .addReceiveListener(new Connections(Duration.ofSeconds(limits.readTimeoutSeconds())))
                        .build())
                .directHandlers(TransportErrors.handlers())
                .shutdownHook(false)
                .routing(routing -> ScimRouting.configure(routing, settings, registry, resources));
    }
}
