package dev.scimserver.store;

/** A write would give a unique value to a second resource; nothing was written. */
public final class UniquenessConflictException extends RuntimeException {
    private final UniqueValue value;

    public UniquenessConflictException(UniqueValue value) {
        super("unique value taken: " + value, null, false, false);
        this.value = value;
    }

    public UniqueValue value() {
        return value;
    }
}
