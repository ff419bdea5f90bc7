package dev.scimserver.http;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request body parsed as RFC 8259 says, refusing what a lenient parser would silently change or
 * what would cost the server more than a SCIM resource can need. Each refusal is a 400
 * {@code invalidSyntax} that says where: invalid UTF-8 (§8.1; a decoder would put U+FFFD in its
 * place), an unpaired surrogate escape like {@code "\ud800"} (§8.2; it cannot be stored as text),
 * a member name twice in one object (§4; SCIM names are case-insensitive, so {@code userName} and
 * {@code USERNAME} are the same name), nesting deeper than the configured limit (SCIM resources
 * are a few levels deep; a deep body costs stack and memory before any check sees it) and number
 * literals longer than any attribute could hold.
 */
final class RequestJson {
    /** Longer than any integer or decimal a SCIM attribute holds, far shorter than what costs a parser. */
    static final int MAX_NUMBER_CHARS = 100;

    private RequestJson() {
    }

    /** The one JSON value of the body (the caller checks that it is an object). */
    static JsonValue parse(byte[] bytes, int maxDepth) {
        String text = utf8(bytes);
        List<Frame> stack = new ArrayList<>();
        JsonValue result = null;
        try (JsonParser parser = ScimJson.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (result != null) {
                    throw ScimException.invalidSyntax("The body holds more than one JSON value; send exactly one JSON object");
                }
                JsonValue value = switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (stack.size() >= maxDepth) {
                            throw ScimException.invalidSyntax("The body nests objects and arrays deeper than " + maxDepth
                                    + " levels " + at(parser.getLocation()) + "; a SCIM resource needs a few");
                        }
                        stack.add(event == JsonParser.Event.START_OBJECT ? new Frame(ScimJson.createObjectBuilder())
                                : new Frame(ScimJson.createArrayBuilder()));
                        yield null;
                    }
                    case KEY_NAME -> {
                        String name = checked(parser.getString(), parser.getLocation());
                        stack.getLast().name(name, parser.getLocation());
                        yield null;
                    }
                    case VALUE_STRING -> ScimJson.createValue(checked(parser.getString(), parser.getLocation()));
                    case VALUE_NUMBER -> number(parser);
                    case VALUE_TRUE -> JsonValue.TRUE;
                    case VALUE_FALSE -> JsonValue.FALSE;
                    case VALUE_NULL -> JsonValue.NULL;
                    case END_OBJECT, END_ARRAY -> stack.removeLast().build();
                };
                if (value == null) {
                    continue;
                }
                if (stack.isEmpty()) {
                    result = value;
                } else {
                    stack.getLast().add(value);
                }
            }
        } catch (JsonParsingException e) {
            throw ScimException.invalidSyntax("The body is not valid JSON " + at(e.getLocation()) + ": " + e.getMessage());
        } catch (ScimException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson's own limits and faults (jakarta.json.JsonException and others): still the client's body.
            throw ScimException.invalidSyntax("The body is not valid JSON: " + e.getMessage());
        }
        if (result == null) {
            throw ScimException.invalidSyntax("The request body holds only white space; send a JSON object");
        }
        return result;
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (MalformedInputException e) {
            throw ScimException.invalidSyntax("The body is not valid UTF-8: byte " + in.position()
                    + " starts no character (RFC 8259 §8.1 asks for UTF-8)");
        } catch (CharacterCodingException e) {
            throw ScimException.invalidSyntax("The body is not valid UTF-8 (RFC 8259 §8.1 asks for UTF-8)");
        }
    }

    /** The text, or a 400 when it holds half of a surrogate pair (only an escape like \ud800 can make one here). */
    private static String checked(String text, JsonLocation location) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ScimException.invalidSyntax("The string " + at(location) + " holds the unpaired surrogate \\u"
                        + Integer.toHexString(c) + ", which is no character (RFC 8259 §8.2)");
            }
        }
        return text;
    }

    private static JsonValue number(JsonParser parser) {
        String literal = parser.getString();
        if (literal.length() > MAX_NUMBER_CHARS) {
            throw ScimException.invalidSyntax("The number " + at(parser.getLocation()) + " has " + literal.length()
                    + " characters; no SCIM attribute holds more than " + MAX_NUMBER_CHARS);
        }
        return parser.getValue();
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    /**
     * An object or array being built, with the member names already seen: compared one by one while
     * few (a member of a large group has two or three), in a set of lower-cased names past that.
     */
    private static final class Frame {
        private static final int FEW = 8;
        private final JsonObjectBuilder object;
        private final JsonArrayBuilder array;
        private String[] few;
        private int count;
        private Set<String> many;
        private String pending;

        Frame(JsonObjectBuilder object) {
            this.object = object;
            this.array = null;
        }

        Frame(JsonArrayBuilder array) {
            this.object = null;
            this.array = array;
        }

        void name(String name, JsonLocation location) {
            if (!firstTime(name)) {
                throw ScimException.invalidSyntax("The member \"" + name + "\" appears twice in one object " + at(location)
                        + " (SCIM attribute names are case-insensitive); send each once");
            }
            pending = name;
        }

        private boolean firstTime(String name) {
            if (many != null) {
                return many.add(name.toLowerCase(Locale.ROOT));
            }
            if (few == null) {
                few = new String[FEW];
            }
            for (int i = 0; i < count; i++) {
                if (few[i].equalsIgnoreCase(name)) {
                    return false;
                }
            }
            if (count < FEW) {
                few[count++] = name;
                return true;
            }
            many = new HashSet<>();
            for (String seen : few) {
                many.add(seen.toLowerCase(Locale.ROOT));
            }
            return many.add(name.toLowerCase(Locale.ROOT));
        }

        void add(JsonValue value) {
            if (object != null) {
                object.add(pending, value);
            } else {
                array.add(value);
            }
        }

        JsonValue build() {
            return object != null ? object.build() : array.build();
        }
    }
}
