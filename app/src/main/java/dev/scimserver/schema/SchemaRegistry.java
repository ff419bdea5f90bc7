package dev.scimserver.schema;

import dev.scimserver.json.ScimJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schemas and resource types this server serves. Built once at start from the RFC 7643
 * defaults plus any {@code --schema} / {@code --resource-type} files (a file's definition with
 * the same id replaces the default), and immutable afterwards.
 */
public final class SchemaRegistry {
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** Endpoints the protocol itself owns; a resource type may not take them. */
    private static final Set<String> RESERVED_ENDPOINTS = Set.of(
            "/schemas", "/resourcetypes", "/serviceproviderconfig", "/bulk", "/me", "/.search", "/v2");

    private final Map<String, Schema> schemas;
    private final Map<String, ResourceType> resourceTypes;
    private final Map<String, ResourceType> byEndpoint;

    private SchemaRegistry(Map<String, Schema> schemas, Map<String, ResourceType> resourceTypes) {
        this.schemas = schemas;
        this.resourceTypes = resourceTypes;
        Map<String, ResourceType> endpoints = new LinkedHashMap<>();
        for (ResourceType type : resourceTypes.values()) {
            endpoints.put(type.pathSegment().toLowerCase(Locale.ROOT), type);
        }
        this.byEndpoint = endpoints;
    }

    /** The RFC 7643 defaults: User (with the Enterprise User extension) and Group. */
    public static SchemaRegistry defaults() {
        return load(List.of(), List.of());
    }

    /** The defaults plus the definitions in these files; throws {@link SchemaDefinitionException} naming the file at fault. */
    public static SchemaRegistry load(List<Path> schemaFiles, List<Path> resourceTypeFiles) {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (JsonObject json : objects(resource("scim/default-schemas.json"), "built-in schemas")) {
            put(schemas, SchemaReader.read(json, "built-in schemas"));
        }
        for (JsonObject json : objects(resource("scim/discovery-schemas.json"), "built-in schemas")) {
            put(schemas, SchemaReader.read(json, "built-in schemas"));
        }
        for (Path file : schemaFiles) {
            for (JsonObject json : objects(file(file), file.toString())) {
                put(schemas, SchemaReader.read(json, file.toString()));
            }
        }
        List<Map.Entry<String, JsonObject>> typeDefinitions = new ArrayList<>();
        for (JsonObject json : objects(resource("scim/default-resource-types.json"), "built-in resource types")) {
            typeDefinitions.add(Map.entry("built-in resource types", json));
        }
        for (Path file : resourceTypeFiles) {
            for (JsonObject json : objects(file(file), file.toString())) {
                typeDefinitions.add(Map.entry(file.toString(), json));
            }
        }
        Map<String, ResourceType> types = new LinkedHashMap<>();
        // Where each type was defined, so an endpoint clash names the file to fix.
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> definition : typeDefinitions) {
            ResourceType type = resourceType(definition.getValue(), definition.getKey(), schemas);
            types.put(type.id().toLowerCase(Locale.ROOT), type);
            sources.put(type.id().toLowerCase(Locale.ROOT), definition.getKey());
        }
        checkEndpoints(types.values(), sources);
        return new SchemaRegistry(schemas, types);
    }

    public Collection<Schema> schemas() {
        return schemas.values();
    }

    public Schema schema(String urn) {
        return schemas.get(urn.toLowerCase(Locale.ROOT));
    }

    public Collection<ResourceType> resourceTypes() {
        return resourceTypes.values();
    }

    public ResourceType resourceType(String id) {
        return resourceTypes.get(id.toLowerCase(Locale.ROOT));
    }

    /** The resource type whose core schema is this URN (e.g. {@link #GROUP}), or null when none is. */
    public ResourceType resourceTypeWithSchema(String urn) {
        for (ResourceType type : resourceTypes.values()) {
            if (type.schema().id().equalsIgnoreCase(urn)) {
                return type;
            }
        }
        return null;
    }

    /** The resource type served at this path segment ("Users"), in any case, or null. */
    public ResourceType byEndpoint(String segment) {
        return byEndpoint.get(segment.toLowerCase(Locale.ROOT));
    }

    private static void put(Map<String, Schema> schemas, Schema schema) {
        schemas.put(schema.id().toLowerCase(Locale.ROOT), schema);
    }

    private static ResourceType resourceType(JsonObject json, String source, Map<String, Schema> schemas) {
        String name = SchemaReader.requiredString(json, "name", source + ": a resource type");
        String where = source + ": resource type " + name;
        String id = SchemaReader.optionalString(json, "id", name, where);
        String endpoint = SchemaReader.requiredString(json, "endpoint", where);
        if (!endpoint.startsWith("/") || endpoint.length() < 2 || endpoint.indexOf('/', 1) >= 0) {
            throw new SchemaDefinitionException(where + ": \"endpoint\" must look like \"/Things\"");
        }
        String schemaUrn = SchemaReader.requiredString(json, "schema", where);
        Schema schema = schemas.get(schemaUrn.toLowerCase(Locale.ROOT));
        if (schema == null) {
            throw new SchemaDefinitionException(where + ": schema " + schemaUrn + " is not defined (add it with --schema)");
        }
        List<ResourceType.Extension> extensions = new ArrayList<>();
        JsonValue extensionsJson = json.get("schemaExtensions");
        if (extensionsJson instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (!(item instanceof JsonObject extension)) {
                    throw new SchemaDefinitionException(where + ": every \"schemaExtensions\" entry must be an object");
                }
                String urn = SchemaReader.requiredString(extension, "schema", where + ": a schema extension");
                Schema extensionSchema = schemas.get(urn.toLowerCase(Locale.ROOT));
                if (extensionSchema == null) {
                    throw new SchemaDefinitionException(where + ": extension schema " + urn + " is not defined (add it with --schema)");
                }
                extensions.add(new ResourceType.Extension(extensionSchema,
                        SchemaReader.bool(extension, "required", false, where)));
            }
        } else if (extensionsJson != null && extensionsJson != JsonValue.NULL) {
            throw new SchemaDefinitionException(where + ": \"schemaExtensions\" must be an array");
        }
        return new ResourceType(id, name, endpoint, SchemaReader.optionalString(json, "description", "", where),
                schema, extensions, json);
    }

    private static void checkEndpoints(Collection<ResourceType> types, Map<String, String> sources) {
        Map<String, ResourceType> seen = new LinkedHashMap<>();
        for (ResourceType type : types) {
            String source = sources.get(type.id().toLowerCase(Locale.ROOT));
            String key = type.endpoint().toLowerCase(Locale.ROOT);
            if (RESERVED_ENDPOINTS.contains(key)) {
                throw new SchemaDefinitionException(source + ": resource type " + type.name() + ": endpoint "
                        + type.endpoint() + " is reserved by the SCIM protocol");
            }
            ResourceType other = seen.put(key, type);
            if (other != null) {
                throw new SchemaDefinitionException(source + ": resource types " + other.name() + " ("
                        + sources.get(other.id().toLowerCase(Locale.ROOT)) + ") and " + type.name()
                        + " share the endpoint " + type.endpoint());
            }
        }
    }

    private static List<JsonObject> objects(JsonValue document, String source) {
        if (!(document instanceof JsonArray array)) {
            throw new SchemaDefinitionException(source + ": expected a JSON array of definitions");
        }
        List<JsonObject> result = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject object)) {
                throw new SchemaDefinitionException(source + ": every entry of the array must be a JSON object");
            }
            result.add(object);
        }
        return result;
    }

    private static JsonValue resource(String name) {
        try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource " + name);
            }
            return parse(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonValue file(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new SchemaDefinitionException(file + ": no such file");
        } catch (IOException e) {
            throw new SchemaDefinitionException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static JsonValue parse(InputStream in, String source) {
        try (JsonReader reader = ScimJson.createReader(in)) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw new SchemaDefinitionException(source + ": invalid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber());
        } catch (jakarta.json.JsonException e) {
            throw new SchemaDefinitionException(source + ": invalid JSON (" + e.getMessage() + ")");
        }
    }
}
