package dev.scimserver.store;

/**
 * The backend cannot start: a wrong setting, a store that cannot be reached, damaged data. The
 * message is the one line the person starting the server reads (exit code 2), so it says what is
 * wrong and where, never a stack trace.
 */
public class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
