package dev.scimserver.http;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static dev.scimserver.http.ScimClient.Exchange;
import static org.assertj.core.api.Assertions.assertThat;

/** A resource type from --schema / --resource-type files gets discovery and full CRUD at its endpoint. */
@ServerTest
class CustomResourceTypeTest {
    private static final String DEVICE = "urn:example:params:scim:schemas:Device";
    private final ScimClient scim;

    CustomResourceTypeTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        try {
            Path dir = Files.createTempDirectory("scim-custom");
            Path schema = Files.writeString(dir.resolve("device-schema.json"), """
                    [{"id": "%s", "name": "Device", "description": "A managed device",
                      "attributes": [
                        {"name": "serialNumber", "type": "string", "required": true, "uniqueness": "server", "caseExact": true},
                        {"name": "displayName", "type": "string"},
                        {"name": "enrolled", "type": "dateTime"},
                        {"name": "cores", "type": "integer"},
                        {"name": "assetTag", "type": "string", "mutability": "immutable"}
                      ]}]
                    """.formatted(DEVICE));
            Path type = Files.writeString(dir.resolve("device-type.json"), """
                    [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                      "id": "Device", "name": "Device", "endpoint": "/Devices", "schema": "%s"}]
                    """.formatted(DEVICE));
            SchemaRegistry registry = SchemaRegistry.load(List.of(schema), List.of(type));
            ScimRouting.configure(routing, ServerSettings.defaults(), registry,
                    new ResourceService(TestBackends.create(registry), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void discoveryListsTheCustomTypeBesideTheDefaults() {
        Exchange types = scim.get("/ResourceTypes");
        assertThat(types.status()).isEqualTo(200);
        assertThat(types.resources()).extracting(r -> r.getString("id")).contains("User", "Group", "Device");
        Exchange schema = scim.get("/v2/Schemas/" + DEVICE);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().getString("name")).isEqualTo("Device");
    }

    @Test
    void fullCrudAtTheCustomEndpoint() {
        Exchange created = scim.create("/Devices", """
                {"schemas": ["%s"], "serialNumber": "SN-1", "displayName": "Laptop", "enrolled": "2024-05-01T10:00:00Z",
                 "cores": 8, "assetTag": "A-1"}
                """.formatted(DEVICE));
        JsonObject device = created.json();
        assertThat(device.getJsonObject("meta").getString("resourceType")).isEqualTo("Device");
        assertThat(created.header("Location")).endsWith("/Devices/" + device.getString("id"));
        String id = device.getString("id");

        Exchange replaced = scim.put("/Devices/" + id, """
                {"schemas": ["%s"], "serialNumber": "SN-1", "cores": 16}
                """.formatted(DEVICE));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().getInt("cores")).isEqualTo(16);
        assertThat(replaced.json().containsKey("displayName")).isFalse();
        assertThat(replaced.json().getString("assetTag")).as("immutable kept when left out").isEqualTo("A-1");

        Exchange changedImmutable = scim.put("/Devices/" + id, """
                {"schemas": ["%s"], "serialNumber": "SN-1", "assetTag": "B-2"}
                """.formatted(DEVICE));
        assertThat(changedImmutable.assertError(400, "mutability")).contains("assetTag");

        Exchange wrongType = scim.post("/Devices", """
                {"schemas": ["%s"], "serialNumber": "SN-2", "cores": "eight"}
                """.formatted(DEVICE));
        assertThat(wrongType.assertError(400, "invalidValue")).contains("cores");

        Exchange duplicate = scim.post("/Devices", """
                {"schemas": ["%s"], "serialNumber": "SN-1"}
                """.formatted(DEVICE));
        assertThat(duplicate.assertError(409, "uniqueness")).contains("serialNumber");

        Exchange found = scim.get("/Devices?filter=enrolled%20lt%20%222025-01-01T00:00:00Z%22%20or%20cores%20ge%2016");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().getInt("totalResults")).isEqualTo(1);

        assertThat(scim.delete("/Devices/" + id).status()).isEqualTo(204);
        assertThat(scim.get("/Devices/" + id).assertError(404, null)).contains(id);
    }
}
