package dev.scimserver.core;

import dev.scimserver.json.CompactJsonObject;
import dev.scimserver.json.ScimJson;
import dev.scimserver.patch.PatchOperation;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.PatchPath;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.AttributeType;
import dev.scimserver.schema.ResourceType;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a write carries a password (the core User schema's {@code password}, RFC 7643 §4.1.1) and
 * its replacement by a hash. {@link ResourceService} calls it before the backend's write, so the
 * slow hash runs outside any lock and no other writer waits for it.
 */
final class Passwords {
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String NAME = "password";

    private final PasswordHasher hasher;

    Passwords(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    PasswordHasher hasher() {
        return hasher;
    }

    /** The password attribute of the type (a type whose core schema is User), or null. */
    static Attribute attribute(ResourceType type) {
        if (!type.schema().id().equalsIgnoreCase(USER_SCHEMA)) {
            return null;
        }
        Attribute attribute = type.schema().attribute(NAME);
        return attribute != null && attribute.type() == AttributeType.STRING && !attribute.multiValued() ? attribute : null;
    }

    /**
     * A client's checked attributes ({@link ResourceValidator#writableAttributes}) with the password
     * hashed. Always hashed, also a text that looks like a hash: a client cannot plant one.
     */
    JsonObject hashed(ResourceType type, JsonObject attributes) {
        Attribute attribute = attribute(type);
        return attribute != null && attributes.get(attribute.name()) instanceof JsonString password
                ? with(CompactJsonObject.shortLivedBuilder(attributes.size()), attributes, attribute.name(),
                        ScimJson.createValue(hasher.hash(password.getString())))
                : attributes;
    }

    /**
     * A restored resource's attributes: a hash of ours (our snapshot, dump or database wrote it) is
     * kept as it is, never hashed twice; a cleartext password (the Python scim2-server's dumps hold
     * them) is hashed.
     */
    JsonObject restored(ResourceType type, JsonObject attributes) {
        return cleartext(type, attributes) != null ? hashed(type, attributes) : attributes;
    }

    /** The password a stored body (or attributes) holds when it is not a hash (written before passwords were hashed), or null. */
    JsonString cleartext(ResourceType type, JsonObject body) {
        Attribute attribute = attribute(type);
        return attribute != null && body.get(attribute.name()) instanceof JsonString password
                && !hasher.isHash(password.getString()) ? password : null;
    }

    /** A stored body with its cleartext password replaced by this hash, or null when it holds no such password. */
    JsonObject withHash(ResourceType type, JsonObject body, JsonString cleartext, JsonString hash) {
        Attribute attribute = attribute(type);
        return cleartext.equals(cleartext(type, body))
                ? with(CompactJsonObject.builder(body.size()), body, attribute.name(), hash) : null;
    }

    /**
     * The operations with every password value hashed, in the three forms that name it: the path
     * {@code password}, the path {@code urn:ietf:params:scim:schemas:core:2.0:User:password}, and a
     * key of a path-less value naming either (in any case). Each is found as {@link PatchEngine}
     * resolves it. A value that is not a string stays, for the engine to refuse.
     */
    List<PatchOperation> hashed(ResourceType type, List<PatchOperation> operations) {
        Attribute password = attribute(type);
        if (password == null) {
            return operations;
        }
        List<PatchOperation> result = null;
        for (int i = 0; i < operations.size(); i++) {
            PatchOperation operation = operations.get(i);
            PatchOperation hashed = hashed(type, password, operation);
            if (hashed != operation && result == null) {
                result = new ArrayList<>(operations.subList(0, i));
            }
            if (result != null) {
                result.add(hashed);
            }
        }
        return result == null ? operations : result;
    }

    private PatchOperation hashed(ResourceType type, Attribute password, PatchOperation operation) {
        if (operation.op() == PatchOperation.Op.REMOVE) {
            return operation;
        }
        if (operation.path() != null) {
            return names(type, password, operation.path()) && operation.value() instanceof JsonString value
                    ? new PatchOperation(operation.op(), operation.path(), operation.text(), hash(value))
                    : operation;
        }
        if (!(operation.value() instanceof JsonObject values)) {
            return operation;
        }
        JsonObjectBuilder changed = null;
        for (Map.Entry<String, JsonValue> entry : values.entrySet()) {
            if (entry.getValue() instanceof JsonString value && names(type, password, entry.getKey())) {
                if (changed == null) {
                    changed = ScimJson.createObjectBuilder(values);
                }
                changed.add(entry.getKey(), hash(value)); // in its place: the JSON builder keeps the order
            }
        }
        return changed == null ? operation
                : new PatchOperation(operation.op(), null, operation.text(), changed.build());
    }

    /** Whether a key of a path-less value names the password, as {@link PatchEngine} reads the key. */
    private static boolean names(ResourceType type, Attribute password, String key) {
        if (key.length() < NAME.length() || !key.regionMatches(true, key.length() - NAME.length(), NAME, 0, NAME.length())) {
            return false; // the common case, without parsing
        }
        try {
            return names(type, password, ScimFilters.parsePath(key));
        } catch (FilterParseException e) {
            return false;
        }
    }

    private static boolean names(ResourceType type, Attribute password, PatchPath path) {
        if (path.valueFilter() != null || path.subAttribute() != null || path.attribute().subAttribute() != null) {
            return false;
        }
        ResolvedPath resolved = ResolvedPath.resolve(type, path.attribute());
        return resolved != null && resolved.extension() == null && resolved.attribute() == password;
    }

    private JsonString hash(JsonString password) {
        return ScimJson.createValue(hasher.hash(password.getString()));
    }

    /** The attributes (or a stored body) with a new password value, in the same order. */
    private static JsonObject with(CompactJsonObject.Builder result, JsonObject attributes, String name, JsonString password) {
        attributes.forEach(result::add);
        return result.add(name, password).build();
    }
}
