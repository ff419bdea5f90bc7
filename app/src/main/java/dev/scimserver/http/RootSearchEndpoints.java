package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/**
 * Searching every resource type at once (RFC 7644 §3.4.2 at the server root, §3.4.3 {@code POST /.search}).
 */
final class RootSearchEndpoints implements HttpService {
    private final ServerSettings settings;
    private final SchemaRegistry registry;
    private final ResourceSearch search;
    private final BaseUrls baseUrls;
    private final Representations representations;

    RootSearchEndpoints(ServerSettings settings, SchemaRegistry registry, ResourceSearch search, BaseUrls baseUrls,
                        Representations representations) {
        this.settings = settings;
        this.registry = registry;
        this.search = search;
        this.baseUrls = baseUrls;
        this.representations = representations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::query)
                .post("/.search", this::searchBody)
                .any("/.search", Methods.allow("POST"));
    }

    private void query(ServerRequest req, ServerResponse res) {
        send(req, res, QueryParameters.of(req, settings.strict()).searchRequest());
    }

    private void searchBody(ServerRequest req, ServerResponse res) {
        send(req, res, SearchRequest.fromBody(RequestBodies.readObject(req, res, settings)));
    }

    private void send(ServerRequest req, ServerResponse res, SearchRequest request) {
        String base = baseUrls.of(req);
        ResourceSearch.Result result = search.searchAll(List.copyOf(registry.resourceTypes()), request, base);
        ScimResponses.send(res, 200, ListResponses.render(result, base, request.projection(), representations));
    }
}
