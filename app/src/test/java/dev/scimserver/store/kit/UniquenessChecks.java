package dev.scimserver.store.kit;

import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static dev.scimserver.store.kit.CrudChecks.assertSame;
import static dev.scimserver.store.kit.CrudChecks.search;
import static dev.scimserver.store.kit.Resources.USER;
import static dev.scimserver.store.kit.Resources.changed;
import static dev.scimserver.store.kit.Resources.ids;
import static dev.scimserver.store.kit.Resources.newVersion;
import static dev.scimserver.store.kit.Resources.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Obligation 4 of {@link BackendContract}: a unique value is held by one resource at most, checked
 * inside the write. The values come normalised from core ({@link UniqueValue#of} lower-cases a
 * userName), so "Alice" and "ALICE" are the same value and the backend compares exactly.
 */
final class UniquenessChecks {
    private UniquenessChecks() {
    }

    /** The same userName in another case for each writer. */
    static String spelling(String name, int writer) {
        return switch (writer % 3) {
            case 0 -> name;
            case 1 -> name.toUpperCase(Locale.ROOT);
            default -> name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        };
    }

    static void parallelCreatesOfOneUserNameLetOneWin(Backend backend, int writers) {
        List<StoredResource> candidates = IntStream.range(0, writers)
                .mapToObj(w -> user("u-" + w, spelling("race.winner", w), w)).toList();
        assertThat(candidates.stream().flatMap(c -> c.uniqueValues().stream()).distinct().toList())
                .as("core's normalised values").containsExactly(new UniqueValue("User", "userName", "race.winner"));

        List<Parallel.Outcome<String>> outcomes = Parallel.run(writers, w -> () -> {
            backend.create(candidates.get(w));
            return candidates.get(w).id();
        });

        assertThat(Parallel.successes(outcomes)).as("creates that succeeded").isEqualTo(1);
        assertThat(Parallel.unexpected(outcomes, UniquenessConflictException.class)).as("other failures").isEmpty();
        assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(o -> ((UniquenessConflictException) o.failure()).value()))
                .as("the value each refusal names").containsOnly(new UniqueValue("User", "userName", "race.winner"));
        String winner = outcomes.stream().filter(Parallel.Outcome::succeeded).findFirst().orElseThrow().value();
        assertThat(ids(backend.list("User"))).containsExactly(winner);
        assertThat(search(backend, USER, "userName eq \"RACE.WINNER\"")).containsExactly(winner);
    }

    static void parallelCreatesOfDifferentValuesAllSucceed(Backend backend, int writers) {
        List<Parallel.Outcome<String>> outcomes = Parallel.run(writers, w -> () -> {
            backend.create(user("u-" + w, "user-" + w, w));
            return "u-" + w;
        });

        assertThat(Parallel.failures(outcomes)).isEmpty();
        assertThat(backend.list("User")).hasSize(writers);
    }

    static void anUpdateToATakenValueIsRefusedAndChangesNothing(Backend backend) {
        StoredResource alice = user("u-alice", "alice", 1);
        StoredResource bob = user("u-bob", "bob", 2, b -> b.add("title", "Builder"));
        backend.create(alice);
        backend.create(bob);

        assertThatThrownBy(() -> backend.update("User", "u-bob",
                current -> changed(current, newVersion(), b -> b.add("userName", "ALICE").add("title", "Thief"))))
                .isInstanceOfSatisfying(UniquenessConflictException.class,
                        e -> assertThat(e.value()).isEqualTo(new UniqueValue("User", "userName", "alice")));

        assertSame(backend.get("User", "u-bob"), bob);
        assertSame(backend.get("User", "u-alice"), alice);
        assertThatThrownBy(() -> backend.create(user("u-3", "Bob", 3))).as("bob keeps its value")
                .isInstanceOf(UniquenessConflictException.class);
        assertThatThrownBy(() -> backend.create(user("u-4", "alice", 4))).as("alice keeps hers")
                .isInstanceOf(UniquenessConflictException.class);
        assertThat(search(backend, USER, "userName eq \"alice\"")).containsExactly("u-alice");
    }

    static void parallelRenamesToOneValueLetOneWin(Backend backend, int writers) {
        List<StoredResource> users = IntStream.range(0, writers).mapToObj(w -> user("u-" + w, "before-" + w, w)).toList();
        users.forEach(backend::create);

        List<Parallel.Outcome<StoredResource>> outcomes = Parallel.run(writers, w -> () -> backend.update("User", "u-" + w,
                current -> changed(current, newVersion(), b -> b.add("userName", spelling("the.one", w)))));

        assertThat(Parallel.successes(outcomes)).as("renames that succeeded").isEqualTo(1);
        assertThat(Parallel.unexpected(outcomes, UniquenessConflictException.class)).as("other failures").isEmpty();
        for (int w = 0; w < writers; w++) {
            Parallel.Outcome<StoredResource> outcome = outcomes.get(w);
            assertSame(backend.get("User", "u-" + w), outcome.succeeded() ? outcome.value() : users.get(w));
        }
        assertThat(search(backend, USER, "userName eq \"the.one\"")).hasSize(1);
        assertThat(search(backend, USER, "userName sw \"before-\"")).hasSize(writers - 1);
    }

    static void aValueIsFreedByDeleteAndByRename(Backend backend) {
        backend.create(user("u-alice", "alice", 1));
        backend.create(user("u-carol", "carol", 2));

        backend.update("User", "u-carol", current -> changed(current, newVersion(), b -> b.add("title", "kept")));
        backend.update("User", "u-carol", current -> changed(current, newVersion(), b -> b.add("userName", "CAROL")));
        assertThatThrownBy(() -> backend.create(user("u-x", "Carol", 3))).as("carol keeps her value across updates")
                .isInstanceOf(UniquenessConflictException.class);

        backend.update("User", "u-carol", current -> changed(current, newVersion(), b -> b.add("userName", "caroline")));
        backend.delete("User", "u-alice", current -> { });

        backend.create(user("u-carol2", "Carol", 4));
        backend.create(user("u-alice2", "ALICE", 5));
        assertThat(ids(backend.list("User"))).containsExactly("u-carol", "u-carol2", "u-alice2");
        assertThatThrownBy(() -> backend.create(user("u-y", "Caroline", 6))).isInstanceOf(UniquenessConflictException.class);
    }

    /** Values that are not unique (externalId, displayName, emails) may repeat; only the ones core lists are checked. */
    static void onlyUniqueValuesConflict(Backend backend) {
        backend.create(user("u-1", "one", 1, b -> b.add("externalId", "same").add("displayName", "Same")));
        backend.create(user("u-2", "two", 2, b -> b.add("externalId", "same").add("displayName", "Same")));
        backend.update("User", "u-1", current -> changed(current, newVersion(), b -> b.add("externalId", "SAME")));

        assertThat(ids(backend.list("User"))).containsExactly("u-1", "u-2");
        assertThat(search(backend, USER, "displayName eq \"same\"")).containsExactly("u-1", "u-2");
    }
}
