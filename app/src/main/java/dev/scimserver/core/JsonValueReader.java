package dev.scimserver.core;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds JSON values from the events of a streaming parser, for a dump of many resources, with
 * objects in their compact form ({@link CompactJsonObject}). Unlike {@link JsonParser#getObject()},
 * every string is held as a {@link String}: parsson keeps a parsed
 * string as a copy of its buffer and makes a new String at every {@code getString()}, which made a
 * million restored users cost hundreds of megabytes more and each index look-up an allocation.
 * Member names repeat in every resource, so each distinct name is kept once.
 */
final class JsonValueReader {
    private final JsonParser parser;
    private final Map<String, String> names = new HashMap<>();
    /** The last short string seen per hash slot: values repeat across resources, and a slot costs no more than that. */
    private final JsonString[] recent = new JsonString[4096];
    private static final int MAX_SHARED_LENGTH = 48;

    JsonValueReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The object whose {@code START_OBJECT} the parser has just returned. */
    JsonObject object() {
        CompactJsonObject.Builder builder = CompactJsonObject.builder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String name = names.computeIfAbsent(parser.getString(), n -> n);
            event = parser.next();
            switch (event) {
                case VALUE_STRING -> builder.add(name, string());
                case START_OBJECT -> builder.add(name, object());
                case START_ARRAY -> builder.add(name, array());
                default -> builder.add(name, parser.getValue());
            }
        }
        return builder.build();
    }

    private JsonValue array() {
        List<JsonValue> values = new ArrayList<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            switch (event) {
                case VALUE_STRING -> values.add(string());
                case START_OBJECT -> values.add(object());
                case START_ARRAY -> values.add(array());
                default -> values.add(parser.getValue());
            }
        }
        return CompactJsonArray.of(values);
    }

    /**
     * The string the parser is at. A short one that the last strings in its slot already had (a
     * type such as "work", a schema URN, a title shared by many) is that same value, so a million
     * resources keep one copy of it instead of a million: every copy would be three objects.
     */
    private JsonString string() {
        String text = parser.getString();
        if (text.length() > MAX_SHARED_LENGTH) {
            return ScimJson.createValue(text);
        }
        int slot = text.hashCode() & (recent.length - 1);
        JsonString seen = recent[slot];
        if (seen != null && seen.getString().equals(text)) {
            return seen;
        }
        JsonString value = ScimJson.createValue(text);
        recent[slot] = value;
        return value;
    }
}
