package dev.scimserver.core;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.util.HashMap;
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
                case VALUE_STRING -> builder.add(name, parser.getString());
                case START_OBJECT -> builder.add(name, object());
                case START_ARRAY -> builder.add(name, array());
                default -> builder.add(name, parser.getValue());
            }
        }
        return builder.build();
    }

    private JsonValue array() {
        JsonArrayBuilder builder = ScimJson.createArrayBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            switch (event) {
                case VALUE_STRING -> builder.add(parser.getString());
                case START_OBJECT -> builder.add(object());
                case START_ARRAY -> builder.add(array());
                default -> builder.add(parser.getValue());
            }
        }
        return builder.build();
    }
}
