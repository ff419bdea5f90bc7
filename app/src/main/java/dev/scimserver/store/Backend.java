package dev.scimserver.store;


import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Where resources live. The seam for a fork's own store: implement this, offer it through a
 * {@link BackendProvider}, and the HTTP and SCIM layers above stay as they are. The contract kit
 * ({@code dev.scimserver.store.kit.BackendContract} in the app's test-jar) proves an implementation
 * keeps these obligations:
 *
 * <ul>
 * <li>Every write is atomic, and a backend enforces uniqueness itself, inside the write: two
 * parallel creates of one unique value must give one success and one
 * {@link UniquenessConflictException}. The values are {@link StoredResource#uniqueValues()},
 * already normalised by the layer above, so a backend compares them exactly.</li>
 * <li>{@link #update} runs its function against the current state with no other write in between,
 * which is what makes conditional (If-Match) and read-modify-write updates safe; a function that
 * throws writes nothing.</li>
 * <li>Ids, {@code meta.created} and versions ({@code meta.version}, {@link StoredResource#versionOf})
 * are made by the layer above and only kept here: a backend stores the body it is given and hands
 * back the same.</li>
 * <li>{@link #search} answers every filter the grammar has (the compiled filter's predicate is the
 * reference; a backend may narrow first and re-check) with a stable order. The layer above asks
 * {@code members.value eq "<id>"} of the Group type on every read of a User, to compute its
 * {@code groups}: that search must be cheap (an index, not a walk over every group's members).</li>
 * <li>A member never names a resource that is gone (see {@link #create(StoredResource, Consumer)}).</li>
 * </ul>
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
     * abandon the update (nothing is written). A backend may call it more than once (the H2 backend
     * starts over with the new state when another server changed the row in between), so it must
     * have no effect but its result. Throws {@link ResourceNotFoundException} when there is
     * no such resource and {@link UniquenessConflictException} when the new unique values are taken.
     */
    StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change);

    /**
     * Deletes a resource after {@code precondition} accepted its current state (it throws to refuse).
     * Throws {@link ResourceNotFoundException} when there is no such resource.
     */
    void delete(String resourceType, String id, Consumer<StoredResource> precondition);

    /**
     * Every resource of one type, in a stable order: the order they were created in (the in-memory
     * backend orders by {@code meta.created}, then id; the H2 one by insertion; a restore keeps
     * {@code meta.created}, so the two agree after one).
     */
    List<StoredResource> list(String resourceType);

    /**
     * One page of the resources of {@code query.type()} that match its filter, in its sort order
     * (or the backend's stable default order), with the total number of matches.
     */
    SearchPage search(SearchQuery query);

    /**
     * For each member id, the groups whose members name it ({@link SearchQuery#membersNaming}): what a
     * page of a list needs for the computed {@code groups} of its resources. The default runs that
     * search once per id; a backend whose every search is a round trip to a database answers them
     * all at once. Each list is in the backend's default order, as the search would give it.
     */
    default java.util.Map<String, List<StoredResource>> groupsNaming(dev.scimserver.schema.ResourceType groupType,
                                                                   java.util.Collection<String> memberIds) {
        java.util.Map<String, List<StoredResource>> groups = new java.util.LinkedHashMap<>();
        for (String id : memberIds) {
            groups.put(id, search(SearchQuery.membersNaming(groupType, id)).resources());
        }
        return groups;
    }

    /** Every resource of every type; what a dump writes. */
    List<StoredResource> all();

    /**
     * Runs writes whose waits for the disk may be shared: each write inside is atomic and visible at
     * once as always, but may return before it is durable, and this returns only once every write it
     * ran is durable (also when {@code writes} throws). A bulk request runs its operations so, and
     * answers after. The default waits for each write, as outside.
     */
    default <T> T durableTogether(Supplier<T> writes) {
        return writes.get();
    }

    /** Whether the backend holds no resource; {@code --restore} loads only into an empty one. */
    default boolean isEmpty() {
        return all().isEmpty();
    }

    @Override
    default void close() {
    }
}
