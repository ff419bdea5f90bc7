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
        return render(type, stored, baseUrl, projection, java.util.Map.of());
    }

    /** Whether a resource of this type, so projected, shows its computed {@code groups}. */
    boolean showsGroups(ResourceType type, Projection projection) {
        return membership.hasGroups(type) && projection.mayShow(type, Membership.GROUPS);
    }

    /** The computed {@code groups} of these members at once: for a page of a list. */
    java.util.Map<String, JsonArray> groupsOf(java.util.Collection<String> memberIds, String baseUrl) {
        return membership.groupsOf(memberIds, baseUrl);
    }

    /** @param groups the {@code groups} of members computed already, by id ({@link #groupsOf}) */
    JsonObject render(ResourceType type, JsonObject stored, String baseUrl, Projection projection,
                      java.util.Map<String, JsonArray> groups) {
        String id = stored.getString("id");
        JsonObjectBuilder body = ScimJson.createObjectBuilder(stored);
        body.add("meta", ScimJson.createObjectBuilder(stored.getJsonObject("meta"))
                .add("location", location(baseUrl, type, id)));
        if (membership.isGroupType(type) && stored.get(Membership.MEMBERS) instanceof JsonArray members
                && projection.mayShow(type, Membership.MEMBERS)) {
            body.add(Membership.MEMBERS, withRefs(members, baseUrl));
        }
        if (showsGroups(type, projection)) {
            JsonArray memberOf = groups.containsKey(id) ? groups.get(id) : membership.groupsOf(id, baseUrl);
            if (!memberOf.isEmpty()) {
                body.add(Membership.GROUPS, memberOf);
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
