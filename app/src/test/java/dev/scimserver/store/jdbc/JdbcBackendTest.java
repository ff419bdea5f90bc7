package dev.scimserver.store.jdbc;

import dev.scimserver.core.Preconditions;
import dev.scimserver.patch.PatchOperation;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.ResourceService;
import dev.scimserver.error.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the H2 backend does below the HTTP suite: member rows by difference, version-checked updates,
 * members that must exist when they are written, limits.
 */
class JdbcBackendTest {
    private final String url = "jdbc:h2:mem:backend-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final SchemaRegistry registry = SchemaRegistry.defaults();
    private final JdbcBackend backend = JdbcBackends.open(url, "", "", registry);
    private final ResourceService service = new ResourceService(backend, Clock.systemUTC(), registry, false);
    private final ResourceType users = registry.resourceType("User");
    private final ResourceType groups = registry.resourceType("Group");

    @AfterEach
    void close() {
        backend.close();
    }

    private String user(String userName) {
        return service.create(users, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", userName).build()).getString("id");
    }

    private List<PatchOperation> patch(String json) {
        return PatchRequest.parse(Json.createReader(new java.io.StringReader(json)).readObject(), false);
    }

    @Test
    void aMemberPatchWritesOnlyTheRowsOfMembersThatCameOrWent() throws SQLException {
        JsonArrayBuilder members = Json.createArrayBuilder();
        for (int i = 0; i < 300; i++) {
            members.add(Json.createObjectBuilder().add("value", user("member-" + i)));
        }
        String groupId = service.create(groups, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("displayName", "big").add("members", members).build()).getString("id");
        String newcomer = user("newcomer");
        List<Long> before = positions(groupId);

        service.patch(groups, groupId, patch("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}
                """.formatted(newcomer)), Preconditions.NONE);
        List<Long> afterAdd = positions(groupId);
        assertThat(afterAdd).hasSize(301).startsWith(before.toArray(Long[]::new)).endsWith(301L);

        String leaver = service.get(groups, groupId).getJsonArray("members").getJsonObject(10).getString("value");
        service.patch(groups, groupId, patch("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "remove", "path": "members[value eq \\"%s\\"]"}]}
                """.formatted(leaver)), Preconditions.NONE);
        List<Long> afterRemove = positions(groupId);
        assertThat(afterRemove).hasSize(300).doesNotContain(11L).contains(1L, 10L, 12L, 301L);
        assertThat(service.get(groups, groupId).getJsonArray("members")).hasSize(300);
    }

    /** The positions of a group's member rows: rows that stayed keep theirs, so they were not rewritten. */
    private List<Long> positions(String groupId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement select = connection.prepareStatement("SELECT m.position FROM scim_member m "
                     + "JOIN scim_resource r ON r.pk = m.group_pk WHERE r.id = ? ORDER BY m.position")) {
            select.setString(1, groupId);
            List<Long> positions = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
                }
            }
            return positions;
        }
    }

    @Test
    void anUpdateStartsOverWhenAnotherServerChangedTheRowMeanwhile() throws SQLException {
        String id = user("contested");
        AtomicInteger calls = new AtomicInteger();
        StoredResource result = backend.update("User", id, current -> {
            if (calls.incrementAndGet() == 1) {
                // Another server writes between our read and our write.
                JsonObject theirs = Json.createObjectBuilder(current.body()).add("meta",
                        Json.createObjectBuilder(current.body().getJsonObject("meta")).add("version", "W/\"other\"")).build();
                try (Connection other = DriverManager.getConnection(url);
                     PreparedStatement update = other.prepareStatement(
                             "UPDATE scim_resource SET version = 'W/\"other\"', body = ? WHERE id = ?")) {
                    update.setString(1, theirs.toString());
                    update.setString(2, id);
                    update.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            JsonObject body = Json.createObjectBuilder(current.body()).add("displayName", "seen " + version(current)).build();
            return new StoredResource(current.resourceType(), current.id(),
                    Json.createObjectBuilder(body).add("meta", Json.createObjectBuilder(current.body().getJsonObject("meta"))
                            .add("version", "W/\"mine\"")).build(), current.uniqueValues());
        });
        assertThat(calls).hasValue(2);
        assertThat(result.body().getString("displayName")).isEqualTo("seen W/\"other\"");
        assertThat(version(backend.get("User", id).orElseThrow())).isEqualTo("W/\"mine\"");
    }

    private static String version(StoredResource resource) {
        return resource.body().getJsonObject("meta").getString("version");
    }

    /** A group body with these members, as core would store it (type filled). */
    private static JsonObject withMembers(JsonObject body, String... userIds) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        for (String id : userIds) {
            members.add(Json.createObjectBuilder().add("value", id).add("type", "User"));
        }
        return Json.createObjectBuilder(body).add("members", members).build();
    }

    /** Deletes a user's row behind the backend's back, as another server (or a DELETE that just committed) would. */
    private void deleteRow(String id) {
        try (Connection other = DriverManager.getConnection(url);
             PreparedStatement delete = other.prepareStatement("DELETE FROM scim_resource WHERE id = ?")) {
            delete.setString(1, id);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMemberDeletedAfterCoreCheckedItIsRefusedByTheWriteAndNothingIsStored() throws SQLException {
        String stays = user("stays");
        String vanishes = user("vanishes");
        String groupId = service.create(groups, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("displayName", "watchers").build()).getString("id");
        String version = version(backend.get("Group", groupId).orElseThrow());

        // The change was computed (core checked both members), then the user went before the write.
        assertThatThrownBy(() -> backend.update("Group", groupId, current -> {
            deleteRow(vanishes);
            return new StoredResource("Group", groupId, withMembers(Json.createObjectBuilder(current.body())
                    .add("meta", Json.createObjectBuilder(current.body().getJsonObject("meta")).add("version", "W/\"next\""))
                    .build(), stays, vanishes), current.uniqueValues());
        })).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo("invalidValue");
            assertThat(e.detail()).contains(vanishes);
        });
        StoredResource group = backend.get("Group", groupId).orElseThrow();
        assertThat(group.body().containsKey("members")).isFalse();
        assertThat(version(group)).isEqualTo(version);
        assertThat(memberRows()).isZero();

        String gone = user("gone");
        deleteRow(gone);
        JsonObject body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("id", "g-new").add("displayName", "founded")
                .add("meta", Json.createObjectBuilder().add("resourceType", "Group").add("version", "W/\"1\"")).build();
        assertThatThrownBy(() -> backend.create(new StoredResource("Group", "g-new", withMembers(body, stays, gone), java.util.Set.of())))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains(gone));
        assertThat(backend.get("Group", "g-new")).isEmpty();
        assertThat(memberRows()).isZero();
    }

    private int memberRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM scim_member");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void aResourceLongerThanTheBodyColumnIsRefusedAsInvalidNotAFailure() {
        assertThatThrownBy(() -> service.create(users, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", "verbose")
                .add("displayName", "x".repeat(JdbcBackend.MAX_BODY_CHARS)).build()))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("at most 1000000");
                });
        assertThat(backend.get("User", "verbose")).isEmpty();
    }
}
