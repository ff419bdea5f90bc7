package dev.scimserver.store;

import java.nio.file.Path;

/**
 * What the server does for a backend at start, with the checks of a POST: the server implements it
 * (it needs the SCIM layer above the store), a {@link BackendProvider#restore} calls it.
 */
public interface Restorer {
    /**
     * Loads a dump or a snapshot into the backend, every resource checked as a POST would be, ids,
     * {@code meta.created} and versions kept; returns how many. A bad dump throws
     * {@link BackendException} naming the resource.
     */
    int restore(Path dump);

    /**
     * Hashes the cleartext passwords that stored Users still carry (a journal written before
     * passwords were hashed); returns how many.
     */
    int hashStoredCleartextPasswords();
}
