package dev.scimserver.store.kit;

import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Stored representations shaped as core writes them: {@code schemas}, {@code id}, the attributes,
 * {@code meta} with {@code resourceType}, {@code created}, {@code lastModified} (milliseconds, UTC)
 * and a weak {@code version}; the unique values computed by {@link UniqueValue#of}, as core does.
 */
final class Resources {
    static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final ResourceType GROUP = REGISTRY.resourceType("Group");
    static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER;
    /** The first creation time; resource {@code n} of a test is created {@code n} seconds later. */
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);
    private static final AtomicLong VERSIONS = new AtomicLong();

    private Resources() {
    }

    /** {@code meta.created} of the resource made {@code second} seconds after {@link #T0}, as core formats it. */
    static String created(int second) {
        return TIMESTAMP.format(T0.plusSeconds(second));
    }

    /** A weak ETag never used before in this JVM. */
    static String newVersion() {
        return "W/\"kit-" + VERSIONS.incrementAndGet() + "\"";
    }

    /** The stored form of a body: type and id from it, unique values as core computes them. */
    static StoredResource stored(ResourceType type, JsonObject body) {
        return new StoredResource(type.id(), body.getString("id"), body, UniqueValue.of(type, body));
    }

    static ResourceType typeOf(StoredResource resource) {
        return REGISTRY.resourceType(resource.resourceType());
    }

    static JsonObject meta(ResourceType type, String created, String lastModified, String version) {
        return ScimJson.createObjectBuilder().add("resourceType", type.name()).add("created", created)
                .add("lastModified", lastModified).add("version", version).build();
    }

    /** A User with only a userName, created {@code second} seconds after T0. */
    static StoredResource user(String id, String userName, int second) {
        return user(id, userName, second, b -> { });
    }

    /** A User with a userName and whatever {@code attributes} adds. */
    static StoredResource user(String id, String userName, int second, Consumer<JsonObjectBuilder> attributes) {
        JsonObjectBuilder body = ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(SchemaRegistry.USER))
                .add("id", id)
                .add("userName", userName);
        attributes.accept(body);
        body.add("meta", meta(USER, created(second), created(second), newVersion()));
        JsonObject built = body.build();
        if (built.containsKey(ENTERPRISE)) {
            built = ScimJson.createObjectBuilder(built)
                    .add("schemas", ScimJson.createArrayBuilder().add(SchemaRegistry.USER).add(ENTERPRISE)).build();
        }
        return stored(USER, built);
    }

    /** A Group with these members (none: no {@code members} at all, as core stores it). */
    static StoredResource group(String id, String displayName, int second, List<JsonObject> members) {
        JsonObjectBuilder body = ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("id", id)
                .add("displayName", displayName);
        if (!members.isEmpty()) {
            body.add("members", array(members));
        }
        body.add("meta", meta(GROUP, created(second), created(second), newVersion()));
        return stored(GROUP, body.build());
    }

    /** A member as core stores it: the id, the type it is, and (given) a display name. */
    static JsonObject member(StoredResource resource, boolean display) {
        JsonObjectBuilder member = ScimJson.createObjectBuilder().add("value", resource.id());
        if (display) {
            JsonObject body = resource.body();
            member.add("display", body.getString("displayName", body.getString("userName", resource.id())));
        }
        return member.add("type", typeOf(resource).name()).build();
    }

    static List<JsonObject> members(List<StoredResource> resources) {
        return resources.stream().map(r -> member(r, true)).toList();
    }

    static JsonArray array(List<? extends JsonValue> values) {
        JsonArrayBuilder array = ScimJson.createArrayBuilder();
        values.forEach(array::add);
        return array.build();
    }

    /**
     * The next state of a resource, as core's replace makes it: the same id and {@code meta.created},
     * the attributes as {@code change} leaves them, a new {@code lastModified} and {@code version}.
     */
    static StoredResource changed(StoredResource current, String version, Consumer<JsonObjectBuilder> change) {
        JsonObject body = current.body();
        JsonObjectBuilder next = ScimJson.createObjectBuilder(body);
        change.accept(next);
        JsonObject meta = body.getJsonObject("meta");
        String lastModified = TIMESTAMP.format(Instant.parse(meta.getString("lastModified")).plusMillis(1));
        next.add("meta", ScimJson.createObjectBuilder(meta).add("lastModified", lastModified).add("version", version));
        return stored(typeOf(current), next.build());
    }

    /** A group's next state with these members (none: without {@code members}). */
    static StoredResource withMembers(StoredResource group, List<JsonObject> members) {
        return changed(group, newVersion(), b -> {
            if (members.isEmpty()) {
                b.remove("members");
            } else {
                b.add("members", array(members));
            }
        });
    }

    /** A group's members as they are stored (an empty list when it has none). */
    static List<JsonObject> membersOf(StoredResource group) {
        List<JsonObject> members = new ArrayList<>();
        if (group.body().get("members") instanceof JsonArray array) {
            array.forEach(m -> members.add(m.asJsonObject()));
        }
        return members;
    }

    static List<String> memberIds(StoredResource group) {
        return membersOf(group).stream().map(m -> m.getString("value")).toList();
    }

    static List<String> ids(List<StoredResource> resources) {
        return resources.stream().map(StoredResource::id).toList();
    }

    static String createdOf(StoredResource resource) {
        return resource.body().getJsonObject("meta").getString("created");
    }

    static String lastModifiedOf(StoredResource resource) {
        return resource.body().getJsonObject("meta").getString("lastModified");
    }
}
