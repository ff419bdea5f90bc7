package dev.scimserver.http;

import dev.scimserver.core.ScimJson;
import dev.scimserver.core.ScimException;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a request body as one JSON object, with the checks every SCIM write needs: the media type
 * ({@code application/scim+json} or {@code application/json}, any charset), a size limit, and
 * well-formed JSON. Each failure is a SCIM error the client can act on.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static JsonObject readObject(ServerRequest req, long maxBytes) {
        checkMediaType(req);
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            throw ScimException.invalidSyntax("The request has no body; send a JSON object");
        }
        byte[] bytes = readAtMost(req.content().inputStream(), maxBytes);
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("The request body is empty; send a JSON object");
        }
        JsonValue value;
        // A parser rather than a JsonReader: the reader stops after the first value and would take
        // '{"a":1} {"b":2}' or '{"a":1} trailing words' as the first object, silently.
        try (JsonParser parser = ScimJson.createParser(new ByteArrayInputStream(bytes))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw ScimException.invalidSyntax("The body holds more than one JSON value; send exactly one JSON object");
            }
        } catch (JsonParsingException e) {
            var location = e.getLocation();
            throw ScimException.invalidSyntax("The body is not valid JSON"
                    + (location == null ? "" : " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")")
                    + ": " + e.getMessage());
        } catch (NoSuchElementException e) {
            throw ScimException.invalidSyntax("The request body holds only white space; send a JSON object");
        } catch (JsonException e) {
            throw ScimException.invalidSyntax("The body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw ScimException.invalidSyntax("The body must be a JSON object, not " + value.getValueType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    private static void checkMediaType(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        if (type.isEmpty()) {
            return; // Lenient: a body without a Content-Type is read as JSON.
        }
        String subtype = type.get().mediaType().subtype().toLowerCase(Locale.ROOT);
        String main = type.get().mediaType().type().toLowerCase(Locale.ROOT);
        if (main.equals("application") && (subtype.equals("scim+json") || subtype.equals("json"))) {
            return;
        }
        throw new ScimException(415, null, "Unsupported Content-Type " + type.get().text()
                + "; send application/scim+json or application/json");
    }

    private static byte[] readAtMost(InputStream in, long maxBytes) {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScimException tooLarge(long maxBytes) {
        return new ScimException(413, null, "The request body is larger than the limit of " + maxBytes + " bytes");
    }
}
