package dev.scimserver.core;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ResourceServiceConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 25;

    private final ResourceType user = SchemaRegistry.defaults().resourceType("User");
    private final ResourceService service = new ResourceService(TestBackends.create(), Clock.systemUTC());
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private JsonObject user(String userName, String displayName) {
        return Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", userName)
                .add("displayName", displayName)
                .build();
    }

    /** What one attempt ended in: "ok", or the refusal's status. */
    private static String outcome(Runnable attempt) {
        try {
            attempt.run();
            return "ok";
        } catch (ScimException e) {
            return String.valueOf(e.status());
        }
    }

    @Test
    void ofSixteenParallelCreatesOfOneUserNameExactlyOneSucceeds() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String userName = "racer-" + round;
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                // Different spellings of one value: uniqueness ignores case.
                String spelling = t % 2 == 0 ? userName : userName.toUpperCase();
                String displayName = "thread " + t;
                results.add(pool.submit(() -> {
                    start.await();
                    return outcome(() -> service.create(user, user(spelling, displayName)));
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).as("round %d", round).containsOnly("ok", "409").filteredOn("ok"::equals).hasSize(1);
        }
        assertThat(service.list(user)).hasSize(ROUNDS);
    }

    @Test
    void ofSixteenParallelConditionalReplacesOfOneVersionExactlyOneWinsPerRound() throws Exception {
        String id = service.create(user, user("contested", "start")).getString("id");
        for (int round = 0; round < ROUNDS; round++) {
            // Everyone reads before anyone writes, so all hold the same version.
            CyclicBarrier read = new CyclicBarrier(THREADS);
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String displayName = "round " + round + " thread " + t;
                results.add(pool.submit(() -> {
                    String version = ResourceService.version(service.get(user, id));
                    read.await();
                    String result = outcome(() -> service.replace(user, id, user("contested", displayName), Preconditions.ifMatch(version)));
                    return result.equals("ok") ? displayName : result;
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            List<String> winners = outcomes.stream().filter(o -> !o.equals("412")).toList();
            assertThat(winners).as("round %d: %s", round, outcomes).hasSize(1);
            assertThat(service.get(user, id).getString("displayName")).isEqualTo(winners.get(0));
        }
    }
}
