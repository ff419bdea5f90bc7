package dev.scimserver.store.memory;

import dev.scimserver.json.ScimJson;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal file on disk: lines that carry their length and CRC32C, over preallocated zeros that
 * lines overwrite. Replay skips a last line a crash cut short, with a warning, and stops at damage
 * anywhere else, naming the line; journals written before checksums (and before the zeros) read as
 * they did.
 */
class JournalFileTest {
    private static final Pattern LINE = Pattern.compile("\\{\"length\":(\\d+),\"crc32c\":\"([0-9a-f]{8})\",(\"op\":.*)\n");

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

    /** The written lines of a journal's bytes, each with its newline. */
    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, 0, firstZero(bytes), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("(?<=\n)")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The lines as a journal from before checksums wrote them: the record alone. */
    private static String unchecked(String line) {
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return "{" + m.group(3) + "\n";
    }

    private static byte[] withZeros(String lines) {
        byte[] text = lines.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text, text.length + 8192);
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
    void theJournalAndAFolderItMakesAreForTheirOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("data/journal.jsonl");
        journalOfUsers(file, 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    /** The exact bytes: the header's length and CRC32C cover what follows it; the line is still one JSON object. */
    @Test
    void eachLineIsAJsonObjectThatBeginsWithItsLengthAndChecksum() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 3);
        List<String> lines = lines(bytes);
        assertThat(lines).hasSize(3);
        long written = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            byte[] body = (m.group(3) + "\n").getBytes(StandardCharsets.UTF_8); // the length and the CRC cover the newline too
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(body.length);
            CRC32C crc = new CRC32C();
            crc.update(body);
            assertThat(m.group(2)).isEqualTo(String.format("%08x", crc.getValue()));
            JsonObject json = ScimJson.createReader(new StringReader(line)).readObject();
            assertThat(json.getString("op")).isEqualTo("put");
            written += line.getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(firstZero(bytes)).isEqualTo(written);
        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2", "id-3");
        assertThat(warnings).as("the zero tail alone is no damage").isEmpty();
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

    /** A crash while the last line was being written: its start is there, then zeros or the end of the file. */
    @Test
    void aLastLineCutShortIsSkippedWithAWarning() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 3);
        List<String> lines = lines(bytes);
        String third = lines.get(2);
        for (int cut : new int[] {1, 5, 12, 20, 36, 60, third.length() - 1}) {
            String torn = lines.get(0) + lines.get(1) + third.substring(0, cut);
            for (byte[] written : List.of(withZeros(torn), torn.getBytes(StandardCharsets.UTF_8))) {
                Files.write(file, written);
                List<String> warnings = new ArrayList<>();
                assertThat(replayedIds(file, warnings)).as("cut at %d", cut).containsExactly("id-1", "id-2");
                assertThat(warnings).singleElement().asString().contains("line 3 is incomplete");
            }
        }
        Files.write(file, withZeros(third.substring(0, 30)));
        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).as("the only line, cut short").isEmpty();
        assertThat(warnings).singleElement().asString().contains("line 1 is incomplete");
    }

    /** Ways a journal is damaged before its last line; each one stops the replay naming line 2 of 4. */
    enum Damage {
        CHANGED_LETTER_IN_A_VALUE,
        FLIPPED_BIT,
        NUL_INSERTED,
        NUL_REPLACING_A_BYTE,
        NEWLINE_INSERTED,
        CUT_SHORT_IN_THE_MIDDLE,
        CUT_SHORT_AT_THE_END,
        CHANGED_LENGTH,
        LONGER_LENGTH,
        CHANGED_CHECKSUM,
        DAMAGED_HEADER_NAME,
        EMPTY_LINE,
        A_LINE_WITHOUT_CHECKSUM,
        BYTES_AFTER_THE_ZERO_TAIL;

        byte[] apply(List<String> lines) {
            String second = lines.get(1);
            int value = second.indexOf("\"user2\"") + 3;
            String damaged = switch (this) {
                case CHANGED_LETTER_IN_A_VALUE -> second.substring(0, value) + "f" + second.substring(value + 1);
                case FLIPPED_BIT -> second.substring(0, value) + (char) (second.charAt(value) ^ 0x04) + second.substring(value + 1);
                case NUL_INSERTED -> second.substring(0, value) + "\0" + second.substring(value);
                case NUL_REPLACING_A_BYTE -> second.substring(0, value) + "\0" + second.substring(value + 1);
                case NEWLINE_INSERTED -> second.substring(0, value) + "\n" + second.substring(value);
                case CUT_SHORT_IN_THE_MIDDLE -> second.substring(0, value) + second.substring(value + 10);
                case CUT_SHORT_AT_THE_END -> second.substring(0, second.length() - 20);
                case CHANGED_LENGTH -> second.replaceFirst("\"length\":(\\d)", "\"length\":" + (second.charAt(10) == '9' ? 8 : 9));
                case LONGER_LENGTH -> second.replaceFirst("\"length\":(\\d+)", "\"length\":$1" + "0");
                case CHANGED_CHECKSUM -> {
                    int digit = second.indexOf("\"crc32c\":\"") + 10;
                    yield second.substring(0, digit) + (second.charAt(digit) == 'a' ? 'b' : 'a') + second.substring(digit + 1);
                }
                case DAMAGED_HEADER_NAME -> second.replaceFirst("length", "lengtx");
                case EMPTY_LINE -> "\n" + second;
                case A_LINE_WITHOUT_CHECKSUM -> unchecked(second);
                case BYTES_AFTER_THE_ZERO_TAIL -> null;
            };
            if (damaged == null) {
                // Not a write a crash interrupted: the journal's lines moved on by a zero byte after the first.
                return withZeros(lines.get(0) + "\0" + lines.get(1) + lines.get(2) + lines.get(3));
            }
            assertThat(damaged).isNotEqualTo(second);
            return withZeros(lines.get(0) + damaged + lines.get(2) + lines.get(3));
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damageBeforeTheLastLineStopsTheReplayNamingTheLine(Damage damage) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<String> lines = lines(journalOfUsers(file, 4));
        Files.write(file, damage.apply(lines));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .isInstanceOf(Journal.CorruptJournalException.class)
                .hasMessageContaining("journal.jsonl: line 2 is corrupt")
                .hasMessageContaining("cannot be replayed past it");
    }

    /** A whole last line whose checksum fails was not cut short by a crash: damage, not a torn write. */
    @Test
    void aCompleteLastLineThatFailsItsChecksumIsDamage() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<String> lines = lines(journalOfUsers(file, 2));
        String last = lines.get(1).replace("\"user2\"", "\"user3\"");
        Files.write(file, withZeros(lines.get(0) + last));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .hasMessageContaining("line 2 is corrupt (its checksum does not match its bytes)");

        // The bytes a length says are all there, but no newline where it ends.
        Files.write(file, withZeros(lines.get(0) + lines.get(1).replace("\n", "x")));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .hasMessageContaining("line 2 is corrupt");
    }

    @Test
    void aZeroByteInsideTheFirstLineWithLinesAfterItIsDamage() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<String> lines = lines(journalOfUsers(file, 3));
        Files.write(file, withZeros(lines.get(0).substring(0, 50) + "\0" + lines.get(0).substring(50) + lines.get(1) + lines.get(2)));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .hasMessageContaining("line 1 is corrupt (a zero byte inside it");
    }

    /** Journals written before checksums: the record alone on each line, with or without the zero tail. */
    @Test
    void aJournalWithoutChecksumsReadsAsBefore() throws Exception {
        List<String> lines = lines(journalOfUsers(dir.resolve("written.jsonl"), 3));
        String old = unchecked(lines.get(0)) + unchecked(lines.get(1)) + unchecked(lines.get(2));
        Path file = dir.resolve("journal.jsonl");
        for (byte[] bytes : List.of(old.getBytes(StandardCharsets.UTF_8), withZeros(old))) {
            Files.write(file, bytes);
            List<String> warnings = new ArrayList<>();
            assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2", "id-3");
            assertThat(warnings).isEmpty();
        }

        Files.write(file, withZeros(old + "{\"op\":\"pu"));
        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).containsExactly("id-1", "id-2", "id-3");
        assertThat(warnings).singleElement().asString().contains("line 4 is incomplete");

        Files.write(file, withZeros(unchecked(lines.get(0)) + "{\"op\":\"put\"\n" + unchecked(lines.get(2))));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>())).hasMessageContaining("line 2 is corrupt");

        // The damage that made the old replay drop every later write: a zero byte inside an early line.
        String second = unchecked(lines.get(1));
        Files.write(file, withZeros(unchecked(lines.get(0)) + second.substring(0, 30) + "\0" + second.substring(30)
                + unchecked(lines.get(2))));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>())).hasMessageContaining("line 2 is corrupt (a zero byte inside it");

        // A line with a checksum in a journal whose lines have none: no version writes that.
        Files.write(file, withZeros(unchecked(lines.get(0)) + lines.get(1)));
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>())).hasMessageContaining("line 2 is corrupt");
    }

    /**
     * A write cut in pieces (a later page on disk, an earlier one not), as a power loss may leave
     * one that was never acknowledged: pieces after the zeros are ignored with a warning, and every
     * line before them replays.
     */
    @Test
    void piecesOfARecordAfterTheZeroTailAreIgnoredWithAWarning() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 1);
        byte[] stray = "ame\":\"user9\"}}\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(stray, 0, bytes, firstZero(bytes) + 4096, stray.length);
        Files.write(file, bytes);
        List<String> warnings = new ArrayList<>();
        assertThat(replayedIds(file, warnings)).hasSize(1);
        assertThat(warnings).singleElement().asString().contains("hold no whole record", "ignored");
    }

    /** A whole record after zeros means the zeros hide acknowledged writes: damage, whatever lies between. */
    @Test
    void aWholeRecordAfterTheZerosStopsTheReplay() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 3);
        byte[] lines = Arrays.copyOf(bytes, firstZero(bytes));
        int secondLine = indexAfterNewline(lines, 1);
        // The second and third lines moved 4 KiB on, as if a page between had been lost.
        byte[] moved = Arrays.copyOfRange(lines, secondLine, lines.length);
        Arrays.fill(bytes, secondLine, bytes.length, (byte) 0);
        System.arraycopy(moved, 0, bytes, secondLine + 4096, moved.length);
        Files.write(file, bytes);
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .hasMessageContaining("line 2 is corrupt (a zero byte where it should begin")
                .hasMessageContaining("with a whole record after it");
    }

    /** A zero in place of a byte of the last whole line: its length still reaches its newline, so it is damage. */
    @Test
    void aZeroInsideTheLastWholeLineStopsTheReplay() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        byte[] bytes = journalOfUsers(file, 2);
        int secondLine = indexAfterNewline(bytes, 1);
        bytes[secondLine + 60] = 0;
        Files.write(file, bytes);
        assertThatThrownBy(() -> replayedIds(file, new ArrayList<>()))
                .hasMessageContaining("line 2 is corrupt (a zero byte inside it");
    }

    /** The offset after the {@code n}-th newline. */
    private static int indexAfterNewline(byte[] bytes, int n) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " lines");
    }

    @Test
    void theChecksumCoversTheBytesAsWrittenForAnyText() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        StoredResource tricky = new StoredResource("User", "id-é", ScimJson.createObjectBuilder()
                .add("id", "id-é").add("userName", "line\nbreak\u0000nul \"quoted\" 日本 \uD83D\uDE00").build(), Set.of());
        try (Journal journal = Journal.create(file, true)) {
            journal.awaitDurable(journal.appendPut(tricky));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(lines(bytes)).singleElement().satisfies(line -> assertThat(LINE.matcher(line).matches()).isTrue());
        List<Journal.Entry> entries = new ArrayList<>();
        Journal.replay(file, entries::add, warning -> {
            throw new AssertionError(warning);
        });
        assertThat(((Journal.Put) entries.getFirst()).resource().body()).isEqualTo(tricky.body());
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
