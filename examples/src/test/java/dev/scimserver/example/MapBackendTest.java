package dev.scimserver.example;

import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The obligations of Backend's javadoc that the HTTP test cannot race, until the contract kit
 * (MapBackendContractTest.java.pending) proves all of them.
 */
class MapBackendTest {
    private final MapBackend backend = new MapBackend(16);

    private static StoredResource user(String id, String userName) {
        return new StoredResource("User", id, Json.createObjectBuilder().add("id", id).add("userName", userName).build(),
                Set.of(new UniqueValue("User", "userName", userName)));
    }

    @Test
    void parallelCreatesOfOneUniqueValueGiveOneSuccess() throws Exception {
        int parallel = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            String id = "u" + i;
            results.add(pool.submit(() -> {
                go.await();
                try {
                    backend.create(user(id, "bjensen"));
                    return true;
                } catch (UniquenessConflictException e) {
                    return false;
                }
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<Boolean> result : results) {
            created += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(backend.list("User")).hasSize(1);
    }

    @Test
    void anUpdateThatThrowsWritesNothingAndARenameMovesTheClaim() {
        backend.create(user("a", "alice"));
        assertThatThrownBy(() -> backend.update("User", "a", current -> {
            throw new IllegalStateException("If-Match failed");
        })).hasMessage("If-Match failed");
        assertThat(backend.get("User", "a").orElseThrow().body().getString("userName")).isEqualTo("alice");

        backend.update("User", "a", current -> user("a", "alicia"));
        backend.create(user("b", "alice")); // the old name is free again
        assertThatThrownBy(() -> backend.create(user("c", "alicia"))).isInstanceOf(UniquenessConflictException.class);
        assertThatThrownBy(() -> backend.update("User", "nobody", c -> c)).isInstanceOf(ResourceNotFoundException.class);
    }

    /** membersExist runs under the write lock: a delete of the member waits until the group is stored. */
    @Test
    void noDeleteComesBetweenTheMemberCheckAndTheWrite() throws Exception {
        backend.create(user("member", "member"));
        StoredResource group = new StoredResource("Group", "g", Json.createObjectBuilder().add("id", "g").build(), Set.of());
        Thread[] delete = new Thread[1];
        backend.create(group, created -> {
            assertThat(backend.get("User", "member")).isPresent(); // a read inside the write does not deadlock
            delete[0] = Thread.ofVirtual().start(() -> backend.delete("User", "member", current -> { }));
            try {
                delete[0].join(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(delete[0].isAlive()).as("the delete waits for the create").isTrue();
        });
        delete[0].join(10_000);
        assertThat(backend.get("User", "member")).isEmpty();
        assertThat(backend.all()).extracting(StoredResource::id).containsExactly("g");
    }
}
