package dev.scimserver.store.dump;

import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.ScimAssertions;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The snapshot's checksum beside it: written with it, checked when it is restored (any changed byte
 * stops the restore, saying the snapshot is damaged), absent from plain dumps, which restore as
 * before; whatever a crash between the snapshot's rename and its checksum's leaves is read.
 */
class SnapshotChecksumTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");

    @TempDir
    Path dir;
    private List<StoredResource> resources;

    @BeforeEach
    void fill() {
        InMemoryBackend source = new InMemoryBackend(IndexPlan.of(REGISTRY));
        ResourceService service = new ResourceService(source, Clock.systemUTC(), REGISTRY, false);
        for (int i = 0; i < 300; i++) {
            service.create(USER, ScimAssertions.json("""
                    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "user%d", "title": "t%d"}
                    """.formatted(i, i)));
        }
        resources = source.all();
    }

    private Path snapshot() {
        return dir.resolve("data/resources.json");
    }

    private Path sidecar() {
        return dir.resolve("data/resources.json.crc32c");
    }

    private static int restore(Path file, List<String> warnings) {
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        return DumpRestore.restore(file, REGISTRY, new ResourceService(backend, Clock.systemUTC(), REGISTRY, false), warnings::add);
    }

    private static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    @Test
    void theSnapshotHasItsChecksumBesideItAndStaysPlainJson() throws IOException {
        ResourceDump.writeSnapshot(resources, snapshot());
        byte[] bytes = Files.readAllBytes(snapshot());
        assertThat(Files.readString(sidecar())).isEqualTo("crc32c " + crc32c(bytes) + " " + bytes.length + "\n");
        assertThat(ScimJson.createReader(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))).readArray()).hasSize(300);
        try (Stream<Path> files = Files.list(snapshot().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("no temporary file left").containsExactly("resources.json", "resources.json.crc32c");
        }
        List<String> warnings = new ArrayList<>();
        assertThat(restore(snapshot(), warnings)).isEqualTo(300);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theChecksumAndTheFolderAreForTheirOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        ResourceDump.writeSnapshot(resources, snapshot());
        ResourceDump.writeSnapshot(resources, snapshot());
        for (Path file : List.of(snapshot(), sidecar())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot().getParent()))).isEqualTo("rwx------");
    }

    /** Any one byte changed: a letter in a value (which every check would accept), a name, the JSON itself. */
    @Test
    void aChangedByteStopsTheRestoreSayingTheSnapshotIsDamaged() throws IOException {
        ResourceDump.writeSnapshot(resources, snapshot());
        String intact = Files.readString(snapshot());
        List<String> damaged = List.of(
                intact.replaceFirst("\"user17\"", "\"user1x\""),   // a value: still a valid resource
                intact.replaceFirst("\"userName\"", "\"userNamf\""), // a name: the resource fails its checks
                intact.replaceFirst("\"t299\"", "\"t298\""),       // the last resource
                intact.replaceFirst("\\{", "("));                  // the JSON fails to parse
        for (String text : damaged) {
            assertThat(text).isNotEqualTo(intact).hasSameSizeAs(intact);
            Files.writeString(snapshot(), text);
            assertThatThrownBy(() -> restore(snapshot(), new ArrayList<>()))
                    .isInstanceOf(DumpRestore.RestoreException.class)
                    .hasMessageContaining("resources.json: the snapshot is damaged")
                    .hasMessageContaining("resources.json.crc32c says");
        }
        Files.writeString(snapshot(), intact + " ");
        assertThatThrownBy(() -> restore(snapshot(), new ArrayList<>())).hasMessageContaining("the snapshot is damaged");

        Files.writeString(snapshot(), intact);
        Files.writeString(sidecar(), "crc32c 12345678\n");
        assertThatThrownBy(() -> restore(snapshot(), new ArrayList<>()))
                .hasMessageContaining("resources.json.crc32c is damaged");
    }

    /** Today's snapshots, {@code --dump-resources} files and the Python server's dumps have no checksum. */
    @Test
    void aDumpWithoutAChecksumRestoresAsBefore() throws IOException {
        Path dump = dir.resolve("dump.json");
        ResourceDump.write(resources, dump);
        assertThat(SnapshotChecksum.sidecar(dump)).doesNotExist();
        List<String> warnings = new ArrayList<>();
        assertThat(restore(dump, warnings)).isEqualTo(300);
        assertThat(warnings).isEmpty();

        // A plain dump written where a snapshot was takes its checksum away, which would no longer match.
        ResourceDump.writeSnapshot(resources, snapshot());
        ResourceDump.write(resources.subList(0, 10), snapshot());
        assertThat(sidecar()).doesNotExist();
        assertThat(restore(snapshot(), warnings)).isEqualTo(10);
    }

    /**
     * The checksum is renamed into place after the snapshot: a crash between the two leaves the new
     * snapshot, the old checksum and the new one pending; a crash before the snapshot's rename leaves
     * the old snapshot with a pending checksum that is not its own. Both are read, and the next
     * snapshot puts the pending checksum where it belongs first.
     */
    @Test
    void whateverACrashBetweenTheRenamesLeavesIsRead() throws IOException {
        Path pending = dir.resolve("data/resources.json.crc32c.new");
        ResourceDump.writeSnapshot(resources.subList(0, 5), snapshot());
        String oldChecksum = Files.readString(sidecar());
        byte[] oldSnapshot = Files.readAllBytes(snapshot());
        ResourceDump.writeSnapshot(resources, snapshot());
        String newChecksum = Files.readString(sidecar());
        byte[] newSnapshot = Files.readAllBytes(snapshot());

        // After the snapshot's rename, before the checksum's.
        Files.writeString(sidecar(), oldChecksum);
        Files.writeString(pending, newChecksum);
        List<String> warnings = new ArrayList<>();
        assertThat(restore(snapshot(), warnings)).isEqualTo(300);
        assertThat(warnings).isEmpty();
        ResourceDump.writeSnapshot(resources.subList(0, 7), snapshot());
        assertThat(pending).doesNotExist();
        assertThat(restore(snapshot(), warnings)).isEqualTo(7);

        // Before the snapshot's rename: the old snapshot, its checksum, and the new one pending.
        Files.write(snapshot(), oldSnapshot);
        Files.writeString(sidecar(), oldChecksum);
        Files.writeString(pending, newChecksum);
        assertThat(restore(snapshot(), warnings)).isEqualTo(5);
        assertThat(warnings).isEmpty();

        // The first snapshot with a checksum, over one without: only the pending checksum, not this snapshot's.
        Files.delete(sidecar());
        assertThat(restore(snapshot(), warnings)).isEqualTo(5);
        assertThat(warnings).singleElement().asString().contains("read without a check");

        // A pending checksum cut short by the crash is none.
        Files.writeString(sidecar(), oldChecksum);
        Files.writeString(pending, "crc32c 1a");
        assertThat(restore(snapshot(), new ArrayList<>())).isEqualTo(5);
        ResourceDump.writeSnapshot(resources.subList(0, 3), snapshot());
        assertThat(pending).doesNotExist();
        assertThat(restore(snapshot(), new ArrayList<>())).isEqualTo(3);

        // Damage is damage even with a checksum pending.
        Files.write(snapshot(), newSnapshot);
        Files.writeString(sidecar(), oldChecksum);
        Files.writeString(pending, newChecksum);
        Files.writeString(snapshot(), Files.readString(snapshot()).replaceFirst("\"user17\"", "\"user1x\""));
        assertThatThrownBy(() -> restore(snapshot(), new ArrayList<>())).hasMessageContaining("the snapshot is damaged");
    }
}
