package dev.scimserver.store.jdbc;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.http.ScimRouting;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server on the H2 backend whose statements may run 1 ms ({@code --query-timeout} is whole seconds;
 * the backend takes any duration). The database was filled by a second backend on the same database
 * with the default limit. A search that cannot finish in time answers 400 tooMany with a SCIM error
 * body; a write the database stops (a trigger makes one statement of it heavy) answers 503 and
 * leaves nothing of itself behind.
 */
@ServerTest
public class QueryTimeoutTest {
    private static final String URL = "jdbc:h2:mem:timeout-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    /** Heavy for any database: thirty substring tests of every one of 20,000 emails, in one statement. */
    private static final String HEAVY;

    static {
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            filter.append(i == 0 ? "" : " or ").append("emails.value co \"").append(i).append("x\"");
        }
        HEAVY = filter.toString();
    }

    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USERS = REGISTRY.resourceType("User");
    /** The backend with the default limit, which filled the database and checks what the server left. */
    private static JdbcBackend filler;
    private static ResourceService check;
    private static String existingId;

    private final ScimClient scim;

    QueryTimeoutTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws SQLException {
        filler = JdbcBackends.open(URL, "", "", REGISTRY);
        // Past the default --max-values, as a resource restored from before that bound may be.
        check = new ResourceService(filler, Clock.systemUTC(), REGISTRY, false, 20_000);
        for (int i = 0; i < 50; i++) {
            check.create(USERS, user("user" + i, "{\"value\": \"u" + i + "@example.com\"}"));
        }
        StringBuilder emails = new StringBuilder();
        for (int e = 0; e < 20_000; e++) {
            emails.append(e == 0 ? "" : ", ").append("{\"value\": \"a").append(e).append("@big.example\"}");
        }
        check.create(USERS, user("crowded", emails.toString()));
        existingId = check.create(USERS, user("steady", "{\"value\": \"steady@example.com\"}")).getString("id");
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER slow_unique BEFORE INSERT ON scim_unique FOR EACH ROW CALL \""
                    + HeavyForSlowWriter.class.getName() + "\"");
        }
        JdbcBackend limited = JdbcBackends.open(URL, "", "", true, Duration.ofMillis(1), REGISTRY);
        ScimRouting.configure(routing, ServerSettings.defaults(), REGISTRY,
                new ResourceService(limited, Clock.systemUTC(), REGISTRY, false));
    }

    /** Makes the insert of the unique userName "slow-writer" run a statement that takes seconds. */
    public static final class HeavyForSlowWriter implements org.h2.api.Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            if ("slow-writer".equals(newRow[2])) {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(
                             "SELECT SUM(X) FROM SYSTEM_RANGE(1, 2000000000) WHERE MOD(X, 7) = 3")) {
                    rows.next();
                }
            }
        }
    }

    private static JsonObject user(String userName, String emails) {
        return Json.createReader(new StringReader("{\"schemas\": [\"" + ScimClient.USER + "\"], \"userName\": \""
                + userName + "\", \"emails\": [" + emails + "]}")).readObject();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertTooExpensive(Exchange res) {
        String detail = res.assertError(400, "tooMany");
        assertThat(detail).contains("stopped after 1 ms", "scim.backend.query-timeout", "too expensive", "Narrow the filter");
    }

    @Test
    void aSearchThatRunsOutOfTimeIsTooManyNotAFailure() {
        assertTooExpensive(scim.get("/Users?filter=" + encode(HEAVY)));
        assertTooExpensive(scim.get("/v2/Users?count=5&sortBy=emails.value&filter=" + encode(HEAVY)));
        assertTooExpensive(scim.post("/Users/.search", Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add("urn:ietf:params:scim:api:messages:2.0:SearchRequest"))
                .add("filter", HEAVY).build().toString()));
        assertTooExpensive(scim.get("/?filter=" + encode(HEAVY)));
    }

    @Test
    void aCreateTheDatabaseStopsAnswers503AndLeavesNothing() {
        String detail = scim.post("/Users", ScimClient.user("slow-writer")).assertError(503, null);
        assertThat(detail).contains("scim.backend.query-timeout", "nothing of it was written");

        // No resource row, and no unique row holding its userName: the same create succeeds elsewhere.
        assertThat(filler.search(SqlSearchDifferentialTest.query(USERS, "userName eq \"slow-writer\"", null, 1, 10))
                .totalResults()).isZero();
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scim_unique WHERE unique_value = 'slow-writer'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUpdateTheDatabaseStopsAnswers503AndLeavesTheResourceAsItWas() {
        JsonObject before = check.get(USERS, existingId);
        String detail = scim.patch("/Users/" + existingId, ScimClient.patchOp("""
                {"op": "replace", "path": "userName", "value": "slow-writer"},
                {"op": "add", "path": "displayName", "value": "Half"}""")).assertError(503, null);
        assertThat(detail).contains("nothing of it was written");

        JsonObject after = check.get(USERS, existingId);
        assertThat(after).isEqualTo(before);
        assertThat(check.backend().search(SqlSearchDifferentialTest.query(USERS, "userName eq \"steady\"", null, 1, 10))
                .totalResults()).as("its unique and value rows are back").isEqualTo(1);
        assertThat(check.backend().search(SqlSearchDifferentialTest.query(USERS, "displayName eq \"Half\"", null, 1, 10))
                .totalResults()).isZero();
    }
}
