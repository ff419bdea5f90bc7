package dev.scimserver.config;

/** The server cannot start as asked; the message is the one line shown to the person who started it. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
