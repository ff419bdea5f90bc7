package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ArrayDiff;
import dev.scimserver.json.ListJsonArray;
import dev.scimserver.json.MemberValue;
import dev.scimserver.json.ScimJson;
import dev.scimserver.patch.PatchEngine;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group membership (RFC 7643 §4.2, §4.1.2): a Group's {@code members} point at existing Users or
 * Groups, and a member's {@code groups} lists the groups that contain it, directly or through
 * nested groups. Membership is stored once, in the groups; {@code groups} is derived on read from
 * the {@code members.value} index, so it never goes stale and costs one look-up per group found.
 */
public final class Membership {
    public static final String MEMBERS = PatchEngine.MemberRules.MEMBERS;
    public static final String GROUPS = "groups";

    private final Backend backend;
    private final ResourceType groupType;
    private final ResourceType userType;

    public Membership(Backend backend, SchemaRegistry registry) {
        this.backend = backend;
        this.groupType = registry.resourceTypeWithSchema(SchemaRegistry.GROUP);
        this.userType = registry.resourceTypeWithSchema(SchemaRegistry.USER);
    }

    public boolean isGroupType(ResourceType type) {
        return groupType != null && type.id().equals(groupType.id());
    }

    /** Whether resources of this type are listed in groups and get a computed {@code groups}. */
    public boolean hasGroups(ResourceType type) {
        return groupType != null && type.schema().attribute(GROUPS) != null;
    }

    /**
     * Checks and completes the members of a Group about to be written: each must be an existing User
     * or Group (members already in {@code current} were checked when they came in); {@code type} is
     * set to what it is; a client's {@code $ref} is dropped (it is computed per response); a member
     * listed twice is kept once.
     */
    public JsonObject checkMembers(ResourceType type, JsonObject attributes, JsonObject current) {
        if (!isGroupType(type) || !(attributes.get(MEMBERS) instanceof JsonArray members)) {
            return attributes;
        }
        JsonValue before = current == null ? null : current.get(MEMBERS);
        if (before == members) {
            return attributes;
        }
        if (before instanceof JsonArray old) {
            ArrayDiff diff = ArrayDiff.of(old, members);
            if (diff != null) {
                // The usual PATCH: a few members in or out. Members that stayed are the same objects and
                // were checked when they came in; only the added ones need a look.
                JsonObject checked = checkAdded(attributes, members, diff, current.getString("id", null));
                if (checked != null) {
                    return checked;
                }
            }
        }
        return checkAll(attributes, members, current);
    }

    /**
     * The members with the added ones checked; null when an added one duplicates another member
     * (the caller then takes the general path, which dedupes). Whether an id was a member already is
     * asked of the membership index, not found by walking the list.
     */
    private JsonObject checkAdded(JsonObject attributes, JsonArray members, ArrayDiff diff, String groupId) {
        if (diff.added().isEmpty()) {
            return attributes;
        }
        Set<String> removedIds = new HashSet<>();
        for (JsonValue member : diff.removed()) {
            if (member.asJsonObject().get("value") instanceof JsonString v) {
                removedIds.add(MemberValue.fold(v.getString()));
            }
        }
        Map<JsonValue, JsonObject> replacements = new IdentityHashMap<>();
        Set<String> addedIds = new HashSet<>();
        for (JsonValue member : diff.added()) {
            JsonObject checked = checkedMember(member.asJsonObject(), null);
            String id = checked.getString("value");
            String folded = MemberValue.fold(id);
            if (!addedIds.add(folded) || (!removedIds.contains(folded) && groupId != null && isMember(groupId, id))) {
                return null;
            }
            if (checked != member) {
                replacements.put(member, checked);
            }
        }
        if (replacements.isEmpty()) {
            return attributes;
        }
        JsonArrayBuilder out = ScimJson.createArrayBuilder();
        for (JsonValue member : members) {
            JsonObject replacement = replacements.get(member);
            out.add(replacement != null ? replacement : member);
        }
        return ScimJson.createObjectBuilder(attributes).add(MEMBERS, out).build();
    }

    /** Whether a group lists this id, from the index (the state before the write under way). */
    private boolean isMember(String groupId, String memberId) {
        for (StoredResource group : directGroups(memberId)) {
            if (group.id().equals(groupId)) {
                return true;
            }
        }
        return false;
    }

    /** What {@link PatchEngine} asks about the members of one group. */
    PatchEngine.MemberRules rulesFor(String groupId) {
        return new PatchEngine.MemberRules() {
            @Override
            public boolean isMember(String id) {
                return Membership.this.isMember(groupId, id);
            }

            @Override
            public JsonObject checked(JsonObject member) {
                return checkedMember(member, null);
            }
        };
    }

    private JsonObject checkAll(JsonObject attributes, JsonArray members, JsonObject current) {
        Map<String, String> known = new LinkedHashMap<>();
        if (current != null && current.get(MEMBERS) instanceof JsonArray old) {
            for (JsonValue member : old) {
                JsonObject m = member.asJsonObject();
                if (m.get("value") instanceof JsonString v && m.get("type") instanceof JsonString t) {
                    known.put(v.getString(), t.getString());
                }
            }
        }
        Set<String> seen = new HashSet<>();
        List<JsonValue> checked = new ArrayList<>(members.size());
        for (JsonValue member : members) {
            JsonObject m = member.asJsonObject();
            String id = m.get("value") instanceof JsonString value ? value.getString() : null;
            if (id != null && !seen.add(id)) {
                continue;
            }
            checked.add(checkedMember(m, id == null ? null : known.get(id)));
        }
        // Chunked from the start, so the group's first member PATCH already shares them.
        return ScimJson.createObjectBuilder(attributes).add(MEMBERS, new ListJsonArray(checked)).build();
    }

    /** One member with its {@code type} set from what the id really is; a client's {@code $ref} dropped. */
    private JsonObject checkedMember(JsonObject member, String knownType) {
        if (!(member.get("value") instanceof JsonString value)) {
            throw ScimException.invalidValue("Every member needs a 'value': the id of a User or Group");
        }
        if (member instanceof MemberValue) {
            return member; // made by this method, so checked already (a deleted member leaves every group)
        }
        String memberType = knownType != null ? knownType : existingType(value.getString(), member.getString("type", null));
        return new MemberValue(value.getString(), memberType, member.get("display"));
    }

    /**
     * The ids among a group's members that name no stored User or Group (a dump of a server that
     * left deleted members in groups), in order; members without a string {@code value} are not
     * counted here, for the checks to refuse.
     */
    public List<String> unknownMembers(JsonObject group) {
        List<String> unknown = new ArrayList<>();
        if (group.get(MEMBERS) instanceof JsonArray members) {
            for (JsonValue member : members) {
                if (member instanceof JsonObject m && m.get("value") instanceof JsonString value
                        && findType(value.getString(), m.getString("type", null)) == null) {
                    unknown.add(value.getString());
                }
            }
        }
        return unknown;
    }

    /**
     * Refuses a group (400, as for an unknown member) when one of its checked members names no User or
     * Group any more: the check a create repeats inside the backend's write, where no delete can come
     * between it and the write. One look-up per member, the claimed type first.
     */
    public void checkStillExist(JsonObject group) {
        if (group.get(MEMBERS) instanceof JsonArray members) {
            for (JsonValue member : members) {
                if (member instanceof JsonObject m && m.get("value") instanceof JsonString value) {
                    existingType(value.getString(), m.getString("type", null));
                }
            }
        }
    }

    private String existingType(String id, String claimed) {
        String type = findType(id, claimed);
        if (type == null) {
            throw ScimException.invalidValue("members: there is no User or Group with id \"" + id + "\"");
        }
        return type;
    }

    /** The name of the type that holds this id (the claimed one asked first), or null. */
    /** Whether a User or a Group has this id. */
    public boolean exists(String id) {
        return findType(id, null) != null;
    }

    /** How many members a group's body lists. */
    public static int memberCount(JsonObject group) {
        return group.get(MEMBERS) instanceof JsonArray members ? members.size() : 0;
    }

    private String findType(String id, String claimed) {
        List<ResourceType> order = new ArrayList<>();
        if (groupType != null && groupType.name().equalsIgnoreCase(claimed)) {
            order.add(groupType);
        }
        if (userType != null) {
            order.add(userType);
        }
        if (groupType != null && !order.contains(groupType)) {
            order.add(groupType);
        }
        for (ResourceType candidate : order) {
            if (backend.get(candidate.id(), id).isPresent()) {
                return candidate.name();
            }
        }
        return null;
    }

    /** The groups that contain a member, directly and through nested groups, as {@code groups} values. */
    public JsonArray groupsOf(String memberId, String baseUrl) {
        return groupsOf(List.of(memberId), baseUrl).get(memberId);
    }

    /**
     * {@link #groupsOf(String, String)} of each of these members (a page of a list), asking the
     * backend once per level of nesting for all of them ({@link Backend#groupsNaming}), not once
     * per member and level.
     */
    public Map<String, JsonArray> groupsOf(java.util.Collection<String> memberIds, String baseUrl) {
        Map<String, JsonArray> result = new LinkedHashMap<>();
        if (groupType == null) {
            memberIds.forEach(id -> result.put(id, ScimJson.createArrayBuilder().build()));
            return result;
        }
        // Each member's own walk: the groups it has seen (nested groups may form a cycle; each group is
        // listed once) and the ids whose groups its next level asks for.
        Map<String, Set<String>> visited = new LinkedHashMap<>();
        Map<String, JsonArrayBuilder> out = new LinkedHashMap<>();
        Map<String, List<String>> level = new LinkedHashMap<>();
        for (String id : memberIds) {
            visited.computeIfAbsent(id, k -> new HashSet<>(Set.of(k)));
            out.computeIfAbsent(id, k -> ScimJson.createArrayBuilder());
            level.put(id, List.of(id));
        }
        boolean direct = true;
        while (!level.isEmpty()) {
            Set<String> asked = new java.util.LinkedHashSet<>();
            level.values().forEach(asked::addAll);
            Map<String, List<StoredResource>> groups = backend.groupsNaming(groupType, asked);
            Map<String, List<String>> nextLevel = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> walk : level.entrySet()) {
                String member = walk.getKey();
                for (String id : walk.getValue()) {
                    for (StoredResource group : groups.getOrDefault(id, List.of())) {
                        if (!visited.get(member).add(group.id())) {
                            continue;
                        }
                        out.get(member).add(ScimJson.createObjectBuilder()
                                .add("value", group.id())
                                .add("$ref", baseUrl + groupType.endpoint() + "/" + group.id())
                                .add("display", group.body().getString("displayName", ""))
                                .add("type", direct ? "direct" : "indirect"));
                        nextLevel.computeIfAbsent(member, k -> new ArrayList<>()).add(group.id());
                    }
                }
            }
            direct = false;
            level = nextLevel;
        }
        out.forEach((id, groups) -> result.put(id, groups.build()));
        return result;
    }

    /** A group's writable representation without one member; null when it does not list it. */
    public static JsonObject withoutMember(JsonObject body, String memberId) {
        return withoutMembers(body, Set.of(memberId));
    }

    /** A group's representation without these members; null when it lists none of them. */
    public static JsonObject withoutMembers(JsonObject body, Set<String> memberIds) {
        if (!(body.get(MEMBERS) instanceof JsonArray members)) {
            return null;
        }
        JsonArrayBuilder kept = ScimJson.createArrayBuilder();
        int count = 0;
        for (JsonValue member : members) {
            if (!(member instanceof JsonObject m && m.get("value") instanceof JsonString v && memberIds.contains(v.getString()))) {
                kept.add(member);
                count++;
            }
        }
        if (count == members.size()) {
            return null;
        }
        JsonObjectBuilder result = ScimJson.createObjectBuilder(body);
        return count == 0 ? result.remove(MEMBERS).build() : result.add(MEMBERS, kept).build();
    }

    /** The groups that list this id in {@code members}: one index look-up, not a scan of every group. */
    public List<StoredResource> directGroups(String memberId) {
        if (groupType == null) {
            return List.of();
        }
        return backend.groupsNaming(groupType, List.of(memberId)).get(memberId);
    }
}
