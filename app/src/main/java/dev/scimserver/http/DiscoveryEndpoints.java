package dev.scimserver.http;

import dev.scimserver.json.ScimJson;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.error.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Schema;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.function.Function;

/**
 * The read-only discovery endpoints of RFC 7644 §4: {@code /ServiceProviderConfig},
 * {@code /ResourceTypes} and {@code /Schemas}. They take no filter (403, as §4 advises) and no
 * writes (405 with {@code Allow}).
 */
final class DiscoveryEndpoints implements HttpService {
    private final ServerSettings settings;
    private final SchemaRegistry registry;
    private final BaseUrls baseUrls;

    DiscoveryEndpoints(ServerSettings settings, SchemaRegistry registry, BaseUrls baseUrls) {
        this.settings = settings;
        this.registry = registry;
        this.baseUrls = baseUrls;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ServiceProviderConfig", (req, res) -> {
            refuseFilter(req);
            sendOne(res, ServiceProviderConfigDocument.build(settings, baseUrls.of(req)));
        });
        rules.get("/ResourceTypes", (req, res) -> {
            refuseFilter(req);
            String base = baseUrls.of(req);
            ScimResponses.send(res, 200, list(registry.resourceTypes().stream().map(t -> resourceType(t, base)).toList()));
        });
        rules.get("/ResourceTypes/{id}", (req, res) -> {
            String id = req.path().pathParameters().get("id");
            ResourceType type = registry.resourceType(id);
            if (type == null) {
                throw ScimException.notFound("Resource type '" + id + "' not found; the resource types are listed at /ResourceTypes");
            }
            sendOne(res, resourceType(type, baseUrls.of(req)));
        });
        rules.get("/Schemas", (req, res) -> {
            refuseFilter(req);
            String base = baseUrls.of(req);
            ScimResponses.send(res, 200, list(registry.schemas().stream().map(s -> schema(s, base)).toList()));
        });
        rules.get("/Schemas/{id}", (req, res) -> {
            String id = req.path().pathParameters().get("id");
            Schema schema = registry.schema(id);
            if (schema == null) {
                throw ScimException.notFound("Schema '" + id + "' not found; the schemas are listed at /Schemas");
            }
            sendOne(res, schema(schema, baseUrls.of(req)));
        });
        for (String path : List.of("/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/{id}", "/Schemas", "/Schemas/{id}")) {
            rules.route(method -> method != Method.GET && method != Method.HEAD,
                    io.helidon.http.PathMatchers.create(path), Methods.allow("GET"));
        }
    }

    /** A single document, with its {@code meta.location} as the {@code Location} header, as for resources. */
    private static void sendOne(ServerResponse res, JsonObject document) {
        res.header(HeaderNames.LOCATION, document.getJsonObject("meta").getString("location"));
        ScimResponses.send(res, 200, document);
    }

    private static void refuseFilter(ServerRequest req) {
        if (req.query().contains("filter")) {
            throw new ScimException(403, null, "Filtering is not supported on the discovery endpoints (RFC 7644 §4)");
        }
    }

    private static JsonObject list(List<JsonObject> resources) {
        JsonArrayBuilder items = ScimJson.createArrayBuilder();
        resources.forEach(items::add);
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(ScimResponses.LIST_RESPONSE_SCHEMA))
                .add("totalResults", resources.size())
                .add("itemsPerPage", resources.size())
                .add("startIndex", 1)
                .add("Resources", items)
                .build();
    }

    private static JsonObject resourceType(ResourceType type, String base) {
        return withMeta(type.representation(), "ResourceType", base + "/ResourceTypes/" + type.id(), b -> b
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:ResourceType"))
                .add("id", type.id()));
    }

    private static JsonObject schema(Schema schema, String base) {
        return withMeta(schema.representation(), "Schema", base + "/Schemas/" + schema.id(), b -> b
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:Schema")));
    }

    private static JsonObject withMeta(JsonObject representation, String resourceType, String location,
                                       Function<JsonObjectBuilder, JsonObjectBuilder> fixed) {
        JsonObjectBuilder builder = ScimJson.createObjectBuilder(representation);
        fixed.apply(builder);
        builder.add("meta", ScimJson.createObjectBuilder().add("resourceType", resourceType).add("location", location));
        return builder.build();
    }
}
