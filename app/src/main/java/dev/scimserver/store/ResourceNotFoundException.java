package dev.scimserver.store;

/** No resource of that type has that id. */
public final class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException(String resourceType, String id) {
        super(resourceType + " " + id + " not found", null, false, false);
    }
}
