package dev.scimserver.store.dump;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of the string a {@link DumpParser} has just read, where it lies instead of in a String:
 * plain ASCII straight from the parser's buffer, anything with escapes or other characters decoded
 * into chars of its own. Most names and many values of a dump are ones it has read before, and
 * comparing them where they lie finds the String already made without making one that would be
 * garbage at once.
 */
final class DumpText {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int start;
    private char[] chars = new char[256];
    private boolean decoded;
    private int length;

    /** The text is these ASCII bytes, one char each. */
    void ascii(byte[] buffer, int from, int count) {
        bytes = buffer;
        start = from;
        length = count;
        decoded = false;
    }

    /** Room for at least {@code count} chars, into which the caller decodes and then calls {@link #decoded}. */
    char[] chars(int count) {
        if (chars.length < count) {
            chars = new char[Math.max(count, chars.length * 2)];
        }
        return chars;
    }

    /** The text is the first {@code count} chars of {@link #chars}. */
    void decoded(int count) {
        length = count;
        decoded = true;
    }

    int length() {
        return length;
    }

    /**
     * A hash of the text, eight bytes at a time: String's hash takes a multiplication per char, one
     * after the other, and a loop per byte mispredicts its end at every length; together they were
     * most of what looking up a name cost. Decoded text hashes the low byte of each char, so equal
     * text gives an equal hash whichever way it was read.
     */
    int hash() {
        long hash = length;
        if (decoded) {
            for (int i = 0; i < length; i += 8) {
                long word = 0;
                for (int k = Math.min(length, i + 8) - 1; k >= i; k--) {
                    word = word << 8 | (chars[k] & 0xFF);
                }
                hash = mix(hash, word);
            }
            return (int) (hash >>> 32);
        }
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            hash = mix(hash, (long) LONGS.get(bytes, i));
        }
        if (i < end) {
            // The bytes after the text are read too (when the buffer has them) and masked off.
            long word = 0;
            if (i + 8 <= bytes.length) {
                word = (long) LONGS.get(bytes, i);
            } else {
                for (int k = bytes.length - 1; k >= i; k--) {
                    word = word << 8 | (bytes[k] & 0xFF);
                }
            }
            hash = mix(hash, word & -1L >>> 64 - 8 * (end - i));
        }
        return (int) (hash >>> 32);
    }

    private static long mix(long hash, long word) {
        return (hash ^ word) * 0x9E3779B97F4A7C15L;
    }

    /**
     * Whether this is the text of {@code seen}, which when it is ASCII also lies as bytes in
     * {@code ascii} from {@code from} on (a negative {@code asciiLength} when it is not): read ASCII
     * text compares bytes with bytes, many at a time, instead of char by char.
     */
    boolean sameAs(String seen, byte[] ascii, int from, int asciiLength) {
        if (!decoded) {
            return asciiLength == length && Arrays.equals(bytes, start, start + length, ascii, from, from + length);
        }
        if (seen.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (seen.charAt(i) != chars[i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the text into {@code into} from {@code at} on when it is ASCII, and returns its length; otherwise -1 (ignore what it copied). */
    int copyAscii(byte[] into, int at) {
        if (!decoded) {
            System.arraycopy(bytes, start, into, at, length);
            return length;
        }
        for (int i = 0; i < length; i++) {
            if (chars[i] >= 0x80) {
                return -1;
            }
            into[at + i] = (byte) chars[i];
        }
        return length;
    }

    @Override
    public String toString() {
        return decoded ? new String(chars, 0, length) : new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
}
