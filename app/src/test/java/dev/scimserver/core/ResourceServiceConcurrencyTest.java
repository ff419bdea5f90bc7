package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    /**
     * A hasher that blocks inside {@link #hash} until released: while it holds one write there,
     * the test shows which other writes still go through.
     */
    private static final class BlockingHasher implements PasswordHasher {
        final CountDownLatch hashing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String hash(String password) {
            hashing.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Argon2idTest.FAST.hash(password);
        }

        @Override
        public boolean isHash(String text) {
            return Argon2idTest.FAST.isHash(text);
        }

        @Override
        public boolean verify(String password, String hash) {
            return Argon2idTest.FAST.verify(password, hash);
        }
    }

    private JsonObject withPassword(JsonObject user, String password) {
        return Json.createObjectBuilder(user).add("password", password).build();
    }

    /**
     * The hash of a create, a replace or a patch with a password runs before the backend's write: while
     * one is hashing, writes without a password complete, also to the very user being patched or
     * replaced, and the write with the password completes once its hash is made, whole.
     */
    @ParameterizedTest
    @ValueSource(strings = {"create", "replace", "patch"})
    void otherWritersDoNotWaitForAHash(String write) throws Exception {
        BlockingHasher hasher = new BlockingHasher();
        ResourceService service = new ResourceService(TestBackends.create(), Clock.systemUTC(), SchemaRegistry.defaults(),
                false, hasher);
        String target = service.create(user, user("target", "before")).getString("id");
        Future<JsonObject> slow = pool.submit(() -> switch (write) {
            case "create" -> service.create(user, withPassword(user("new", "new"), "Secret-Passw0rd-XYZ"));
            case "replace" -> service.replace(user, target, withPassword(user("target", "replaced"), "Secret-Passw0rd-XYZ"),
                    Preconditions.NONE);
            default -> service.patch(user, target, PatchRequest.parse(Json.createReader(new java.io.StringReader("""
                    {"Operations": [{"op": "replace", "path": "password", "value": "Secret-Passw0rd-XYZ"}]}""")).readObject(),
                    false), Preconditions.NONE);
        });
        assertThat(hasher.hashing.await(10, TimeUnit.SECONDS)).as("the write with a password is hashing").isTrue();

        // Meanwhile: a create, a patch and a replace of the same user, and a delete, none with a password.
        Future<?> others = pool.submit(() -> {
            String other = service.create(user, user("other", "other")).getString("id");
            service.patch(user, target, PatchRequest.parse(Json.createReader(new java.io.StringReader("""
                    {"Operations": [{"op": "replace", "path": "title", "value": "patched meanwhile"}]}""")).readObject(),
                    false), Preconditions.NONE);
            service.replace(user, other, user("other", "replaced"), Preconditions.NONE);
            service.delete(user, other, Preconditions.NONE);
            return null;
        });
        others.get(10, TimeUnit.SECONDS);
        assertThat(slow).as("still hashing").isNotDone();
        assertThat(service.get(user, target).getString("title")).isEqualTo("patched meanwhile");

        hasher.release.countDown();
        JsonObject written = slow.get(10, TimeUnit.SECONDS);

        assertThat(Argon2idTest.FAST.verify("Secret-Passw0rd-XYZ", written.getString("password"))).isTrue();
        if (write.equals("patch")) {
            // Applied to the state it found once hashed: the other writer's change is kept.
            assertThat(written.getString("title")).isEqualTo("patched meanwhile");
        }
    }
}
