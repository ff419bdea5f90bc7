package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The reader hands every resource over in file order, prepared by one thread or the other, and never leaves its caller waiting. */
class DumpReaderTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();

    @TempDir
    Path dir;

    private Path dump(int users) throws IOException {
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            resources.add("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"u" + i
                    + "\",\"userName\":\"user" + i + "\"}");
        }
        Path file = dir.resolve("dump.json");
        Files.writeString(file, "[" + String.join(",\n", resources) + "]");
        return file;
    }

    /** Marks a resource as prepared by putting its index in place of its JSON. */
    private static DumpReader.Parsed prepare(DumpReader.Parsed parsed) {
        return parsed.failed(ScimException.invalidValue("prepared #" + parsed.index()));
    }

    @Test
    void everyResourceComesPreparedAndInOrder() throws IOException {
        Path file = dump(3_000);
        List<Integer> indexes = new ArrayList<>();
        try (DumpReader reader = new DumpReader(file, REGISTRY, DumpReaderTest::prepare)) {
            for (DumpReader.Parsed parsed = reader.next(); parsed != null; parsed = reader.next()) {
                assertThat(parsed.resource()).isNull();
                assertThat(parsed.fault().detail()).isEqualTo("prepared #" + parsed.index());
                indexes.add(parsed.index());
            }
        }
        assertThat(indexes).hasSize(3_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aPreparationThatBreaksReachesTheCallerInsteadOfLeavingItWaiting() throws IOException {
        Path file = dump(3_000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (DumpReader reader = new DumpReader(file, REGISTRY, parsed -> {
                if (parsed.index() >= 1_000) {
                    throw new IllegalStateException("broken at #" + parsed.index());
                }
                return prepare(parsed);
            })) {
                assertThatThrownBy(() -> {
                    while (reader.next() != null) {
                        // read on until the broken one
                    }
                }).hasMessageContaining("broken at #1000");
            }
        });
    }
}
