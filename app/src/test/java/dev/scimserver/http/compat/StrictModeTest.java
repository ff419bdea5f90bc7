package dev.scimserver.http.compat;

import dev.scimserver.store.TestBackends;
import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code strict} setting itself: the three ways to turn it on ({@code --strict},
 * {@code SCIM_COMPAT_STRICT}, {@code scim.compat.strict} in the YAML file), lenient as the default,
 * and a server started from those settings as {@code Main} starts it answering each kind of quirk
 * (PATCH parsing, value checks, filters) the strict way. The per-quirk strict answers are in
 * {@link EntraIdQuirksTest}, {@link OktaQuirksTest} and {@link OtherClientsQuirksTest}.
 */
class StrictModeTest {
    @TempDir
    Path dir;

    @Test
    void lenientIsTheDefault() {
        assertThat(SettingsLoader.load(CommandLine.parse(), Map.of()).strict()).isFalse();
        assertThat(ServerSettings.defaults().strict()).isFalse();
    }

    @Test
    void strictIsTurnedOnByFlagEnvironmentOrFile() throws IOException {
        assertThat(SettingsLoader.load(CommandLine.parse("--strict"), Map.of()).strict()).isTrue();
        assertThat(SettingsLoader.load(CommandLine.parse(), Map.of("SCIM_COMPAT_STRICT", "true")).strict()).isTrue();

        Path config = Files.writeString(dir.resolve("application.yaml"), """
                scim:
                  compat:
                    strict: true
                """);
        assertThat(SettingsLoader.load(CommandLine.parse("--config", config.toString()), Map.of()).strict()).isTrue();
        // The environment overrides the file, as for every setting.
        assertThat(SettingsLoader.load(CommandLine.parse("--config", config.toString()),
                Map.of("SCIM_COMPAT_STRICT", "false")).strict()).isFalse();
    }

    @Test
    void aServerStartedWithStrictAnswersTheRfcWay() {
        ServerSettings settings = SettingsLoader.load(CommandLine.parse("--strict", "--port", "0"), Map.of());
        try (Started server = start(settings)) {
            ScimClient scim = server.client();
            String id = scim.newUser("strict-started");

            // PATCH parsing: Entra ID's capitalised op.
            scim.patch("/Users/" + id, patchOp("""
                    {"op":"Replace","path":"displayName","value":"X"}""")).assertError(400, "invalidSyntax");
            // Value checks: a boolean as a string.
            scim.patch("/Users/" + id, patchOp("""
                    {"op":"replace","path":"active","value":"False"}""")).assertError(400, "invalidValue");
            // Filters: an unquoted value.
            scim.get("/Users?filter=userName%20sw%20O").assertError(400, "invalidFilter");
            // And the RFC-clean request is served.
            scim.patch("/Users/" + id, patchOp("""
                    {"op":"replace","path":"active","value":false}""")).assertStatus(200);
        }
    }

    @Test
    void aServerStartedWithoutOptionsIsLenient() {
        ServerSettings settings = SettingsLoader.load(CommandLine.parse("--port", "0"), Map.of());
        try (Started server = start(settings)) {
            ScimClient scim = server.client();
            String id = scim.create("/Users", ScimClient.user(uniqueName("lenient-started"))).id();

            scim.patch("/Users/" + id, patchOp("""
                    {"op":"Replace","path":"displayName","value":"X"}""")).assertStatus(200);
            scim.patch("/Users/" + id, patchOp("""
                    {"op":"replace","path":"active","value":"False"}""")).assertStatus(200);
            Exchange found = scim.get("/Users?filter=userName%20sw%20l").assertStatus(200);
            assertThat(found.resources()).extracting(u -> u.getString("id")).contains(id);
            JsonObject user = scim.read("/Users/" + id);
            assertThat(user.getString("displayName")).isEqualTo("X");
            assertThat(user.get("active")).isEqualTo(JsonValue.FALSE);
        }
    }

    /** Starts the server from settings the way {@code Main} does: one registry, one indexed store, one strict flag. */
    private static Started start(ServerSettings settings) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ResourceService resources = new ResourceService(TestBackends.create(registry), Clock.systemUTC(),
                registry, settings.strict());
        WebServer server = ScimWebServer.builder(settings, registry, resources).build().start();
        return new Started(server);
    }

    private record Started(WebServer server) implements AutoCloseable {
        ScimClient client() {
            return new ScimClient(Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build());
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
