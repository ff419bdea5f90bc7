package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.error.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;


/**
 * The endpoint of every resource type ({@code /Users}, {@code /Groups}, custom ones): create,
 * read, replace, delete and list (RFC 7644 §3.3–§3.6). Each handler turns the HTTP exchange into
 * a {@link ResourceService} call and the stored representation into a response: {@code meta.location},
 * projection and the {@code ETag} header.
 */
final class ResourceEndpoints implements HttpService {
    private final ServerSettings settings;
    private final SchemaRegistry registry;
    private final ResourceService resources;
    private final ResourceSearch search;
    private final BaseUrls baseUrls;
    private final Representations representations;

    ResourceEndpoints(ServerSettings settings, SchemaRegistry registry, ResourceService resources, ResourceSearch search,
                      BaseUrls baseUrls, Representations representations) {
        this.settings = settings;
        this.registry = registry;
        this.resources = resources;
        this.search = search;
        this.baseUrls = baseUrls;
        this.representations = representations;
    }

    @Override
    public void routing(HttpRules rules) {
        // "/.search" before "/{id}": routes match in order, and ".search" is not an id.
        rules.get("/{endpoint}", this::list)
                .post("/{endpoint}", this::create)
                .post("/{endpoint}/.search", this::searchBody)
                .any("/{endpoint}/.search", known(Methods.allow("POST")))
                .get("/{endpoint}/{id}", this::get)
                .put("/{endpoint}/{id}", this::replace)
                .patch("/{endpoint}/{id}", this::patch)
                .delete("/{endpoint}/{id}", this::delete)
                .any("/{endpoint}", known(Methods.allow("GET, POST")))
                .any("/{endpoint}/{id}", known(Methods.allow("GET, PUT, PATCH, DELETE")));
    }

    /** Answers with {@code handler} only when the endpoint exists, so an unknown one stays a 404. */
    private Handler known(Handler handler) {
        return (req, res) -> {
            type(req);
            handler.handle(req, res);
        };
    }

    private void create(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = query(req).projection();
        JsonObject input = RequestBodies.readObject(req, res, settings);
        JsonObject created = resources.create(type, input);
        sendResource(req, res, 201, type, created, projection);
    }

    private void get(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = query(req).projection();
        JsonObject stored = resources.get(type, id(req));
        String version = ResourceService.version(stored);
        if (preconditions(req).notModified(version)) {
            res.header(HeaderNames.ETAG, version);
            res.status(304);
            res.send();
            return;
        }
        sendResource(req, res, 200, type, stored, projection);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        String id = id(req);
        unknownIdFirst(type, id, () -> {
            Projection projection = query(req).projection();
            JsonObject input = RequestBodies.readObject(req, res, settings);
            JsonObject replaced = resources.replace(type, id, input, preconditions(req));
            sendResource(req, res, 200, type, replaced, projection);
        });
    }

    private void patch(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        String id = id(req);
        unknownIdFirst(type, id, () -> {
            Projection projection = query(req).projection();
            JsonObject body = RequestBodies.readObject(req, res, settings);
            JsonObject patched = resources.patch(type, id, PatchRequest.parse(body, settings.strict()), preconditions(req));
            if (settings.patchNoContent()) {
                res.header(HeaderNames.ETAG, ResourceService.version(patched));
                res.status(204);
                res.send();
                return;
            }
            sendResource(req, res, 200, type, patched, projection);
        });
    }

    private void delete(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        resources.delete(type, id(req), preconditions(req));
        res.status(204);
        res.send();
    }

    /**
     * A write to an id that does not exist is a 404 whatever its body: a client that sent a bad body
     * to a deleted resource must learn that the resource is gone, not mend a body that cannot land.
     * Only a refused request pays for the look-up.
     */
    private void unknownIdFirst(ResourceType type, String id, Runnable write) {
        try {
            write.run();
        } catch (ScimException e) {
            if (e.status() != 404) {
                resources.get(type, id); // throws the 404 when the id is unknown
            }
            throw e;
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        sendList(req, res, type, query(req).searchRequest());
    }

    private void searchBody(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        sendList(req, res, type, SearchRequest.fromBody(RequestBodies.readObject(req, res, settings)));
    }

    private void sendList(ServerRequest req, ServerResponse res, ResourceType type, SearchRequest request) {
        String base = baseUrls.of(req);
        ResourceSearch.Result result = search.search(type, request, base);
        ScimResponses.send(res, 200, ListResponses.render(result, base, request.projection(), representations));
    }

    /** One resource, with its {@code ETag} and, as RFC 7644 §3.4.1 and §3.5.1 show, its {@code Location}. */
    private void sendResource(ServerRequest req, ServerResponse res, int status, ResourceType type, JsonObject stored,
                              Projection projection) {
        String base = baseUrls.of(req);
        res.header(HeaderNames.ETAG, ResourceService.version(stored));
        res.header(HeaderNames.LOCATION, Representations.location(base, type, stored.getString("id")));
        ScimResponses.send(res, status, representations.render(type, stored, base, projection));
    }

    private ResourceType type(ServerRequest req) {
        String endpoint = req.path().pathParameters().get("endpoint");
        ResourceType type = registry.byEndpoint(endpoint);
        if (type == null) {
            throw ScimException.notFound("No resource type is served at /" + endpoint
                    + "; the resource types and their endpoints are listed at /ResourceTypes");
        }
        return type;
    }

    private QueryParameters query(ServerRequest req) {
        return QueryParameters.of(req, settings.strict());
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static Preconditions preconditions(ServerRequest req) {
        return new Preconditions(req.headers().first(HeaderNames.IF_MATCH).orElse(null),
                req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null));
    }
}
