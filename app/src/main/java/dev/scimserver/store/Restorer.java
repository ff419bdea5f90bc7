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

    /**
     * Takes out of every group the members that name no User or Group (a crash between a delete and
     * the clean-up of its groups leaves such members); returns how many. It reads every group and
     * looks each member up: for a backend whose reads are cheap.
     */
    int dropDanglingMembers();

    /**
     * Takes these members out of one group if they still name no User or Group (a backend that finds
     * such members itself, in one query); returns how many.
     */
    int dropDanglingMembers(String groupType, String groupId, java.util.Set<String> memberIds);
}
