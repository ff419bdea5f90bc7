package dev.scimserver.store.jdbc;

import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.store.SearchQuery;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function of an update reads the database (core checks a new member, finds a user's groups)
 * while the update's transaction holds a connection. Those reads join that transaction: with as
 * many updates at once as the pool has connections, each holding one, a read that took a second
 * connection would wait forever.
 */
class NestedReadsTest {
    private final SchemaRegistry registry = SchemaRegistry.defaults();
    private final JdbcBackend backend = JdbcBackends.open("jdbc:h2:mem:nested-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "", "", registry);
    private final ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
    private final ResourceType users = registry.resourceType("User");

    private boolean finished;

    @AfterEach
    void close() {
        if (finished) {
            backend.close(); // after a failure every connection may still be held: closing would wait for one
        }
    }

    @Test
    void asManyUpdatesAsConnectionsEachReadingInsideItsFunctionAllFinish() throws Exception {
        int writers = JdbcBackends.DEFAULT_POOL_SIZE;
        // Users whose writes take different write locks, so that all the writers can be inside at once.
        List<String> ids = new ArrayList<>();
        java.util.Set<Integer> stripes = new java.util.HashSet<>();
        for (int i = 0; ids.size() < writers; i++) {
            String id = service.create(users, Json.createObjectBuilder()
                    .add("schemas", Json.createArrayBuilder().add(users.schema().id()))
                    .add("userName", "nested-" + i).build()).getString("id");
            if (stripes.add(JdbcBackend.stripe("User", id))) {
                ids.add(id);
            }
        }
        // Every writer is inside its update (holding its transaction's connection) before any reads.
        CyclicBarrier allInside = new CyclicBarrier(writers);
        List<Future<String>> done = new ArrayList<>();
        // Daemon threads, shut down without waiting: were the reads to wait for a connection, this test
        // fails after its time limit instead of hanging the build.
        ExecutorService pool = Executors.newFixedThreadPool(writers, task -> {
            Thread thread = new Thread(task, "nested-reads");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < writers; i++) {
                String id = ids.get(i);
                String other = ids.get((i + 1) % writers);
                done.add(pool.submit(() -> backend.update("User", id, current -> {
                    await(allInside);
                    assertThat(backend.get("User", other)).isPresent();
                    assertThat(backend.search(userNameIs("nested-0")).totalResults()).isEqualTo(1);
                    return current;
                }).id()));
            }
            for (int i = 0; i < writers; i++) {
                assertThat(done.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(ids.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        // The joined reads committed nothing of their own and left every connection usable.
        assertThat(backend.get("User", ids.getFirst())).isPresent();
        assertThat(backend.list("User")).hasSizeGreaterThanOrEqualTo(writers);
        finished = true;
    }

    private SearchQuery userNameIs(String userName) {
        Filter filter = ScimFilters.parseFilter("userName eq \"" + userName + "\"");
        return new SearchQuery(users, filter, FilterCompiler.compile(filter, users), null, false, 1, 10);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the writers did not all get a connection", e);
        }
    }
}
