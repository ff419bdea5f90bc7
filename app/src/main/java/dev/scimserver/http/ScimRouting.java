package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.ResourceService;
import dev.scimserver.error.ScimException;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;

/**
 * Puts the SCIM HTTP API together: authentication, the discovery and resource endpoints under
 * both {@code /v2} and the root, and the error mapping that turns every failure into an
 * RFC 7644 §3.12 error body (never a stack trace).
 */
public final class ScimRouting {
    private static final System.Logger LOG = System.getLogger(ScimRouting.class.getName());

    private ScimRouting() {
    }

    public static void configure(HttpRouting.Builder routing, ServerSettings settings, SchemaRegistry registry,
                                 ResourceService resources) {
        BaseUrls baseUrls = new BaseUrls(settings.publicBaseUrl(), settings.reverseProxy());
        ResourceSearch search = new ResourceSearch(resources.backend(), settings.maxResults(), resources.strict());
        Representations representations = new Representations(registry, resources.membership());
        routing.addFilter(new ConnectionClose());
        routing.addFilter(new HeadRequests());
        routing.addFilter(new ScimSuffix());
        routing.addFilter(new BearerTokenFilter(settings.bearerTokens()));
        // /v2 first: the root's "/{endpoint}/{id}" would otherwise read "/v2/Users" as endpoint "v2".
        for (String prefix : new String[] {"/v2", ""}) {
            DiscoveryEndpoints discovery = new DiscoveryEndpoints(settings, registry, baseUrls);
            NotImplementedEndpoints notImplemented = new NotImplementedEndpoints();
            BulkEndpoints bulk = new BulkEndpoints(settings, registry, resources, baseUrls);
            RootSearchEndpoints rootSearch = new RootSearchEndpoints(settings, registry, search, baseUrls, representations);
            ResourceEndpoints endpoints = new ResourceEndpoints(settings, registry, resources, search, baseUrls, representations);
            if (prefix.isEmpty()) {
                routing.register(discovery, notImplemented, bulk, rootSearch, endpoints);
            } else {
                routing.register(prefix, discovery, notImplemented, bulk, rootSearch, endpoints);
            }
        }
        routing.any((req, res) -> {
            throw ScimException.notFound("No SCIM endpoint at " + req.path().path()
                    + "; see /ResourceTypes for the resource endpoints");
        });
        routing.error(ScimException.class, (req, res, e) -> ScimResponses.sendError(res, e));
        // Helidon's own 4xx while a handler reads the request (a header it cannot parse): the client's error.
        routing.error(HttpException.class, (req, res, e) -> {
            if (e.status().code() >= 500) {
                unexpected(req, res, e);
                return;
            }
            Connections.closeAfter(res);
            ScimResponses.send(res, e.status().code(), ScimResponses.error(e.status().code(), null,
                    "The request cannot be read: " + e.getMessage()));
        });
        routing.error(Throwable.class, ScimRouting::unexpected);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.log(Level.ERROR, "Unexpected failure on " + req.prologue().method().text() + " " + req.path().path(), e);
        ScimResponses.send(res, 500, ScimResponses.error(500, null,
                "The server failed to handle this request; the failure is in its log"));
    }
}
