package dev.scimserver.store;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.StartRestorer;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DELETE takes the deleted resource out of its groups after the delete itself is durable. A stop
 * between the two (a crash, {@code kill -9}) leaves a group that lists a member that is gone; the
 * next start takes it out, on every backend, before the server listens.
 */
class DanglingMembersTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aMemberWhoseDeleteWasCutShortIsTakenOutOfItsGroupsAtTheNextStart(String name) {
        BackendProvider provider = Backends.named(name);
        BackendContext context = new BackendContext(REGISTRY,
                ServerSettings.defaults().withPersistence(new ServerSettings.Persistence(data, null, true, name)),
                SettingsLoader.values(CommandLine.parse(List.of(new CommandLine.Section(name, provider.settings()))), Map.of()));

        Backend backend = provider.open(context);
        ResourceService service = new ResourceService(backend, Clock.systemUTC(), REGISTRY, false);
        provider.restore(backend, context, new StartRestorer(REGISTRY, service, line -> { }));
        String gone = user(service, "gone");
        String kept = user(service, "kept");
        JsonObject group = service.create(GROUP, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("displayName", "staff")
                .add("members", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("value", gone))
                        .add(Json.createObjectBuilder().add("value", kept)))
                .build());
        String groupId = group.getString("id");
        String versionBefore = StoredResource.versionOf(group);
        // The delete is durable; the clean-up of the group that follows it in ResourceService.delete never runs.
        backend.delete("User", gone, current -> { });
        if (name.equals("memory")) {
            backend.close(); // a crash: no snapshot at stop, the journal holds the delete
        } else {
            provider.stop(backend, context);
        }

        Backend again = provider.open(context);
        try {
            ResourceService restarted = new ResourceService(again, Clock.systemUTC(), REGISTRY, false);
            provider.restore(again, context, new StartRestorer(REGISTRY, restarted, line -> { }));
            JsonObject after = again.get("Group", groupId).orElseThrow().body();
            assertThat(after.getJsonArray("members")).extracting(m -> m.asJsonObject().getString("value")).containsExactly(kept);
            assertThat(StoredResource.versionOf(after)).isNotEqualTo(versionBefore);
            assertThat(again.get("User", gone)).isEmpty();
            // Nothing is left to take out, so a second pass changes nothing.
            assertThat(restarted.dropDanglingMembers()).isZero();
            restarted.delete(USER, kept, Preconditions.NONE);
            assertThat(again.get("Group", groupId).orElseThrow().body().containsKey("members")).isFalse();
        } finally {
            provider.stop(again, context);
        }
    }

    private static String user(ResourceService service, String userName) {
        return service.create(USER, Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("userName", userName).build()).getString("id");
    }
}
