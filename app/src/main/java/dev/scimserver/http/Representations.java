package dev.scimserver.http;

import dev.scimserver.core.Membership;
import dev.scimserver.core.Projection;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Turns a stored representation into what a response shows: {@code meta.location}, member
 * {@code $ref}s and a member's {@code groups} (all depend on the request's base URL or on other
 * resources, so none is stored), then projection. Work projection would throw away is skipped:
 * {@code excludedAttributes=members} never touches a large member list.
 */
final class Representations {
    private final SchemaRegistry registry;
    private final Membership membership;

    Representations(SchemaRegistry registry, Membership membership) {
        this.registry = registry;
        this.membership = membership;
    }

    JsonObject render(ResourceType type, JsonObject stored, String baseUrl, Projection projection) {
        String id = stored.getString("id");
        JsonObjectBuilder body = ScimJson.createObjectBuilder(stored);
        body.add("meta", ScimJson.createObjectBuilder(stored.getJsonObject("meta"))
                .add("location", location(baseUrl, type, id)));
        if (membership.isGroupType(type) && stored.get(Membership.MEMBERS) instanceof JsonArray members
                && projection.mayShow(type, Membership.MEMBERS)) {
            body.add(Membership.MEMBERS, withRefs(members, baseUrl));
        }
        if (membership.hasGroups(type) && projection.mayShow(type, Membership.GROUPS)) {
            JsonArray groups = membership.groupsOf(id, baseUrl);
            if (!groups.isEmpty()) {
                body.add(Membership.GROUPS, groups);
            }
        }
        return projection.apply(type, body.build());
    }

    /** Where a resource lives: its {@code meta.location} and the {@code Location} header. */
    static String location(String baseUrl, ResourceType type, String id) {
        return baseUrl + type.endpoint() + "/" + id;
    }

    private JsonArray withRefs(JsonArray members, String baseUrl) {
        JsonArrayBuilder out = ScimJson.createArrayBuilder();
        for (JsonValue member : members) {
            JsonObject m = member.asJsonObject();
            ResourceType memberType = registry.resourceType(m.getString("type", ""));
            if (memberType == null || !m.containsKey("value")) {
                out.add(m);
            } else {
                out.add(ScimJson.createObjectBuilder(m).add("$ref", baseUrl + memberType.endpoint() + "/" + m.getString("value")));
            }
        }
        return out.build();
    }
}
