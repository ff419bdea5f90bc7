package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.Value;
import dev.scimserver.json.ListJsonArray;
import dev.scimserver.json.MemberValue;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.Attribute;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code members} of the group being patched (RFC 7644 §3.5.2.1 and §3.5.2.2 add and remove
 * them one by one), when the caller gave {@link PatchEngine.MemberRules}. A group may have 100,000
 * members: whether an id is one is asked of the index, corrected by what this request has added and
 * removed so far, instead of walking the list; a new member is checked to exist and typed as it goes
 * in. Without rules (any other attribute, or no index) members are compared by walking the list.
 */
final class GroupMembers {
    private final PatchEngine.MemberRules rules;
    /**
     * While true, the working member list is the stored one plus the ids below, so "is X a member?"
     * can be asked of the index and corrected by this request's own changes. An operation that
     * rewrites the list wholesale (replace, remove all, value paths) ends that, and membership is
     * then read from the working list itself.
     */
    private boolean fromStore = true;
    private final Set<String> added = new HashSet<>();
    private final Set<String> removed = new HashSet<>();

    GroupMembers(PatchEngine.MemberRules rules) {
        this.rules = rules;
    }

    /** Whether the index, with this request's changes, still says who is a member (see {@link #fromStore}). */
    boolean fromStore() {
        return fromStore;
    }

    /** This request rewrote the member list wholesale: from now on membership is read from the list. */
    void listRewritten() {
        fromStore = false;
    }

    /** The id a value filter names when it is exactly {@code value eq "id"}; null for any other filter. */
    static String idOf(Filter filter) {
        return filter instanceof Filter.Compare c && c.operator() == CompareOperator.EQ && c.value() instanceof Value.Str id
                && c.path().schemaUrn() == null && c.path().subAttribute() == null && c.path().attribute().equalsIgnoreCase("value")
                ? id.value() : null;
    }

    /**
     * {@code members[value eq "id"]}: the RFC's way to remove one member. The same as a remove by
     * value, so it takes that path (a look at the few positions whose id hash fits), not a filter on
     * every member.
     */
    JsonValue removeOne(Attribute attribute, JsonValue current, String id) {
        return MultiValuedAttribute.removeMatching(attribute, current,
                List.of(ScimJson.createObjectBuilder().add("value", id).build()), List.of(id), this);
    }

    /** These ids are no longer members, whatever the index says. */
    void removed(List<String> ids) {
        for (String id : ids) {
            removed.add(MemberValue.fold(id));
            added.remove(MemberValue.fold(id));
        }
    }

    /**
     * Adds members not already in the group, asking the index instead of walking the list: adding one
     * member to a 100,000-member group must not look at the other 100,000. Each new one is checked to
     * exist and typed now.
     */
    List<JsonValue> append(JsonValue current, List<JsonValue> candidates) {
        List<JsonValue> fresh = new ArrayList<>(candidates.size());
        for (JsonValue candidate : candidates) {
            String id = candidate.asJsonObject().getString("value", null);
            if (id == null) {
                throw ScimException.invalidValue("Every member needs a 'value': the id of a User or Group");
            }
            if (isMember(id)) {
                continue; // already there (in any case), or in this request: adding it again changes nothing
            }
            fresh.add(rules.checked(candidate.asJsonObject()));
            added.add(MemberValue.fold(id));
            removed.remove(MemberValue.fold(id));
        }
        if (current instanceof ListJsonArray shared) {
            return shared.appending(fresh); // the members already there stay shared with the stored version
        }
        List<JsonValue> result = new ArrayList<>(MultiValuedAttribute.list(current));
        result.addAll(fresh);
        return result;
    }

    /** Whether an id is a member of the group as this request has left it so far. */
    private boolean isMember(String id) {
        String folded = MemberValue.fold(id);
        if (added.contains(folded)) {
            return true;
        }
        return !removed.contains(folded) && rules.isMember(id);
    }
}
