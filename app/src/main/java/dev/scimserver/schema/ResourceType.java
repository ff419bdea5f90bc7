package dev.scimserver.schema;

import jakarta.json.JsonObject;

import java.util.List;

/**
 * A resource type (RFC 7643 §6): its endpoint, core schema and schema extensions, resolved
 * against the registered schemas, and the representation {@code /ResourceTypes} serves.
 */
public record ResourceType(String id, String name, String endpoint, String description, Schema schema,
                           List<Extension> extensions, JsonObject representation) {

    /** A schema extension of a resource type; {@code required} means every resource must carry it. */
    public record Extension(Schema schema, boolean required) {
    }

    public ResourceType {
        extensions = List.copyOf(extensions);
    }

    /** The extension whose URN equals this one in any case, or null. */
    public Extension extension(String urn) {
        for (Extension e : extensions) {
            if (e.schema().id().equalsIgnoreCase(urn)) {
                return e;
            }
        }
        return null;
    }

    /** The endpoint without its leading slash, as it appears in a request path segment. */
    public String pathSegment() {
        return endpoint.startsWith("/") ? endpoint.substring(1) : endpoint;
    }
}
