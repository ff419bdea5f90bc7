package dev.scimserver.core;

/**
 * Turns a password into the only form of it that is stored: a salted, deliberately slow hash, as
 * a self-describing string (its algorithm and parameters inside, so they can change later). The
 * server's is {@link Argon2id}; a test may pass its own to {@link ResourceService}.
 */
public interface PasswordHasher {
    /** A new hash of the password, with a new random salt: the same password twice gives two hashes. */
    String hash(String password);

    /**
     * Whether the text is a hash of this hasher's format (as our snapshot, journal, dump and database
     * hold it). Only a restore asks: what a client sends is hashed whatever it looks like.
     */
    boolean isHash(String text);

    /** Whether {@code password} is the password {@code hash} was made of; false for a text that is no hash. */
    boolean verify(String password, String hash);
}
