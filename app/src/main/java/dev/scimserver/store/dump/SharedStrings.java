package dev.scimserver.store.dump;

import dev.scimserver.json.ScimJson;
import jakarta.json.JsonString;

/**
 * The member names and short string values of one dump, each kept once where it repeats. Every
 * resource has the same names, and values such as a type ("work"), a schema URN or a title shared
 * by many recur across a million resources: one copy of each instead of a million, where every
 * copy would be three objects the collector copies while the dump loads. Each is found by the
 * text the parser has just read ({@link DumpText}), so a repeat costs no String at all.
 */
final class SharedStrings {
    /** Longer values (ids, timestamps, e-mail addresses) are rarely the same twice, so they are not looked up. */
    private static final int MAX_SHARED_LENGTH = 48;
    /** Names come from schemas, so a dump has few; past this many it is not a dump worth remembering them for. */
    private static final int MAX_NAMES = 1 << 16;
    private static final int SLOTS = 4096;

    /** Every name seen, by hash with linear probing; always at most half full, so a probe ends at a null. */
    private String[] names = new String[256];
    private int[] nameHashes = new int[names.length];
    /** Each name's ASCII bytes, or null when it has other chars. */
    private byte[][] nameBytes = new byte[names.length][];
    private int nameCount;

    /** The last short value seen per hash slot: values repeat across resources, and a slot costs no more than that. */
    private final JsonString[] recent = new JsonString[SLOTS];
    private final int[] recentHashes = new int[SLOTS];
    /** Each slot's value as ASCII bytes, {@value #MAX_SHARED_LENGTH} bytes a slot, so a value kept costs no array of its own. */
    private final byte[] recentBytes = new byte[SLOTS * MAX_SHARED_LENGTH];
    /** The length of each slot's ASCII bytes; -1 when its value has other chars. */
    private final int[] recentLengths = new int[SLOTS];

    /** The name with this text: the same String for every occurrence. */
    String name(DumpText text) {
        int hash = text.hash();
        int mask = names.length - 1;
        int slot = hash & mask;
        for (String name = names[slot]; name != null; name = names[slot]) {
            byte[] ascii = nameBytes[slot];
            if (nameHashes[slot] == hash && text.sameAs(name, ascii, 0, ascii == null ? -1 : ascii.length)) {
                return name;
            }
            slot = (slot + 1) & mask;
        }
        String name = text.toString();
        if (nameCount < MAX_NAMES) {
            byte[] ascii = new byte[name.length()];
            names[slot] = name;
            nameHashes[slot] = hash;
            nameBytes[slot] = text.copyAscii(ascii, 0) < 0 ? null : ascii;
            if (++nameCount * 2 > names.length) {
                grow();
            }
        }
        return name;
    }

    private void grow() {
        String[] oldNames = names;
        int[] oldHashes = nameHashes;
        byte[][] oldBytes = nameBytes;
        names = new String[oldNames.length * 2];
        nameHashes = new int[names.length];
        nameBytes = new byte[names.length][];
        int mask = names.length - 1;
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                int slot = oldHashes[i] & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = oldNames[i];
                nameHashes[slot] = oldHashes[i];
                nameBytes[slot] = oldBytes[i];
            }
        }
    }

    /** A string value with this text: a short one is the one last seen in its slot when that had the same text. */
    JsonString value(DumpText text) {
        if (text.length() > MAX_SHARED_LENGTH) {
            return ScimJson.createValue(text.toString());
        }
        int hash = text.hash();
        int slot = hash & (SLOTS - 1);
        JsonString seen = recent[slot];
        if (seen != null && recentHashes[slot] == hash
                && text.sameAs(seen.getString(), recentBytes, slot * MAX_SHARED_LENGTH, recentLengths[slot])) {
            return seen;
        }
        JsonString value = ScimJson.createValue(text.toString());
        recent[slot] = value;
        recentHashes[slot] = hash;
        recentLengths[slot] = text.copyAscii(recentBytes, slot * MAX_SHARED_LENGTH);
        return value;
    }
}
