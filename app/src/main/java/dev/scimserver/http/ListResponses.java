package dev.scimserver.http;

import dev.scimserver.core.ScimJson;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceSearch;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Renders search results as an RFC 7644 §3.4.2 ListResponse, each resource located and projected. */
final class ListResponses {
    private ListResponses() {
    }

    static JsonObject render(ResourceSearch.Result result, String baseUrl, Projection projection) {
        JsonArrayBuilder resources = ScimJson.createArrayBuilder();
        for (ResourceSearch.Found found : result.resources()) {
            JsonObject body = found.resource().body();
            String location = baseUrl + found.type().endpoint() + "/" + found.resource().id();
            resources.add(projection.apply(found.type(), withLocation(body, location)));
        }
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(ScimResponses.LIST_RESPONSE_SCHEMA))
                .add("totalResults", result.totalResults())
                .add("itemsPerPage", result.resources().size())
                .add("startIndex", result.startIndex())
                .add("Resources", resources)
                .build();
    }

    /** The stored representation with {@code meta.location}, which depends on how the client reached us. */
    static JsonObject withLocation(JsonObject stored, String location) {
        JsonObject meta = stored.getJsonObject("meta");
        JsonObjectBuilder body = ScimJson.createObjectBuilder(stored);
        body.add("meta", ScimJson.createObjectBuilder(meta).add("location", location));
        return body.build();
    }
}
