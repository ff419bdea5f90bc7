package dev.scimserver.store.jdbc;

/**
 * The database failed a request (it is gone, full, or refused a statement). Not the client's fault:
 * it becomes a 500 without details, and the cause goes to the log.
 */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
