package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * userName is unique among Users, compared case-insensitively (RFC 7643 §4.1.1, "uniqueness":
 * "server", caseExact false), and that holds under parallel requests too.
 */
@ServerTest
class UniquenessTest {
    private static final int PARALLEL = 20;

    private final ScimClient scim;

    UniquenessTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(TestBackends.create(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aUserNameDifferingOnlyInCaseIsTaken(String prefix) {
        String userName = uniqueName("bjensen");
        scim.create(prefix + "/Users", user(userName));

        Exchange second = scim.post(prefix + "/Users", user(userName.toUpperCase()));

        String detail = second.assertError(409, "uniqueness");
        assertThat(detail).contains("userName");
        assertThat(scim.get(prefix + "/Users").resources())
                .filteredOn(r -> r.getString("userName").equalsIgnoreCase(userName))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void renamingOntoAnotherUsersNameIsAConflict(String prefix) {
        String taken = uniqueName("taken");
        String mine = uniqueName("mine");
        scim.create(prefix + "/Users", user(taken));
        Exchange me = scim.create(prefix + "/Users", user(mine));

        Exchange renamed = scim.put(prefix + "/Users/" + me.id(), user(taken.toUpperCase()));

        String detail = renamed.assertError(409, "uniqueness");
        assertThat(detail).contains("userName");
        Exchange unchanged = scim.get(prefix + "/Users/" + me.id());
        assertThat(unchanged.json()).isEqualTo(me.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void renamingAUserToItsOwnNameInAnotherCaseIsFine(String prefix) {
        String userName = uniqueName("recase");
        Exchange created = scim.create(prefix + "/Users", user(userName));

        Exchange renamed = scim.put(prefix + "/Users/" + created.id(), user(userName.toUpperCase()));

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().getString("userName")).isEqualTo(userName.toUpperCase());
        // The old spelling still belongs to this user, not to a newcomer.
        scim.post(prefix + "/Users", user(userName)).assertError(409, "uniqueness");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aRenamedUsersOldNameIsFree(String prefix) {
        String oldName = uniqueName("old");
        Exchange created = scim.create(prefix + "/Users", user(oldName));

        assertThat(scim.put(prefix + "/Users/" + created.id(), user(uniqueName("new"))).status()).isEqualTo(200);

        assertThat(scim.post(prefix + "/Users", user(oldName)).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void afterDeleteTheUserNameCanBeReused(String prefix) {
        String userName = uniqueName("reuse");
        Exchange first = scim.create(prefix + "/Users", user(userName));
        assertThat(scim.delete(prefix + "/Users/" + first.id()).status()).isEqualTo(204);

        Exchange second = scim.post(prefix + "/Users", user(userName));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void groupDisplayNamesNeedNotBeUnique() {
        String name = uniqueName("Admins");

        assertThat(scim.post("/Groups", ScimClient.group(name)).status()).isEqualTo(201);
        assertThat(scim.post("/Groups", ScimClient.group(name)).status()).isEqualTo(201);
    }

    @Test
    void parallelCreatesOfOneUserNameGiveExactlyOneCreated() throws Exception {
        String userName = uniqueName("race");

        List<Exchange> responses = inParallel(i -> scim.post("/Users", user(i % 2 == 0 ? userName : userName.toUpperCase())));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(PARALLEL - 1);
        responses.stream().filter(r -> r.status() == 409).forEach(r -> r.assertError(409, "uniqueness"));
        assertThat(scim.get("/Users").resources())
                .filteredOn(r -> r.getString("userName").equalsIgnoreCase(userName))
                .hasSize(1);
    }

    @Test
    void parallelRenamesOntoOneUserNameGiveExactlyOneSuccess() throws Exception {
        String target = uniqueName("rename-race");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            ids.add(scim.create("/v2/Users", user(uniqueName("racer"))).id());
        }

        List<Exchange> responses = inParallel(i -> scim.put("/v2/Users/" + ids.get(i), user(target)));

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(PARALLEL - 1);
    }

    @Test
    void parallelCreatesOfDistinctUserNamesAllSucceed() throws Exception {
        String base = uniqueName("crowd");
        int before = scim.get("/Users").json().getInt("totalResults");

        List<Exchange> responses = inParallel(i -> scim.post("/Users", user(base + "-" + i)));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        assertThat(responses).extracting(Exchange::id).doesNotHaveDuplicates();
        Exchange list = scim.get("/Users");
        assertThat(list.json().getInt("totalResults")).isEqualTo(before + PARALLEL);
        List<String> listed = list.resources().stream().map(r -> r.getString("userName")).toList();
        for (int i = 0; i < PARALLEL; i++) {
            assertThat(listed).contains(base + "-" + i);
        }
    }

    /** Runs {@link #PARALLEL} requests at once, each on its own virtual thread, released together. */
    private static List<Exchange> inParallel(IntFunction<Exchange> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Exchange>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Exchange> responses = new ArrayList<>();
            for (Future<Exchange> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
