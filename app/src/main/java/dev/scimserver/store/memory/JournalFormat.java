package dev.scimserver.store.memory;

import dev.scimserver.store.memory.Journal.CorruptJournalException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The bytes of a journal file: its lines, each with its length and checksum, then the preallocated
 * zeros.
 *
 * <p>A line is one JSON object that begins with two members the writer puts there:
 * <pre>{"length":N,"crc32c":"hhhhhhhh","op":"put",...}\n</pre>
 * {@code N} (decimal, no leading zero) counts the bytes that follow the header
 * {@code {"length":N,"crc32c":"hhhhhhhh",} up to and including the newline, and {@code hhhhhhhh} is
 * the CRC32C of those same bytes (8 lowercase hex digits). The rest is the record as JSON (UTF-8,
 * without its opening brace). A line is still a JSON object, so a JSON-lines tool (or a server of
 * the version before, whose replay ignores members it does not know) reads it as before.
 *
 * <p>Lines never hold a zero byte (the header is ASCII, and JSON escapes U+0000), so the first zero
 * byte after the last complete line begins the preallocated tail.
 * Replay then tells a crash from damage: a last line cut short (fewer bytes than its length says,
 * then only zeros or the end of the file) is a write the crash interrupted, never acknowledged, and
 * is skipped with a warning; so are pieces of a record after the zeros with no whole record among
 * them (a power loss can leave a later page of an unacknowledged write on disk and not an earlier
 * one). Anything else stops the start naming the line: a checksum or length that does not match,
 * a zero byte inside a whole line, a whole record after the zeros (they hide acknowledged writes),
 * a line that begins as no record does.
 *
 * <p>Journals written before checksums hold lines of the record alone ({@code {"op":...}}); the first
 * line decides which kind a file holds (a journal is only ever appended to by the version that
 * created it), and a file that mixes the two is damaged. Lines of that kind are read as they were
 * (a JSON parse is the only check), with the zero tail checked as above.
 */
final class JournalFormat {
    private static final byte[] HEADER = ascii("{\"length\":");
    private static final byte[] CRC_MEMBER = ascii(",\"crc32c\":\"");
    private static final byte[] HEADER_END = ascii("\",");
    /** How every line began before checksums: the writers always put "op" first. */
    private static final byte[] UNCHECKED_START = ascii("{\"op\":");
    private static final byte[] HEX = ascii("0123456789abcdef");
    /** The longest header: {@code {"length":} + 10 digits + {@code ,"crc32c":"} + 8 hex digits + {@code ",}. */
    static final int MAX_HEADER = HEADER.length + 10 + CRC_MEMBER.length + 8 + HEADER_END.length;

    private JournalFormat() {
    }

    /** One line read back: its number in the file (from 1) and its JSON text. */
    record Line(int number, String json, boolean unterminated) {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The line that records {@code json} (a JSON object's compact text, UTF-8): the header with the
     * length and CRC32C of the bytes after it, then the object's members and the newline. One
     * array, ready for one write.
     */
    static byte[] line(byte[] json) {
        if (json.length < 2 || json[0] != '{') {
            throw new IllegalArgumentException("a journal record is a JSON object");
        }
        int length = json.length; // the members after the opening brace, plus the newline
        CRC32C crc = new CRC32C();
        crc.update(json, 1, json.length - 1);
        crc.update('\n');
        int checksum = (int) crc.getValue();
        int digits = 1;
        for (int rest = length / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int header = HEADER.length + digits + CRC_MEMBER.length + 8 + HEADER_END.length;
        byte[] line = new byte[header + length];
        int at = put(line, 0, HEADER);
        for (int rest = length, k = at + digits - 1; k >= at; k--, rest /= 10) {
            line[k] = (byte) ('0' + rest % 10);
        }
        at = put(line, at + digits, CRC_MEMBER);
        for (int shift = 28; shift >= 0; shift -= 4) {
            line[at++] = HEX[(checksum >>> shift) & 0xf];
        }
        at = put(line, at, HEADER_END);
        System.arraycopy(json, 1, line, at, json.length - 1);
        line[line.length - 1] = '\n';
        return line;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * Hands the lines of a journal file to {@code each} in order, checking each before it is handed
     * over, so the first damaged line is the one a failure names. A last line the crash cut short
     * is skipped with a warning (a line without checksum is handed over marked unterminated; its
     * parse decides, as before checksums).
     *
     * @throws CorruptJournalException naming the line, for any damage
     */
    static void read(byte[] bytes, Path file, Consumer<String> warn, Consumer<Line> each) {
        Boolean checked = null; // unknown until the first line: whether the file's lines carry checksums
        int at = 0;
        for (int number = 1; ; number++) {
            int end = at;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != 0) {
                end++;
            }
            if (end == bytes.length || bytes[end] == 0) {
                // The end of what was written: the rest must be the preallocated zeros.
                int stray = firstNonZero(bytes, end);
                if (stray >= 0) {
                    boolean withChecksums = checked != null ? checked : header(bytes, at, end) != null;
                    int whole = completedByStray(bytes, at, end, stray, withChecksums) ? at : wholeLineAfter(bytes, stray, withChecksums);
                    if (whole >= 0) {
                        throw corrupt(file, number, (end > at ? "a zero byte inside it" : "a zero byte where it should begin")
                                + ", at byte " + end + " of the file, with a whole record after it at byte " + whole
                                + ": damage, not the end of the written lines");
                    }
                    // Only pieces of records after the zeros: after a power loss a disk may have written a
                    // later page of a write that was never acknowledged (each flush covers all before it).
                    warn.accept(file + ": bytes after the end of the written lines (from byte " + stray
                            + ") hold no whole record; a write the server never acknowledged, ignored");
                }
                if (end > at) {
                    last(bytes, at, end, number, checked, file, warn, each);
                }
                return;
            }
            checked = complete(bytes, at, end, number, checked, file, each);
            at = end + 1;
        }
    }

    /** A line with its newline at {@code end}; returns whether the file's lines carry checksums. */
    private static Boolean complete(byte[] bytes, int at, int end, int number, Boolean checked, Path file,
                                    Consumer<Line> each) {
        Header header = header(bytes, at, end);
        if (header != null && header.bodyStart() >= 0) {
            if (Boolean.FALSE.equals(checked)) {
                throw corrupt(file, number, "a line with a checksum in a journal whose lines have none");
            }
            int length = end + 1 - header.bodyStart();
            if (length != header.length()) {
                throw corrupt(file, number, "its length says " + header.length() + " bytes, but " + length + " follow its header");
            }
            if (crc(bytes, header.bodyStart(), length) != header.crc()) {
                throw corrupt(file, number, "its checksum does not match its bytes");
            }
            each.accept(new Line(number, text(bytes, at, end), false));
            return Boolean.TRUE;
        }
        if (Boolean.TRUE.equals(checked)) {
            throw corrupt(file, number, blank(bytes, at, end) ? "an empty line" : "it does not begin with a length and a checksum");
        }
        if (blank(bytes, at, end)) {
            return checked; // skipped, as before checksums
        }
        if (!startsWith(bytes, at, end, UNCHECKED_START)) {
            throw corrupt(file, number, "it does not begin as a journal record does");
        }
        each.accept(new Line(number, text(bytes, at, end), false));
        return Boolean.FALSE;
    }

    /**
     * The offset of the first whole record (a line that ends in a newline and passes its checks) that
     * starts after a newline at or past {@code from}, or -1. A record found there was written after
     * the zeros, so those zeros are damage, not the tail.
     */
    private static int wholeLineAfter(byte[] bytes, int from, boolean checked) {
        for (int start = nextLineStart(bytes, from); start >= 0 && start < bytes.length; start = nextLineStart(bytes, start)) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != 0) {
                end++;
            }
            if (end == bytes.length || bytes[end] == 0) {
                return -1;
            }
            if (checked) {
                Header header = header(bytes, start, end);
                if (header != null && header.bodyStart() >= 0 && end + 1 - header.bodyStart() == header.length()
                        && crc(bytes, header.bodyStart(), (int) header.length()) == header.crc()) {
                    return start;
                }
            } else if (startsWith(bytes, start, end, UNCHECKED_START)) {
                return start;
            }
        }
        return -1;
    }

    /**
     * Whether the line at {@code at}, cut by a zero at {@code end}, is a whole line whose byte became
     * zero: its header's length reaches exactly the newline that follows the stray bytes.
     */
    private static boolean completedByStray(byte[] bytes, int at, int end, int stray, boolean checked) {
        Header header = checked ? header(bytes, at, end) : null;
        int newline = nextLineStart(bytes, stray) - 1;
        return header != null && header.bodyStart() >= 0 && newline >= 0
                && newline + 1 - header.bodyStart() == header.length();
    }

    /** The position after the next newline at or past {@code from}, or -1. */
    private static int nextLineStart(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** What was being written when the server stopped: the bytes before the zero tail after the last newline. */
    private static void last(byte[] bytes, int at, int end, int number, Boolean checked, Path file, Consumer<String> warn,
                             Consumer<Line> each) {
        Header header = header(bytes, at, end);
        boolean withChecksum = Boolean.TRUE.equals(checked) || (checked == null && header != null);
        if (!withChecksum) {
            // As before checksums: the replay parses it and skips it when that fails.
            each.accept(new Line(number, text(bytes, at, end), true));
            return;
        }
        if (header == null) {
            throw corrupt(file, number, "it does not begin with a length and a checksum");
        }
        // A complete header whose length the bytes after it reach was not cut short: its newline is
        // missing where the length says, in the middle of the line.
        if (header.bodyStart() >= 0 && end - header.bodyStart() >= header.length()) {
            throw corrupt(file, number, "its length says " + header.length() + " bytes, but more follow its header without a newline");
        }
        warn.accept(file + ": line " + number + " is incomplete (the server stopped while writing it); skipped");
    }

    /**
     * The header of the line in {@code [at, end)}: null when those bytes do not begin as a header does;
     * {@code bodyStart} -1 when they end before the header does (a line cut short inside it).
     */
    private record Header(long length, int crc, int bodyStart) {
    }

    private static Header header(byte[] bytes, int at, int end) {
        int i = at;
        for (byte b : HEADER) {
            if (i == end) {
                return new Header(0, 0, -1);
            }
            if (bytes[i++] != b) {
                return null;
            }
        }
        long length = 0;
        int digitsStart = i;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
            if (i - digitsStart == 10 || (i == digitsStart + 1 && bytes[digitsStart] == '0')) {
                return null; // longer than a line can be, or a leading zero the writer never puts
            }
            length = length * 10 + (bytes[i++] - '0');
        }
        if (i == end) {
            return new Header(length, 0, -1);
        }
        if (i == digitsStart) {
            return null;
        }
        for (byte b : CRC_MEMBER) {
            if (i == end) {
                return new Header(length, 0, -1);
            }
            if (bytes[i++] != b) {
                return null;
            }
        }
        int crc = 0;
        for (int k = 0; k < 8; k++) {
            if (i == end) {
                return new Header(length, 0, -1);
            }
            int digit = hex(bytes[i++]);
            if (digit < 0) {
                return null;
            }
            crc = crc << 4 | digit;
        }
        for (byte b : HEADER_END) {
            if (i == end) {
                return new Header(length, crc, -1);
            }
            if (bytes[i++] != b) {
                return null;
            }
        }
        return new Header(length, crc, i);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    private static int firstNonZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(byte[] bytes, int at, int end) {
        return text(bytes, at, end).isBlank();
    }

    private static String text(byte[] bytes, int at, int end) {
        return new String(bytes, at, end - at, StandardCharsets.UTF_8);
    }

    static CorruptJournalException corrupt(Path file, int number, String why) {
        return new CorruptJournalException(file + ": line " + number + " is corrupt (" + why
                + "); the journal cannot be replayed past it");
    }
}
