package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure the server did not expect (here: a broken backend) is a 500 SCIM error whose body
 * says nothing of the failure itself: no exception class, message or stack trace.
 */
@ServerTest
class InternalErrorTest {
    private static final String SECRET = "jdbc:postgresql://db.internal/scim?password=hunter2";

    private final ScimClient scim;

    InternalErrorTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ScimRouting.configure(routing, ServerSettings.defaults(), SchemaRegistry.defaults(),
                new ResourceService(brokenBackend(), Clock.systemUTC()));
    }

    /** The server's log of unexpected failures, captured instead of printed. */
    private static final Logger LOG = Logger.getLogger(ScimRouting.class.getName());
    private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void captureTheLog() {
        LOG.addHandler(CAPTURE);
        LOG.setUseParentHandlers(false);
    }

    @AfterAll
    static void releaseTheLog() {
        LOG.removeHandler(CAPTURE);
        LOG.setUseParentHandlers(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/v2"})
    void aBrokenBackendIsAnOpaque500(String prefix) {
        for (Exchange res : List.of(
                scim.get(prefix + "/Users"),
                scim.get(prefix + "/Users/1"),
                scim.post(prefix + "/Users", user(uniqueName("broken"))),
                scim.put(prefix + "/Users/1", user(uniqueName("broken"))),
                scim.delete(prefix + "/Users/1"))) {
            String detail = res.assertError(500, null);
            assertThat(res.body()).doesNotContain(SECRET, "IllegalStateException", "broken backend");
            assertThat(detail).contains("log");
        }
        // The operator, unlike the client, learns what went wrong.
        assertThat(LOGGED).anySatisfy(r -> assertThat(r.getThrown()).hasMessageContaining(SECRET));
    }

    /**
     * A backend whose store is gone: every call fails with a message that must never reach a client.
     * A proxy rather than a class, so the test keeps compiling as the Backend interface grows.
     */
    private static Backend brokenBackend() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "toString" -> "broken backend";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new IllegalStateException("cannot reach " + SECRET);
                });
    }
}
