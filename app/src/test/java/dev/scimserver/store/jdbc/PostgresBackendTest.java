package dev.scimserver.store.jdbc;

import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.error.ScimException;
import dev.scimserver.core.Projection;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What PostgreSQL could answer otherwise than H2, below the HTTP suite: values longer than a B-tree
 * entry, the NUL character, lower-casing beyond ASCII, and the trigram index.
 */
class PostgresBackendTest {
    private final SchemaRegistry registry = SchemaRegistry.defaults();
    private final JdbcBackend backend = JdbcBackends.open(TestPostgres.newSchemaUrl(), "", "", registry);
    private final ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
    private final ResourceSearch search = new ResourceSearch(backend, 1000, false);
    private final ResourceType users = registry.resourceType("User");
    private final ResourceType groups = registry.resourceType("Group");

    @AfterEach
    void close() {
        backend.close();
    }

    private JsonObject user(String userName, String displayName) {
        return Json.createObjectBuilder().add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", userName).add("displayName", displayName).build();
    }

    private int found(ResourceType type, String filter) {
        return search.search(type, new SearchRequest(filter, null, null, 1, 100, Projection.DEFAULT)).totalResults();
    }

    @Test
    void valuesLongerThanABTreeEntryAreStoredFoundAndUnique() {
        String longName = "u".repeat(6000) + "@example.com";
        String longDisplay = "Ü".repeat(3000); // 6,000 bytes of UTF-8
        service.create(users, user(longName, longDisplay));
        assertThat(found(users, "userName eq \"" + longName.toUpperCase() + "\"")).isEqualTo(1);
        assertThat(found(users, "displayName eq \"" + "ü".repeat(3000) + "\"")).isEqualTo(1);
        assertThat(found(users, "userName sw \"uuuu\"")).isEqualTo(1);
        assertThatThrownBy(() -> service.create(users, user(longName.toUpperCase(), "twin")))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.scimType()).isEqualTo("uniqueness");
                });
    }

    @Test
    void aNulCharacterIsRefusedWith400NotA500() {
        assertThatThrownBy(() -> service.create(users, user("nul", "a\u0000b")))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.detail()).contains("U+0000");
                });
        assertThat(found(users, "userName eq \"nul\"")).as("nothing of it was written").isZero();
        assertThatThrownBy(() -> found(users, "displayName eq \"a\u0000b\""))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                });
    }

    @Test
    void memberDisplayFoldsBeyondAsciiAsJavaDoes() {
        String id = service.create(users, user("ärger", "x")).getString("id");
        service.create(groups, Json.createObjectBuilder().add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("displayName", "g").add("members", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("value", id).add("display", "ÄRGER ÉTÉ"))).build());
        assertThat(found(groups, "members.display eq \"ärger été\"")).isEqualTo(1);
        assertThat(found(groups, "members.display co \"GER É\"")).isEqualTo(1);
    }

    @Test
    void serversThatStartTogetherMigrateOnceAndANewerDatabaseIsRefused() throws Exception {
        String url = TestPostgres.newSchemaUrl();
        java.util.List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(4);
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    try (var connection = java.sql.DriverManager.getConnection(url)) {
                        ready.countDown();
                        ready.await();
                        return Migrations.migrate(connection, SqlDialect.POSTGRESQL);
                    }
                }));
            }
        }
        int ran = 0;
        for (var run : runs) {
            ran += run.get(); // none failed
        }
        assertThat(ran).as("migrations run in all, across the four").isEqualTo(SqlDialect.POSTGRESQL.migrations().size());
        try (var connection = java.sql.DriverManager.getConnection(url); var statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT COUNT(*) FROM scim_schema_version");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(SqlDialect.POSTGRESQL.migrations().size());
            statement.execute("INSERT INTO scim_schema_version (version, script) VALUES (99, 'V99__from_a_newer_server.sql')");
            assertThatThrownBy(() -> Migrations.migrate(connection, SqlDialect.POSTGRESQL))
                    .hasMessageContaining("the database is at table version 99, newer than this server");
        }
    }

    @Test
    void theTrigramIndexIsThereWhereTheExtensionIs() throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(TestPostgres.newSchemaUrl())) {
            Migrations.migrate(connection, SqlDialect.POSTGRESQL);
            assertThat(Trigrams.indexed(connection)).as("the test database has pg_trgm in public").isTrue();
        }
    }
}
