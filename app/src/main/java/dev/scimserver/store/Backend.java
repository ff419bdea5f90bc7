package dev.scimserver.store;


import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where resources live. The seam for a fork's own store: implement this and the HTTP and SCIM
 * layers above stay as they are.
 *
 * <p>Every write is atomic, and a backend enforces uniqueness itself, inside the write: two
 * parallel creates of one unique value must give one success and one
 * {@link UniquenessConflictException}. {@link #update} runs its function against the current
 * state with no other write in between, which is what makes conditional (If-Match) and
 * read-modify-write updates safe.
 */
public interface Backend extends AutoCloseable {

    /** Adds a new resource; throws {@link UniquenessConflictException} when a unique value is taken. */
    default void create(StoredResource resource) {
        create(resource, accepted -> { });
    }

    /**
     * Adds a new resource whose members must still exist when it is stored. {@code membersExist}
     * throws when a member of the new group names nothing (nothing is written then); the backend runs
     * it where no delete can come between the check and the write (the in-memory backend under its
     * write lock), so a member deleted after core checked it is not stored. A backend that locks the
     * row of each member it writes and refuses one that is gone, as the JDBC backend does, need not
     * run it.
     */
    void create(StoredResource resource, Consumer<StoredResource> membersExist);

    Optional<StoredResource> get(String resourceType, String id);

    /**
     * Replaces a resource with {@code change.apply(current)}, atomically. The function may throw to
     * abandon the update (nothing is written). Throws {@link ResourceNotFoundException} when there is
     * no such resource and {@link UniquenessConflictException} when the new unique values are taken.
     */
    StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change);

    /**
     * Deletes a resource after {@code precondition} accepted its current state (it throws to refuse).
     * Throws {@link ResourceNotFoundException} when there is no such resource.
     */
    void delete(String resourceType, String id, Consumer<StoredResource> precondition);

    /** Every resource of one type, in a stable order (creation, then id). */
    List<StoredResource> list(String resourceType);

    /**
     * One page of the resources of {@code query.type()} that match its filter, in its sort order
     * (or the backend's stable default order), with the total number of matches.
     */
    SearchPage search(SearchQuery query);

    /** Every resource of every type; what a dump writes. */
    List<StoredResource> all();

    @Override
    default void close() {
    }
}
