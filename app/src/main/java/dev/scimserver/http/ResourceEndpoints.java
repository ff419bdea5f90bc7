package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ETags;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

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
    private final BaseUrls baseUrls;

    ResourceEndpoints(ServerSettings settings, SchemaRegistry registry, ResourceService resources, BaseUrls baseUrls) {
        this.settings = settings;
        this.registry = registry;
        this.resources = resources;
        this.baseUrls = baseUrls;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{endpoint}", this::list)
                .post("/{endpoint}", this::create)
                .get("/{endpoint}/{id}", this::get)
                .put("/{endpoint}/{id}", this::replace)
                .patch("/{endpoint}/{id}", this::patch)
                .delete("/{endpoint}/{id}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = projection(req);
        JsonObject input = RequestBodies.readObject(req, settings.maxPayloadBytes());
        JsonObject created = resources.create(type, input);
        String location = location(req, type, created.getString("id"));
        res.header(HeaderNames.LOCATION, location);
        sendResource(res, 201, type, created, location, projection);
    }

    private void get(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = projection(req);
        String id = req.path().pathParameters().get("id");
        JsonObject stored = resources.get(type, id);
        String version = ResourceService.version(stored);
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null);
        if (ifNoneMatch != null && ETags.matches(ifNoneMatch, version)) {
            res.header(HeaderNames.ETAG, version);
            res.status(304);
            res.send();
            return;
        }
        sendResource(res, 200, type, stored, location(req, type, id), projection);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = projection(req);
        String id = req.path().pathParameters().get("id");
        JsonObject input = RequestBodies.readObject(req, settings.maxPayloadBytes());
        JsonObject replaced = resources.replace(type, id, input, ifMatch(req));
        sendResource(res, 200, type, replaced, location(req, type, id), projection);
    }

    private void patch(ServerRequest req, ServerResponse res) {
        type(req);
        throw new ScimException(501, null, "PATCH is not supported yet; replace the resource with PUT "
                + "(see /ServiceProviderConfig)");
    }

    private void delete(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        resources.delete(type, req.path().pathParameters().get("id"), ifMatch(req));
        res.status(204);
        res.send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        ResourceType type = type(req);
        Projection projection = projection(req);
        int startIndex = intParameter(req, "startIndex", 1);
        int count = intParameter(req, "count", settings.maxResults());
        // RFC 7644 §3.4.2.4: a startIndex below 1 means 1, a negative count means 0.
        startIndex = Math.max(1, startIndex);
        count = Math.min(Math.max(0, count), settings.maxResults());
        List<JsonObject> all = resources.list(type);
        int from = Math.min(all.size(), startIndex - 1);
        int to = Math.min(all.size(), from + count);
        String base = baseUrls.of(req);
        JsonArrayBuilder page = Json.createArrayBuilder();
        for (JsonObject stored : all.subList(from, to)) {
            page.add(projection.apply(type, withLocation(stored, base + type.endpoint() + "/" + stored.getString("id"))));
        }
        ScimResponses.send(res, 200, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(ScimResponses.LIST_RESPONSE_SCHEMA))
                .add("totalResults", all.size())
                .add("itemsPerPage", to - from)
                .add("startIndex", startIndex)
                .add("Resources", page)
                .build());
    }

    private void sendResource(ServerResponse res, int status, ResourceType type, JsonObject stored, String location,
                              Projection projection) {
        res.header(HeaderNames.ETAG, ResourceService.version(stored));
        ScimResponses.send(res, status, projection.apply(type, withLocation(stored, location)));
    }

    private ResourceType type(ServerRequest req) {
        String endpoint = req.path().pathParameters().get("endpoint");
        ResourceType type = registry.byEndpoint(endpoint);
        if (type == null) {
            throw ScimException.notFound("No SCIM endpoint /" + endpoint + "; the resource types are listed at /ResourceTypes");
        }
        return type;
    }

    private String location(ServerRequest req, ResourceType type, String id) {
        return baseUrls.of(req) + type.endpoint() + "/" + id;
    }

    private static JsonObject withLocation(JsonObject stored, String location) {
        JsonObject meta = stored.getJsonObject("meta");
        JsonObjectBuilder body = Json.createObjectBuilder(stored);
        body.add("meta", Json.createObjectBuilder(meta).add("location", location));
        return body.build();
    }

    private static Projection projection(ServerRequest req) {
        return Projection.of(req.query().first("attributes").orElse(null),
                req.query().first("excludedAttributes").orElse(null));
    }

    private static String ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).orElse(null);
    }

    static int intParameter(ServerRequest req, String name, int fallback) {
        String text = req.query().first(name).orElse(null);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            try {
                // Out of int range but numeric: clamp rather than refuse.
                return new java.math.BigInteger(text.trim()).signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            } catch (NumberFormatException notANumber) {
                throw ScimException.invalidValue("The parameter '" + name + "' must be an integer, not \"" + text + "\"");
            }
        }
    }
}
