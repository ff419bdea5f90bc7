package dev.scimserver.store.dump;

import dev.scimserver.json.CompactJsonArray;
import dev.scimserver.json.CompactJsonObject;
import dev.scimserver.json.ScimJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a resource dump (a JSON array of objects) one resource at a time, straight from the UTF-8
 * bytes of the file. Parsson, which read dumps before, decoded every byte into a char and made a
 * String of every member name and value: a third of the CPU of a restore, nearly all of it garbage
 * at once. This parser makes only what a resource keeps: names and short repeated values are found
 * where they lie in the buffer ({@link SharedStrings}), objects and arrays are the compact ones the
 * store holds.
 *
 * <p>Values equal what Parsson makes of the same text, numbers down to their class. Unlike Parsson
 * it refuses bytes that are not UTF-8 (Parsson replaces them) and nesting deeper than
 * {@value #MAX_DEPTH} arrays and objects (Parsson allows 1,000), and it reads UTF-8 only, with or
 * without a byte order mark (Parsson also reads UTF-16 and UTF-32).
 */
public final class DumpParser {
    /** SCIM resources nest a few levels; a dump nested deeper is not one, and the stack stays small. */
    static final int MAX_DEPTH = 100;
    private static final int BUFFER_SIZE = 1 << 16;
    private static final int END = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Why the dump is not JSON, and where: line and column start at 1, the column counts UTF-16 chars as Parsson does. */
    public static final class InvalidJsonException extends RuntimeException {
        private final long line;
        private final long column;

        InvalidJsonException(String why, long line, long column) {
            super(why, null, false, false);
            this.line = line;
            this.column = column;
        }

        public long line() {
            return line;
        }

        public long column() {
            return column;
        }
    }

    /** The next element of the dump is JSON but not an object; the caller knows which resource that is. */
    public static final class NotAnObjectException extends RuntimeException {
        NotAnObjectException() {
            super(null, null, false, false);
        }
    }

    private final InputStream in;
    private final SharedStrings strings = new SharedStrings();
    private final DumpText text = new DumpText();
    /** A list per depth for the elements of the array read there, used again: only the array made of it is kept. */
    private final List<List<JsonValue>> elements = new ArrayList<>();
    private byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    /** How many bytes of the file came before {@code buffer[0]}. */
    private long discarded;
    private long line = 1;
    /** Where in the file the current line begins. */
    private long lineStart;
    /**
     * How many more bytes than chars the current line has before the token being read (see
     * {@link #bytesBeyondChars}), so that a column counts chars however many bytes each took.
     */
    private long beyondChars;
    private boolean firstResource = true;

    public DumpParser(InputStream in) {
        this.in = in;
    }

    /** Reads up to and past the bracket that opens the dump; false when the file holds another JSON value, or nothing. */
    public boolean openArray() throws IOException {
        skipByteOrderMark();
        int next = skipWhitespace();
        if (next == '[') {
            position++;
            return true;
        }
        if (next == END || startsValue(next)) {
            return false;
        }
        throw expected("a JSON value", next);
    }

    /**
     * The next resource of the dump, or null after the closing bracket, which nothing but whitespace
     * may follow.
     *
     * @throws NotAnObjectException when the next element is another kind of JSON value
     */
    public JsonObject nextObject() throws IOException {
        int next = skipWhitespace();
        if (next == ']') {
            return end();
        }
        if (!firstResource) {
            if (next != ',') {
                throw expected("',' or ']'", next);
            }
            position++;
            next = skipWhitespace();
        }
        firstResource = false;
        if (next == '{') {
            return object(2); // inside the dump's array
        }
        if (startsValue(next)) {
            throw new NotAnObjectException();
        }
        throw expected("a JSON value", next);
    }

    private JsonObject end() throws IOException {
        position++;
        int next = skipWhitespace();
        if (next != END) {
            throw invalid("nothing but whitespace may follow the dump's closing ']'", position);
        }
        return null;
    }

    /** An object whose opening brace is next, {@code depth} arrays and objects deep counting itself. */
    private JsonObject object(int depth) throws IOException {
        enter(depth);
        CompactJsonObject.Builder members = CompactJsonObject.shortLivedBuilder(8);
        int next = skipWhitespace();
        if (next == '}') {
            position++;
            return members.build();
        }
        while (true) {
            if (next != '"') {
                throw expected("a member name", next);
            }
            position++;
            String name = strings.name(string());
            next = skipWhitespace();
            if (next != ':') {
                throw expected("':'", next);
            }
            position++;
            members.add(name, value(depth));
            next = skipWhitespace();
            if (next == '}') {
                position++;
                return members.build();
            }
            if (next != ',') {
                throw expected("',' or '}'", next);
            }
            position++;
            next = skipWhitespace();
        }
    }

    /** An array whose opening bracket is next, {@code depth} arrays and objects deep counting itself. */
    private JsonArray array(int depth) throws IOException {
        enter(depth);
        while (elements.size() <= depth) {
            elements.add(new ArrayList<>());
        }
        List<JsonValue> values = elements.get(depth);
        if (skipWhitespace() != ']') {
            while (true) {
                values.add(value(depth));
                int next = skipWhitespace();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw expected("',' or ']'", next);
                }
                position++;
            }
        }
        position++;
        JsonArray array = CompactJsonArray.of(values);
        values.clear();
        return array;
    }

    /** Steps past the brace or bracket that opens an object or array this deep. */
    private void enter(int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid("more than " + MAX_DEPTH + " arrays and objects inside each other", position);
        }
        position++;
    }

    /** The value that comes next, inside a container {@code depth} deep. */
    private JsonValue value(int depth) throws IOException {
        int next = skipWhitespace();
        return switch (next) {
            case '"' -> {
                position++;
                yield strings.value(string());
            }
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case 't' -> literal("true", JsonValue.TRUE);
            case 'f' -> literal("false", JsonValue.FALSE);
            case 'n' -> literal("null", JsonValue.NULL);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw expected("a JSON value", next);
        };
    }

    private static boolean startsValue(int next) {
        return switch (next) {
            case '"', '{', '[', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> true;
            default -> false;
        };
    }

    private JsonValue literal(String word, JsonValue value) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (position == limit) {
                fill(position);
            }
            if (position == limit || buffer[position] != word.charAt(i)) {
                throw invalid("expected " + word, position);
            }
            position++;
        }
        return value;
    }

    /** Reads the string whose opening quote is behind, up to and past its closing quote. */
    private DumpText string() throws IOException {
        int start = position;
        boolean ascii = true;
        while (true) {
            if (position + 8 <= limit) {
                long special = specialBytes((long) LONGS.get(buffer, position));
                if (special == 0) {
                    position += 8;
                    continue;
                }
                position += Long.numberOfTrailingZeros(special) >>> 3;
            }
            start = stringGoesOn(start);
            byte b = buffer[position];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                // The next byte belongs to the escape, even a quote; decode checks what it is.
                ascii = false;
                position++;
                start = stringGoesOn(start);
            } else if (b < 0) {
                ascii = false;
            } else if (b < 0x20) {
                throw invalidInString("a control character in a string must be escaped", start, position);
            }
            position++;
        }
        int end = position++;
        if (ascii) {
            text.ascii(buffer, start, end - start);
        } else {
            decode(start, end);
            beyondChars += bytesBeyondChars(start, end);
        }
        return text;
    }

    /**
     * The high bit of each of these eight bytes (the first at the lowest bits) that a string cannot
     * simply run on over: a quote, a backslash, a control character or a byte of a character
     * beyond ASCII. Only the lowest bit set is exact (a borrow can mark the bytes after it), which
     * is all the string scan asks. Testing eight bytes at once instead of one by one took a quarter
     * off parsing a dump: most of a dump's bytes are in strings.
     */
    private static long specialBytes(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        return ((quote - 0x0101010101010101L) & ~quote
                | (backslash - 0x0101010101010101L) & ~backslash
                | (word - 0x2020202020202020L) & ~word
                | word) & 0x8080808080808080L;
    }

    /** Makes the next byte of the string that begins at {@code start} readable; returns where it begins now. */
    private int stringGoesOn(int start) throws IOException {
        if (position == limit) {
            start -= fill(start);
            if (position == limit) {
                throw invalid("the file ends inside a string", position);
            }
        }
        return start;
    }

    /** Decodes a string's escapes and UTF-8 into {@link #text}; refuses what is neither JSON nor UTF-8. */
    private void decode(int start, int end) {
        // No string has more chars than bytes: an escape or a four-byte character is never shorter as bytes.
        char[] chars = text.chars(end - start);
        int count = 0;
        int i = start;
        while (i < end) {
            byte b = buffer[i];
            if (b == '\\') {
                chars[count++] = escaped(start, i, end);
                i += buffer[i + 1] == 'u' ? 6 : 2;
            } else if (b >= 0) {
                chars[count++] = (char) b;
                i++;
            } else {
                int codePoint = codePoint(start, i, end);
                count += Character.toChars(codePoint, chars, count);
                i += codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            }
        }
        text.decoded(count);
    }

    /** The char the escape at {@code i} stands for; four hex digits of half a surrogate pair are that half, as in Java. */
    private char escaped(int start, int i, int end) {
        return switch (buffer[i + 1]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int unit = 0;
                for (int k = i + 2; k < i + 6; k++) {
                    int digit = k < end ? Character.digit(buffer[k], 16) : -1;
                    if (digit < 0) {
                        throw invalidInString("expected four hex digits after \\u", start, Math.min(k, end));
                    }
                    unit = unit << 4 | digit;
                }
                yield (char) unit;
            }
            default -> throw invalidInString("unknown escape", start, i);
        };
    }

    /** The character whose UTF-8 bytes begin at {@code i}; refuses overlong forms, surrogates and stray bytes as UTF-8 does. */
    private int codePoint(int start, int i, int end) {
        int lead = buffer[i] & 0xFF;
        int size;
        int codePoint;
        int least;
        if (lead >= 0xC2 && lead <= 0xDF) {
            size = 2;
            codePoint = lead & 0x1F;
            least = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            size = 3;
            codePoint = lead & 0x0F;
            least = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            size = 4;
            codePoint = lead & 0x07;
            least = 0x10000;
        } else {
            throw invalidInString("not UTF-8", start, i);
        }
        for (int k = i + 1; k < i + size; k++) {
            if (k == end || (buffer[k] & 0xC0) != 0x80) {
                throw invalidInString("not UTF-8", start, i);
            }
            codePoint = codePoint << 6 | buffer[k] & 0x3F;
        }
        if (codePoint < least || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            throw invalidInString("not UTF-8", start, i);
        }
        return codePoint;
    }

    /**
     * How many more bytes than UTF-16 chars these are: a UTF-8 continuation byte is no char of its
     * own, and a four-byte character is two chars.
     */
    private int bytesBeyondChars(int from, int to) {
        int beyond = 0;
        for (int i = from; i < to; i++) {
            int b = buffer[i] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                beyond++;
            } else if (b >= 0xF0) {
                beyond--;
            }
        }
        return beyond;
    }

    /**
     * A number, as the JsonNumber Parsson makes of it: an int for up to 9 digits, a long for up to
     * 18, otherwise (and with a fraction or an exponent) a BigDecimal of the text, so that equals,
     * hashCode and toString agree.
     */
    private JsonNumber number() throws IOException {
        int start = position;
        while (true) {
            if (position == limit) {
                start -= fill(start);
                if (position == limit) {
                    break;
                }
            }
            byte b = buffer[position];
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                position++;
            } else {
                break;
            }
        }
        return number(start, position);
    }

    /** The number these bytes spell, when they follow JSON's grammar of one. */
    private JsonNumber number(int start, int end) {
        int i = buffer[start] == '-' ? start + 1 : start;
        int integerStart = i;
        i = i < end && buffer[i] == '0' ? i + 1 : digits(i, end);
        int integerDigits = i - integerStart;
        if (integerDigits == 0) {
            throw invalid("expected a digit", i);
        }
        if (i == end && integerDigits <= 18) {
            long value = 0;
            for (int k = integerStart; k < end; k++) {
                value = value * 10 + (buffer[k] - '0');
            }
            value = integerStart > start ? -value : value;
            return integerDigits <= 9 ? ScimJson.createValue((int) value) : ScimJson.createValue(value);
        }
        if (i < end && buffer[i] == '.') {
            i = atLeastOneDigit(i + 1, end);
        }
        if (i < end && (buffer[i] == 'e' || buffer[i] == 'E')) {
            i++;
            if (i < end && (buffer[i] == '+' || buffer[i] == '-')) {
                i++;
            }
            i = atLeastOneDigit(i, end);
        }
        if (i < end) {
            throw invalid("not a number", i);
        }
        return ScimJson.createValue(new BigDecimal(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1)));
    }

    private int digits(int i, int end) {
        while (i < end && buffer[i] >= '0' && buffer[i] <= '9') {
            i++;
        }
        return i;
    }

    private int atLeastOneDigit(int i, int end) {
        int after = digits(i, end);
        if (after == i) {
            throw invalid("expected a digit", i);
        }
        return after;
    }

    /** Steps over whitespace; the byte after it, not consumed, or END at the end of the file. */
    private int skipWhitespace() throws IOException {
        while (true) {
            if (position == limit) {
                fill(position);
                if (position == limit) {
                    return END;
                }
            }
            byte b = buffer[position];
            if (b == '\n') {
                position++;
                line++;
                lineStart = discarded + position;
                beyondChars = 0;
            } else if (b == ' ' || b == '\t' || b == '\r') {
                position++;
            } else {
                return b & 0xFF;
            }
        }
    }

    /** A UTF-8 byte order mark is not part of the JSON; editors on some systems write one. */
    private void skipByteOrderMark() throws IOException {
        int before;
        do {
            before = limit;
            fill(0);
        } while (limit < 3 && limit > before);
        if (limit >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
            position = 3;
            lineStart = 3;
        }
    }

    /**
     * Reads on. The bytes from {@code keep} on (a token not yet read to its end) move to the front
     * of the buffer first, so a token always lies in one piece; one longer than the buffer doubles
     * it. Returns how far they moved. At the end of the file nothing is read, so position stays at
     * limit.
     */
    private int fill(int keep) throws IOException {
        if (keep > 0) {
            System.arraycopy(buffer, keep, buffer, 0, limit - keep);
            limit -= keep;
            position -= keep;
            discarded += keep;
        } else if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read > 0) {
            limit += read;
        }
        return keep;
    }

    private InvalidJsonException expected(String what, int next) {
        return invalid(next == END ? "the file ends where " + what + " should be" : "expected " + what, position);
    }

    private InvalidJsonException invalid(String why, int index) {
        return invalidInString(why, index, index);
    }

    /** A fault at {@code index} inside the string that begins at {@code start}, whose chars are not yet counted. */
    private InvalidJsonException invalidInString(String why, int start, int index) {
        long column = discarded + index - lineStart - beyondChars - bytesBeyondChars(start, index) + 1;
        return new InvalidJsonException(why, line, column);
    }
}
