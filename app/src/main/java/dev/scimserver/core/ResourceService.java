package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.CompactJsonArray;
import dev.scimserver.json.CompactJsonObject;
import dev.scimserver.json.ScimJson;
import dev.scimserver.patch.PatchEngine;
import dev.scimserver.patch.PatchOperation;
import dev.scimserver.schema.ResourceValidator;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.Mutability;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Schema;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.schema.Uniqueness;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * What SCIM means by create, read, replace and delete of a resource (RFC 7644 §3.3–§3.6), on top
 * of a {@link Backend}: schema validation, mutability, uniqueness, {@code meta} and versions.
 * Knows nothing of HTTP; the resources it returns are stored representations, without
 * {@code meta.location} and before projection.
 */
public final class ResourceService {
    /**
     * meta.created / lastModified, always with milliseconds: ISO_INSTANT drops a zero fraction, and
     * "…:01Z" would then sort after "…:01.001Z" wherever timestamps are compared as text (creation order).
     */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final Backend backend;
    private final ResourceValidator validator;
    private final Clock clock;
    private final boolean strict;
    private final Membership membership;
    private final SchemaRegistry registry;
    private final Passwords passwords;

    /** A lenient service over the RFC 7643 default resource types. */
    public ResourceService(Backend backend, Clock clock) {
        this(backend, clock, SchemaRegistry.defaults(), false);
    }

    /**
     * @param strict true answers the known deviations of identity providers as the RFCs would
     *               (see {@link ResourceValidator#ResourceValidator(boolean)} and {@link PatchRequest})
     */
    public ResourceService(Backend backend, Clock clock, SchemaRegistry registry, boolean strict) {
        this(backend, clock, registry, strict, ResourceValidator.DEFAULT_MAX_VALUES, Argon2id.owasp());
    }

    /** @param maxValues the most values one multi-valued attribute may hold in a write, group members excepted */
    public ResourceService(Backend backend, Clock clock, SchemaRegistry registry, boolean strict, int maxValues) {
        this(backend, clock, registry, strict, maxValues, Argon2id.owasp());
    }

    /** @param hasher how passwords are stored: the server's is {@link Argon2id#owasp()}; a test may pass another */
    public ResourceService(Backend backend, Clock clock, SchemaRegistry registry, boolean strict, PasswordHasher hasher) {
        this(backend, clock, registry, strict, ResourceValidator.DEFAULT_MAX_VALUES, hasher);
    }

    public ResourceService(Backend backend, Clock clock, SchemaRegistry registry, boolean strict, int maxValues,
                           PasswordHasher hasher) {
        this.backend = backend;
        this.clock = clock;
        this.strict = strict;
        this.registry = registry;
        this.validator = new ResourceValidator(strict, maxValues);
        this.membership = new Membership(backend, registry);
        this.passwords = new Passwords(hasher);
    }

    public Membership membership() {
        return membership;
    }

    public boolean strict() {
        return strict;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * RFC 7644 §3.3: a new resource with a server-assigned id. A password is hashed once the body is
     * checked and before the backend's write, so no other writer waits for the hash.
     */
    public JsonObject create(ResourceType type, JsonObject input) {
        JsonObject checked = membership.checkMembers(type, validator.writableAttributes(type, input), null);
        validator.checkRequired(type, checked);
        validator.checkValueCounts(type, checked);
        JsonObject attributes = passwords.hashed(type, checked);
        String id = UUID.randomUUID().toString();
        String now = now();
        JsonObject body = assemble(type, id, attributes, now, now);
        StoredResource resource = new StoredResource(type.id(), id, body, UniqueValue.of(type, body));
        try {
            if (membership.isGroupType(type)) {
                // Checked again inside the write: a member deleted since the check above must not be stored.
                backend.create(resource, created -> membership.checkStillExist(created.body()));
            } else {
                backend.create(resource);
            }
        } catch (UniquenessConflictException e) {
            throw conflict(e);
        }
        return body;
    }

    /**
     * Puts back a resource from a dump or snapshot: checked like a POST (schemas, types, required,
     * uniqueness, members that exist), but keeping its {@code id}, {@code meta.created},
     * {@code meta.lastModified} and {@code meta.version}, so clients' ids and ETags stay valid.
     * A password that is our hash stays as it is; a cleartext one is hashed.
     * Groups must come after the resources they list.
     */
    public void restore(ResourceType type, JsonObject resource) {
        storeRestored(prepareRestore(type, resource));
    }

    /**
     * The first half of {@link #restore}: every check that needs only the resource and the schemas,
     * and the stored form. It reads no state, so a restore runs it on the thread that parses the
     * dump. A group's members are checked here too, so a group must still come after its members.
     * A cleartext password is hashed here (tens of milliseconds), so on whichever thread has time.
     */
    public StoredResource prepareRestore(ResourceType type, JsonObject resource) {
        if (!(resource.get(CommonAttributes.ID) instanceof JsonString idValue) || idValue.getString().isBlank()) {
            throw ScimException.invalidValue("it has no \"id\"");
        }
        String id = idValue.getString();
        JsonObject checked = membership.checkMembers(type, validator.writableAttributes(type, resource), null);
        validator.checkRequired(type, checked);
        JsonObject attributes = passwords.restored(type, checked);
        JsonObject meta = resource.get(CommonAttributes.META) instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        // Defaults only when the dump lacks them: formatting a time and drawing a version for each of
        // a million resources that have them was a few percent of a restore.
        String created = meta.getString("created", null);
        if (created == null) {
            created = now();
        }
        String version = meta.getString("version", null);
        JsonObject body = assemble(type, id, attributes, created, meta.getString("lastModified", created),
                version != null ? version : newVersion());
        return new StoredResource(type.id(), id, body, UniqueValue.of(type, body));
    }

    /**
     * Writes a restored resource again, whole, over the one {@link #restore} stored: for groups that
     * list each other, each first stored without the members that were not in yet. Id, created,
     * lastModified and version stay those of the dump.
     */
    public void restoreAgain(ResourceType type, JsonObject resource) {
        StoredResource whole = prepareRestore(type, resource);
        try {
            backend.update(type.id(), whole.id(), current -> whole);
        } catch (ResourceNotFoundException e) {
            throw notFound(type, whole.id());
        } catch (UniquenessConflictException e) {
            throw conflict(e);
        }
    }

    /** The second half of {@link #restore}: the checks against what is stored (id used twice, uniqueness), and the write. */
    public void storeRestored(StoredResource resource) {
        if (backend.get(resource.resourceType(), resource.id()).isPresent()) {
            throw ScimException.invalidValue("its id " + resource.id() + " is used twice");
        }
        try {
            backend.create(resource);
        } catch (UniquenessConflictException e) {
            throw conflict(e);
        }
    }

    /** RFC 7644 §3.4.1: the resource, or 404. */
    public JsonObject get(ResourceType type, String id) {
        return backend.get(type.id(), id)
                .orElseThrow(() -> notFound(type, id))
                .body();
    }

    /**
     * RFC 7644 §3.5.1: replaces the writable attributes. Left-out readWrite attributes are cleared,
     * left-out writeOnly and immutable ones keep their values, a changed immutable value is refused.
     * {@code conditions} are checked against the current version. A sent password is hashed before
     * the backend's write (outside its lock).
     */
    public JsonObject replace(ResourceType type, String id, JsonObject input, Preconditions conditions) {
        JsonObject attributes = passwords.hashed(type, validator.writableAttributes(type, input));
        return update(type, id, current -> {
            conditions.checkWrite(version(current.body()));
            return rewritten(type, current,
                    membership.checkMembers(type, keepUnsentValues(type, current.body(), attributes), current.body()));
        });
    }

    /**
     * RFC 7644 §3.5.2: applies every operation to the current state, then the checks of a PUT. All
     * operations happen or none: any failure leaves the resource and its version as they were. A
     * request that changes nothing (adding a member already there) keeps the version too. The
     * operations run inside the backend's write; the passwords they carry are hashed before it.
     */
    public JsonObject patch(ResourceType type, String id, List<PatchOperation> requested, Preconditions conditions) {
        List<PatchOperation> operations = passwords.hashed(type, requested);
        return update(type, id, current -> {
            conditions.checkWrite(version(current.body()));
            PatchEngine engine = new PatchEngine(type, validator, strict, current.body());
            if (membership.isGroupType(type)) {
                engine.withMemberRules(membership.rulesFor(id));
            }
            JsonObject before = engine.result();
            operations.forEach(engine::apply);
            JsonObject after = membership.checkMembers(type, engine.result(), current.body());
            return sameAttributes(before, after) ? current : rewritten(type, current, after);
        });
    }

    /** Runs an atomic change in the backend, turning its failures into SCIM errors. */
    private JsonObject update(ResourceType type, String id, UnaryOperator<StoredResource> change) {
        try {
            return backend.update(type.id(), id, change).body();
        } catch (ResourceNotFoundException e) {
            throw notFound(type, id);
        } catch (UniquenessConflictException e) {
            throw conflict(e);
        }
    }

    /** The resource with new writable attributes: required checked, created kept, lastModified and version new. */
    private StoredResource rewritten(ResourceType type, StoredResource current, JsonObject attributes) {
        validator.checkRequired(type, attributes);
        validator.checkValueCounts(type, attributes);
        JsonObject meta = current.body().getJsonObject(CommonAttributes.META);
        JsonObject body = assemble(type, current.id(), attributes, meta.getString("created"), now());
        return new StoredResource(type.id(), current.id(), body, UniqueValue.of(type, body));
    }

    /**
     * Hashes the cleartext passwords a server from before passwords were hashed stored (a journal
     * it wrote, replayed at start); returns how many. Each resource keeps its meta and version: its
     * representation did not change. Each hash is made before the backend's write.
     */
    public int hashStoredCleartextPasswords() {
        int count = 0;
        for (ResourceType type : registry.resourceTypes()) {
            if (Passwords.attribute(type) == null) {
                continue;
            }
            for (StoredResource resource : backend.list(type.id())) {
                JsonString cleartext = passwords.cleartext(type, resource.body());
                if (cleartext == null) {
                    continue;
                }
                JsonString hash = ScimJson.createValue(passwords.hasher().hash(cleartext.getString()));
                try {
                    backend.update(type.id(), resource.id(), current -> {
                        JsonObject hashed = passwords.withHash(type, current.body(), cleartext, hash);
                        return hashed == null ? current // changed meanwhile
                                : new StoredResource(current.resourceType(), current.id(), hashed, current.uniqueValues());
                    });
                } catch (ResourceNotFoundException e) {
                    continue; // deleted meanwhile
                }
                count++;
            }
        }
        return count;
    }

    /**
     * Takes out of every group the members that name no User or Group: what a crash between a
     * delete's commit and the clean-up of the groups that listed it leaves behind (the clean-up runs
     * after the delete is durable). Reads every group and looks each member up, so it is meant for a
     * backend whose reads are cheap; run at start, before the server listens. Returns how many
     * members it took out.
     */
    public int dropDanglingMembers() {
        int dropped = 0;
        for (ResourceType type : registry.resourceTypes()) {
            if (!membership.isGroupType(type)) {
                continue;
            }
            for (StoredResource group : backend.list(type.id())) {
                List<String> unknown = membership.unknownMembers(group.body());
                if (!unknown.isEmpty()) {
                    dropped += dropDanglingMembers(type.id(), group.id(), Set.copyOf(unknown));
                }
            }
        }
        return dropped;
    }

    /**
     * Takes these members out of one group if they still name no User or Group, in one write that
     * gives the group a new version; for a backend that finds such members itself. Returns how many.
     */
    public int dropDanglingMembers(String groupType, String groupId, Set<String> memberIds) {
        Set<String> gone = new java.util.HashSet<>();
        for (String id : memberIds) {
            if (!membership.exists(id)) {
                gone.add(id);
            }
        }
        if (gone.isEmpty()) {
            return 0;
        }
        int[] dropped = {0};
        try {
            backend.update(groupType, groupId, current -> {
                JsonObject without = Membership.withoutMembers(current.body(), gone);
                if (without == null) {
                    return current;
                }
                dropped[0] = Membership.memberCount(current.body()) - Membership.memberCount(without);
                return touched(current, without);
            });
        } catch (ResourceNotFoundException e) {
            return 0; // the group went too
        }
        return dropped[0];
    }

    /** RFC 7644 §3.6; a deleted User or Group also leaves every group that listed it. */
    public void delete(ResourceType type, String id, Preconditions conditions) {
        try {
            backend.delete(type.id(), id, current -> conditions.checkWrite(version(current.body())));
        } catch (ResourceNotFoundException e) {
            throw notFound(type, id);
        }
        for (StoredResource group : membership.directGroups(id)) {
            try {
                backend.update(group.resourceType(), group.id(), current -> {
                    JsonObject without = Membership.withoutMember(current.body(), id);
                    return without == null ? current : touched(current, without);
                });
            } catch (ResourceNotFoundException e) {
                // The group went too; nothing left to clean.
            }
        }
    }

    /** The same resource with a new body: lastModified now, a new version. */
    private StoredResource touched(StoredResource current, JsonObject body) {
        JsonObject meta = ScimJson.createObjectBuilder(body.getJsonObject(CommonAttributes.META))
                .add("lastModified", now())
                .add("version", newVersion())
                .build();
        return new StoredResource(current.resourceType(), current.id(),
                ScimJson.createObjectBuilder(body).add(CommonAttributes.META, meta).build(), current.uniqueValues());
    }

    /**
     * Whether two attribute sets are equal. Untouched values are the same objects, so the common case
     * costs nothing; arrays of different length (a member added) are told apart without a walk.
     */
    private static boolean sameAttributes(JsonObject a, JsonObject b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, JsonValue> entry : a.entrySet()) {
            JsonValue x = entry.getValue();
            JsonValue y = b.get(entry.getKey());
            if (x == y) {
                continue;
            }
            if (x instanceof JsonArray xa && y instanceof JsonArray ya && xa.size() != ya.size()) {
                return false;
            }
            if (!x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** Every resource of a type, in creation order. */
    public List<JsonObject> list(ResourceType type) {
        return backend.list(type.id()).stream().map(StoredResource::body).toList();
    }

    /** The version (weak ETag) of a stored representation. */
    public static String version(JsonObject body) {
        return StoredResource.versionOf(body);
    }

    /** PUT semantics for attributes the client did not send, and the immutable check. */
    private JsonObject keepUnsentValues(ResourceType type, JsonObject current, JsonObject sent) {
        JsonObjectBuilder result = ScimJson.createObjectBuilder(sent);
        keep(CommonAttributes.ALL, current, sent, "", result);
        keep(type.schema().attributes(), current, sent, "", result);
        for (ResourceType.Extension extension : type.extensions()) {
            Schema schema = extension.schema();
            JsonObject currentExt = current.getJsonObject(schema.id());
            if (currentExt == null) {
                continue;
            }
            JsonObject sentExt = sent.containsKey(schema.id()) ? sent.getJsonObject(schema.id()) : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder ext = ScimJson.createObjectBuilder(sentExt);
            if (keep(schema.attributes(), currentExt, sentExt, schema.id() + ":", ext) || !sentExt.isEmpty()) {
                result.add(schema.id(), ext);
            }
        }
        return result.build();
    }

    /** Copies kept values into {@code target}; returns whether anything was copied. */
    private static boolean keep(List<Attribute> attributes, JsonObject current, JsonObject sent, String prefix,
                                JsonObjectBuilder target) {
        boolean copied = false;
        for (Attribute attribute : attributes) {
            JsonValue old = current.get(attribute.name());
            if (old == null) {
                continue;
            }
            JsonValue now = sent.get(attribute.name());
            if (attribute.mutability() == Mutability.IMMUTABLE && now != null && !old.equals(now)) {
                throw ScimException.mutability("The attribute '" + prefix + attribute.name()
                        + "' is immutable; it has a value and cannot be changed");
            }
            if (now == null && (attribute.mutability() == Mutability.WRITE_ONLY
                    || attribute.mutability() == Mutability.IMMUTABLE)) {
                target.add(attribute.name(), old);
                copied = true;
            }
        }
        return copied;
    }

    private static JsonObject assemble(ResourceType type, String id, JsonObject attributes, String created,
                                       String lastModified) {
        return assemble(type, id, attributes, created, lastModified, newVersion());
    }

    private static JsonObject assemble(ResourceType type, String id, JsonObject attributes, String created,
                                       String lastModified, String version) {
        JsonString createdValue = ScimJson.createValue(created);
        CompactJsonObject.Builder body = CompactJsonObject.builder(attributes.size() + 3)
                .add(CommonAttributes.SCHEMAS, schemasValue(type, attributes))
                .add(CommonAttributes.ID, id);
        attributes.forEach(body::add);
        body.add(CommonAttributes.META, CompactJsonObject.builder(4)
                .add("resourceType", TYPE_NAMES.computeIfAbsent(type.name(), ScimJson::createValue))
                .add("created", createdValue)
                .add("lastModified", lastModified.equals(created) ? createdValue : ScimJson.createValue(lastModified))
                .add("version", version)
                .build());
        return body.build();
    }

    /**
     * Values every resource of a type repeats (its {@code schemas}, its type's name), one instance
     * each: JSON values are immutable, and a million stored copies were millions of objects.
     * Bounded by the resource types and their extensions.
     */
    private static final Map<List<String>, JsonArray> SHARED_SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, JsonString> TYPE_NAMES = new ConcurrentHashMap<>();

    private static JsonArray schemasValue(ResourceType type, JsonObject attributes) {
        List<String> urns = new ArrayList<>(1 + type.extensions().size());
        urns.add(type.schema().id());
        for (ResourceType.Extension extension : type.extensions()) {
            if (attributes.containsKey(extension.schema().id())) {
                urns.add(extension.schema().id());
            }
        }
        return SHARED_SCHEMAS.computeIfAbsent(urns,
                key -> CompactJsonArray.of(urns.stream().map(urn -> (JsonValue) ScimJson.createValue(urn)).toList()));
    }

    private String now() {
        return TIMESTAMP.format(Instant.now(clock));
    }

    private static String newVersion() {
        return "W/\"" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "\"";
    }

    private static ScimException notFound(ResourceType type, String id) {
        return ScimException.notFound(type.name() + " '" + id + "' not found");
    }

    private static ScimException conflict(UniquenessConflictException e) {
        UniqueValue value = e.value();
        return ScimException.uniqueness("The value of '" + value.attribute() + "' (\"" + value.value()
                + "\") is already used by another resource; it must be unique"
                + (UniqueValue.GLOBAL.equals(value.scope()) ? "" : " among " + value.scope() + " resources"));
    }
}
