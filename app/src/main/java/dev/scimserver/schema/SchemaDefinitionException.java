package dev.scimserver.schema;

/** A schema or resource-type definition that cannot be used; the message names the source and the fault. */
public final class SchemaDefinitionException extends RuntimeException {
    public SchemaDefinitionException(String message) {
        super(message);
    }
}
