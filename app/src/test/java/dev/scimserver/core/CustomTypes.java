package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A registry with the defaults plus two custom resource types sharing one core schema, built from
 * files the way {@code --schema} / {@code --resource-type} load them. The schema has one attribute
 * per characteristic the default schemas lack: every data type, immutable, request-only, caseExact
 * and global uniqueness; Gadget requires its extension, Device does not.
 */
public final class CustomTypes {
    static final String DEVICE = "urn:example:Device";
    static final String OWNER = "urn:example:DeviceOwner";

    static final String SCHEMAS = """
            [
              {
                "id": "urn:example:Device",
                "name": "Device",
                "attributes": [
                  {"name": "name", "type": "string", "required": true, "uniqueness": "server"},
                  {"name": "serialNumber", "type": "string", "caseExact": true, "uniqueness": "server"},
                  {"name": "assetTag", "type": "string", "uniqueness": "global"},
                  {"name": "firmware", "type": "string", "mutability": "immutable"},
                  {"name": "weight", "type": "decimal"},
                  {"name": "ports", "type": "integer"},
                  {"name": "installed", "type": "dateTime"},
                  {"name": "image", "type": "binary"},
                  {"name": "vendorUrl", "type": "reference", "referenceTypes": ["external"]},
                  {"name": "enabled", "type": "boolean"},
                  {"name": "tags", "type": "string", "multiValued": true},
                  {"name": "secret", "type": "string", "returned": "request"},
                  {"name": "pin", "type": "string", "mutability": "writeOnly", "returned": "never"},
                  {"name": "location", "type": "complex", "subAttributes": [
                    {"name": "building", "type": "string"},
                    {"name": "room", "type": "string"},
                    {"name": "note", "type": "string", "returned": "request"}
                  ]},
                  {"name": "readings", "type": "complex", "multiValued": true, "subAttributes": [
                    {"name": "value", "type": "decimal", "required": true},
                    {"name": "at", "type": "dateTime"}
                  ]}
                ]
              },
              {
                "id": "urn:example:DeviceOwner",
                "name": "DeviceOwner",
                "attributes": [
                  {"name": "owner", "type": "string", "required": true},
                  {"name": "badge", "type": "string", "mutability": "immutable"}
                ]
              }
            ]
            """;

    static final String RESOURCE_TYPES = """
            [
              {
                "id": "Device",
                "name": "Device",
                "endpoint": "/Devices",
                "schema": "urn:example:Device",
                "schemaExtensions": [{"schema": "urn:example:DeviceOwner", "required": false}]
              },
              {
                "id": "Gadget",
                "name": "Gadget",
                "endpoint": "/Gadgets",
                "schema": "urn:example:Device",
                "schemaExtensions": [{"schema": "urn:example:DeviceOwner", "required": true}]
              }
            ]
            """;

    private CustomTypes() {
    }

    public static SchemaRegistry registry(Path directory) {
        try {
            Path schemas = Files.writeString(directory.resolve("device-schemas.json"), SCHEMAS);
            Path types = Files.writeString(directory.resolve("device-types.json"), RESOURCE_TYPES);
            return SchemaRegistry.load(List.of(schemas), List.of(types));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResourceType device(SchemaRegistry registry) {
        return registry.resourceType("Device");
    }

    static ResourceType gadget(SchemaRegistry registry) {
        return registry.resourceType("Gadget");
    }
}
