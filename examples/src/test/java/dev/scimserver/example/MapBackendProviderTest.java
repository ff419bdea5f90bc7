package dev.scimserver.example;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.SettingValues;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.config.UsageException;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.StartRestorer;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Backends;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.dump.ResourceDump;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The map backend as the server finds it: by name on the class path, its setting in --help and read from every source. */
class MapBackendProviderTest {
    @TempDir
    Path dir;

    /** What Main builds from the backends it finds: one --help section per backend. */
    private static final List<CommandLine.Section> BACKENDS = Backends.all().stream()
            .map(b -> new CommandLine.Section("--backend " + b.name() + ": " + b.description(), b.settings())).toList();

    private static BackendContext context(Map<String, String> environment, String... args) {
        SettingValues values = SettingsLoader.values(CommandLine.parse(BACKENDS, args), environment);
        return new BackendContext(SchemaRegistry.defaults(), SettingsLoader.load(values), values);
    }

    private static int capacity(Map<String, String> environment, String... args) {
        return ((MapBackend) Backends.named("map").open(context(environment, args))).initialCapacity();
    }

    @Test
    void theServerFindsItBesideTheBackendsItShipsWith() {
        assertThat(Backends.all()).extracting(BackendProvider::name).containsExactly("memory", "h2", "map", "postgres");
        assertThat(Backends.named("map")).isInstanceOf(MapBackendProvider.class);
        assertThat(Backends.named("map").open(context(Map.of(), "--backend", "map"))).isInstanceOf(MapBackend.class);
    }

    @Test
    void helpListsItsSettingUnderIt() {
        String usage = CommandLine.usage(BACKENDS);
        int section = usage.indexOf("--backend map: resources in plain maps");
        assertThat(section).isPositive();
        assertThat(usage.indexOf("--map-initial-capacity N", usage.indexOf("options:"))).isGreaterThan(section);
        assertThat(usage).contains("config key scim.backend.map.initial-capacity, environment SCIM_BACKEND_MAP_INITIAL_CAPACITY");
        assertThatThrownBy(() -> CommandLine.parse("--map-initial-capacity", "8"))
                .hasMessage("unknown option --map-initial-capacity"); // only a backend found on the class path adds it
    }

    @Test
    void itsSettingIsReadFromTheFlagTheEnvironmentOrTheFile() throws IOException {
        assertThat(capacity(Map.of())).isEqualTo(MapBackendProvider.DEFAULT_INITIAL_CAPACITY);
        Path config = Files.writeString(dir.resolve("application.yaml"),
                "scim:\n  backend:\n    type: map\n    map:\n      initial-capacity: 100\n");
        assertThat(capacity(Map.of(), "--config", config.toString())).isEqualTo(100);
        Map<String, String> environment = Map.of("SCIM_BACKEND_MAP_INITIAL_CAPACITY", "200");
        assertThat(capacity(environment, "--config", config.toString())).isEqualTo(200);
        assertThat(capacity(environment, "--config", config.toString(), "--map-initial-capacity", "300")).isEqualTo(300);
        assertThat(context(Map.of(), "--config", config.toString()).settings().persistence().backend()).isEqualTo("map");

        assertThatThrownBy(() -> capacity(Map.of(), "--map-initial-capacity", "-1"))
                .isInstanceOf(UsageException.class).hasMessage("--map-initial-capacity must be between 0 and 1073741824, not -1");
        assertThatThrownBy(() -> capacity(Map.of(), "--map-initial-capacity", "lots"))
                .isInstanceOf(UsageException.class).hasMessage("--map-initial-capacity must be a whole number, not \"lots\"");
    }

    /** The default restore and Main's --dump-resources: what a backend with nothing on disk keeps between runs. */
    @Test
    void aDumpOfItRestoresIntoTheNextRun() throws IOException {
        SchemaRegistry registry = SchemaRegistry.defaults();
        BackendProvider provider = Backends.named("map");
        Backend first = provider.open(context(Map.of()));
        ResourceService service = new ResourceService(first, Clock.systemUTC(), registry, false);
        String user = service.create(registry.resourceType("User"), Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER)).add("userName", "bjensen").build())
                .getString("id");
        Path dump = dir.resolve("dump.json");
        ResourceDump.write(first.all(), dump);

        BackendContext next = context(Map.of(), "--restore", dump.toString(), "--data-dir", dir.toString());
        Backend second = provider.open(next);
        ResourceService restored = new ResourceService(second, Clock.systemUTC(), registry, false);
        provider.restore(second, next, new StartRestorer(registry, restored, line -> { }));

        assertThat(second.all()).extracting(StoredResource::id).containsExactly(user);
        assertThat(second.all().getFirst().body()).isEqualTo(first.all().getFirst().body());
        assertThatThrownBy(() -> provider.restore(second, next, new StartRestorer(registry, restored, line -> { })))
                .hasMessageContaining("the map backend already holds resources");
    }
}
