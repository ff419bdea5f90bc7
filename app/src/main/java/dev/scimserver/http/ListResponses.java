package dev.scimserver.http;

import dev.scimserver.json.ScimJson;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceSearch;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Renders search results as an RFC 7644 §3.4.2 ListResponse, each resource located and projected. */
final class ListResponses {
    private ListResponses() {
    }

    static JsonObject render(ResourceSearch.Result result, String baseUrl, Projection projection,
                             Representations representations) {
        // The page's computed groups at once: with a database, one query per member was a round trip each.
        java.util.List<String> members = new java.util.ArrayList<>();
        for (ResourceSearch.Found found : result.resources()) {
            if (representations.showsGroups(found.type(), projection)) {
                members.add(found.resource().id());
            }
        }
        java.util.Map<String, jakarta.json.JsonArray> groups = members.isEmpty() ? java.util.Map.of()
                : representations.groupsOf(members, baseUrl);
        JsonArrayBuilder resources = ScimJson.createArrayBuilder();
        for (ResourceSearch.Found found : result.resources()) {
            resources.add(representations.render(found.type(), found.resource().body(), baseUrl, projection, groups));
        }
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(ScimResponses.LIST_RESPONSE_SCHEMA))
                .add("totalResults", result.totalResults())
                .add("itemsPerPage", result.resources().size())
                .add("startIndex", result.startIndex())
                .add("Resources", resources)
                .build();
    }
}
