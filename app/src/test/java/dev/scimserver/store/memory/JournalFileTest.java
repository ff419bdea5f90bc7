package dev.scimserver.store.memory;

import dev.scimserver.core.ScimJson;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal file on disk: preallocated with zeros that lines overwrite, read back up to the first
 * zero byte, whatever a crash left after it; journals written before preallocation (no zero tail)
 * read as they did.
 */
class JournalFileTest {
    @TempDir
    Path dir;

    private static StoredResource user(int i, int padding) {
        return new StoredResource("User", "id-" + i, ScimJson.createObjectBuilder()
                .add("id", "id-" + i)
                .add("userName", "user" + i)
                .add("title", "x".repeat(padding))
                .build(), Set.of(new UniqueValue("User", "userName", "user" + i)));
    }

    /** A journal at {@code file} holding users 1..n, flushed; returns what is on disk. */
    private static byte[] journalOfUsers(Path file, int n) throws Exception {
        try (Journal journal = Journal.create(file, true)) {
            long last = 0;
            for (int i = 1; i <= n; i++) {
                last = journal.appendPut(user(i, 10));
            }
            journal.awaitDurable(last);
        }
        return Files.readAllBytes(file);
    }

    private static List<String> replayedIds(Path file, List<String> warnings) {
        List<String> ids = new ArrayList<>();
        Journal.replay(file, entry -> ids.add(((Journal.Put) entry).resource().id()), warnings::add);
        return ids;
    }

    @Test
    void aNewJournalIsZerosAheadOfNoLines() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.create(file, true)) {
            assertThat(journal.size()).isZero();
            assertThat(Files.size(file)).isEqualTo(Journal.PREALLOCATE);
            assertThat(Files.readAllBytes(file)).containsOnly(0);
            List<String> warnings = new ArrayList<>();
            assertThat(replayedIds(file, warnings)).isEmpty();
            assertThat(warnings).isEmpty();
        }
        assertThat(dir.resolve("journal.jsonl.new")).doesNotExist();
    }

    @Test
    void linesPastThePreallocatedZerosGetMoreZerosAndAllReplay() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        int count = 0;
        try (Journal journal = Journal.create(file, true)) {
            while (journal.size() < Journal.PREALLOCATE + 100_000) {
                journal.awaitDurable(journal.appendPut(user(count++, 20_000)));
            }
            assertThat(Files.size(file)).isGreaterThan(journal.size());
        }
        List<String> warnings = new ArrayList<>();
        List<String> ids = replayedIds(file, warnings);
        assertThat(ids).hasSize(count).startsWith("id-0").endsWith("id-" + (count - 1));
        assertThat(warnings).isEmpty();
    }

    @Test
    void creatingAgainReplacesTheJournalWithAnEmptyOne() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        journalOfUsers(file, 1);
        try (Journal again = Journal.create(file, true)) {
            assertThat(again.size()).isZero();
            assertThat(replayedIds(file, new ArrayList<>())).isEmpty();
        }
    }

    /** A crash while a line was being written: its start is there, then the zeros. */
    @Test
    void aTornLineBeforeTheZerosIsSkippedWithAWarning() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 2);
        int end = firstZero(bytes);
        String second = new String(bytes, 0, end, StandardCharsets.UTF_8).lines().toList().get(1);
        byte[] torn = second.substring(0, 30).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(torn, 0, bytes, end, torn.length);
        Files.write(file, bytes);

        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2");
        assertThat(warnings).singleElement().asString().contains("line 3 is incomplete");
    }

    /** A crash that wrote a later page of a line but not the one before: bytes after zeros, never acknowledged. */
    @Test
    void bytesAfterTheZerosAreIgnoredWithAWarning() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 1);
        byte[] stray = "ame\":\"user9\"}}\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(stray, 0, bytes, firstZero(bytes) + 4096, stray.length);
        Files.write(file, bytes);

        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).containsExactly("id-1");
        assertThat(warnings).singleElement().asString().contains("after the end of the written lines");
    }

    /** A journal of the format before preallocation: lines only, the file as long as they are. */
    @Test
    void aJournalWithoutZerosReadsAsBefore() throws Exception {
        byte[] bytes = journalOfUsers(dir.resolve("written.jsonl"), 2);
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.write(bytes, 0, firstZero(bytes));
        Path file = dir.resolve("journal.jsonl");
        Files.write(file, old.toByteArray());

        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2");
        assertThat(warnings).isEmpty();

        Files.write(file, (new String(old.toByteArray(), StandardCharsets.UTF_8) + "{\"op\":\"pu").getBytes(StandardCharsets.UTF_8));
        assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2");
        assertThat(warnings).singleElement().asString().contains("line 3 is incomplete");
    }

    private static int firstZero(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }
}
