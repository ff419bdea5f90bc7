package dev.scimserver.store.kit;

import dev.scimserver.core.Membership;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniquenessConflictException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.scimserver.store.kit.CrudChecks.assertSame;
import static dev.scimserver.store.kit.CrudChecks.search;
import static dev.scimserver.store.kit.Resources.GROUP;
import static dev.scimserver.store.kit.Resources.REGISTRY;
import static dev.scimserver.store.kit.Resources.USER;
import static dev.scimserver.store.kit.Resources.changed;
import static dev.scimserver.store.kit.Resources.group;
import static dev.scimserver.store.kit.Resources.member;
import static dev.scimserver.store.kit.Resources.newVersion;
import static dev.scimserver.store.kit.Resources.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Obligation 3 of {@link BackendContract}: {@code update} and {@code delete} act on the state they were shown. */
final class AtomicityChecks {
    /** How many read-modify-write increments each parallel writer makes. */
    static final int INCREMENTS_PER_WRITER = 5;

    private AtomicityChecks() {
    }

    /** What a function passed to update or delete throws to refuse, as core's If-Match throws its 412. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The counter the increment tests keep in {@code nickName}. */
    static int counter(StoredResource resource) {
        return Integer.parseInt(resource.body().getString("nickName"));
    }

    static StoredResource incremented(StoredResource current) {
        return changed(current, newVersion(), b -> b.add("nickName", String.valueOf(counter(current) + 1)));
    }

    static void parallelIncrementsLoseNothing(Backend backend, int writers) {
        backend.create(user("u-counter", "counter", 1, b -> b.add("nickName", "0")));

        List<Parallel.Outcome<List<StoredResource>>> outcomes = Parallel.run(writers, w -> () -> {
            List<StoredResource> written = new ArrayList<>();
            for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
                written.add(backend.update("User", "u-counter", AtomicityChecks::incremented));
            }
            return written;
        });

        assertThat(Parallel.failures(outcomes)).as("failed writers").isEmpty();
        int total = writers * INCREMENTS_PER_WRITER;
        List<StoredResource> written = outcomes.stream().flatMap(o -> o.value().stream()).toList();
        assertThat(written.stream().map(AtomicityChecks::counter).toList())
                .as("each update saw the state the one before it wrote").containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, total).boxed().toList());
        StoredResource last = written.stream().filter(r -> counter(r) == total).findFirst().orElseThrow();
        assertSame(backend.get("User", "u-counter"), last);
    }

    static void parallelIfMatchWritesLetOneWin(Backend backend, int writers) {
        StoredResource original = user("u-target", "target", 1);
        backend.create(original);
        String expected = original.version();

        List<Parallel.Outcome<StoredResource>> outcomes = Parallel.run(writers, w -> () ->
                backend.update("User", "u-target", current -> {
                    if (!current.version().equals(expected)) {
                        throw new Refused("If-Match " + expected + " but the version is " + current.version());
                    }
                    return changed(current, newVersion(), b -> b.add("title", "writer " + w));
                }));

        assertThat(Parallel.successes(outcomes)).as("writers whose If-Match held").isEqualTo(1);
        assertThat(Parallel.unexpected(outcomes, Refused.class)).as("failures other than the function's own").isEmpty();
        StoredResource winner = outcomes.stream().filter(Parallel.Outcome::succeeded).findFirst().orElseThrow().value();
        assertSame(backend.get("User", "u-target"), winner);
    }

    static void aThrowingUpdateChangesNothing(Backend backend) {
        StoredResource alice = CrudChecks.richUser("u-alice", "alice", 1);
        StoredResource bob = user("u-bob", "bob", 2);
        StoredResource admins = group("g-admins", "Admins", 3, List.of(member(alice, true)));
        List.of(alice, bob, admins).forEach(backend::create);
        Refused refusal = new Refused("no");

        assertThatThrownBy(() -> backend.update("User", "u-alice", current -> {
            changed(current, newVersion(), b -> b.add("userName", "alicia"));
            throw refusal;
        })).isSameAs(refusal);
        assertThatThrownBy(() -> backend.update("Group", "g-admins", current -> {
            Resources.withMembers(current, List.of(member(bob, true)));
            throw refusal;
        })).isSameAs(refusal);

        assertSame(backend.get("User", "u-alice"), alice);
        assertSame(backend.get("Group", "g-admins"), admins);
        assertThat(new Membership(backend, REGISTRY).directGroups("u-alice")).extracting(StoredResource::id).containsExactly("g-admins");
        assertThat(new Membership(backend, REGISTRY).directGroups("u-bob")).isEmpty();
        assertThatThrownBy(() -> backend.create(user("u-other", "ALICE", 4))).isInstanceOf(UniquenessConflictException.class);
        backend.create(user("u-alicia", "alicia", 5)); // the refused update took no value
    }

    static void aRefusingDeletePreconditionDeletesNothing(Backend backend) {
        StoredResource alice = CrudChecks.richUser("u-alice", "alice", 1);
        StoredResource admins = group("g-admins", "Admins", 2, List.of(member(alice, true)));
        backend.create(alice);
        backend.create(admins);
        Refused refusal = new Refused("If-Match failed");

        assertThatThrownBy(() -> backend.delete("User", "u-alice", current -> {
            throw refusal;
        })).isSameAs(refusal);
        assertThatThrownBy(() -> backend.delete("Group", "g-admins", current -> {
            throw refusal;
        })).isSameAs(refusal);

        assertSame(backend.get("User", "u-alice"), alice);
        assertSame(backend.get("Group", "g-admins"), admins);
        assertThat(search(backend, USER, "userName eq \"alice\"")).containsExactly("u-alice");
        assertThat(search(backend, GROUP, "members.value eq \"u-alice\"")).containsExactly("g-admins");
        assertThatThrownBy(() -> backend.create(user("u-other", "Alice", 3))).isInstanceOf(UniquenessConflictException.class);
    }

    static void parallelIfMatchDeletesDeleteOnce(Backend backend, int writers) {
        StoredResource target = user("u-target", "target", 1);
        backend.create(target);

        List<Parallel.Outcome<String>> outcomes = Parallel.run(writers, w -> () -> {
            backend.delete("User", "u-target", current -> {
                if (!current.version().equals(target.version())) {
                    throw new Refused("If-Match failed");
                }
            });
            return "deleted";
        });

        assertThat(Parallel.successes(outcomes)).as("deletes that succeeded").isEqualTo(1);
        assertThat(Parallel.unexpected(outcomes, ResourceNotFoundException.class)).as("other failures").isEmpty();
        assertThat(backend.get("User", "u-target")).isEmpty();
    }

    /**
     * Writers increment a counter while one of them deletes the resource: every update after the
     * delete is not found, and none brings the resource (or its unique value) back.
     */
    static void updatesRacingADeleteNeverBringItBack(Backend backend, int writers) {
        StoredResource target = user("u-target", "target", 1, b -> b.add("nickName", "0"));
        backend.create(target);
        int deleteAfter = INCREMENTS_PER_WRITER;

        List<Parallel.Outcome<Integer>> outcomes = Parallel.run(writers, w -> () -> {
            int done = 0;
            for (int i = 0; i < 4 * INCREMENTS_PER_WRITER; i++) {
                if (w == 0 && i == deleteAfter) {
                    backend.delete("User", "u-target", current -> { });
                    return -1;
                }
                try {
                    backend.update("User", "u-target", AtomicityChecks::incremented);
                    done++;
                } catch (ResourceNotFoundException e) {
                    return done;
                }
            }
            return done;
        });

        assertThat(Parallel.failures(outcomes)).as("failed writers").isEmpty();
        assertThat(backend.get("User", "u-target")).isEmpty();
        assertThat(backend.list("User")).isEmpty();
        assertThat(search(backend, USER, "userName eq \"target\"")).isEmpty();
        backend.create(user("u-again", "Target", 2)); // its userName is free
        assertThat(Resources.ids(backend.list("User"))).containsExactly("u-again");
    }
}
