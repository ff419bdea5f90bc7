package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.error.ScimException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a request body as one JSON object, with the checks every SCIM write needs: the media type
 * ({@code application/scim+json} or {@code application/json}, any charset), a size limit, a body
 * that arrives whole, and strict JSON ({@link RequestJson}). Each failure is a SCIM error the
 * client can act on.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * @param res      the response, told to close the connection when the body's framing is broken: the
     *                 bytes after it cannot be read as the next request
     * @param settings the payload limit and how deep objects and arrays may nest
     */
    public static JsonObject readObject(ServerRequest req, ServerResponse res, ServerSettings settings) {
        return readObject(req, res, settings, settings.maxPayloadBytes());
    }

    /** A body with its own size limit ({@code POST /Bulk} has one). */
    public static JsonObject readObject(ServerRequest req, ServerResponse res, ServerSettings settings, long maxBytes) {
        checkMediaType(req);
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            throw ScimException.invalidSyntax("The request has no body; send a JSON object");
        }
        byte[] bytes = readAtMost(req, res, maxBytes);
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("The request body is empty; send a JSON object");
        }
        JsonValue value = RequestJson.parse(bytes, settings.limits().maxJsonDepth());
        if (!(value instanceof JsonObject object)) {
            throw ScimException.invalidSyntax("The body must be a JSON object, not " + value.getValueType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    private static void checkMediaType(ServerRequest req) {
        Optional<HttpMediaType> type;
        try {
            type = req.headers().contentType();
        } catch (RuntimeException e) {
            // Helidon parses the header on first use and throws on text like "garbage", "/" or ";".
            throw ScimException.invalidSyntax("The Content-Type \"" + req.headers().first(HeaderNames.CONTENT_TYPE).orElse("")
                    + "\" is not a media type; send application/scim+json");
        }
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

    private static byte[] readAtMost(ServerRequest req, ServerResponse res, long maxBytes) {
        Connections.Deadline deadline = Connections.body();
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (!deadline.met()) {
                throw stalled(null);
            }
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (ScimException e) {
            throw e;
        } catch (Exception e) {
            if (!deadline.met()) {
                throw stalled(e);
            }
            // A chunk size that is no number, a body shorter than declared: the client's framing, so a
            // 400, and this connection ends (what follows cannot be read as the next request).
            Connections.closeAfter(res);
            throw ScimException.invalidSyntax("The request body could not be read whole: its chunked framing is broken"
                    + " or it is shorter than its Content-Length");
        }
    }

    /**
     * The client stalled and was answered 408 by the deadline, which closed the connection: nothing
     * is left to answer, and Helidon ends the request quietly (an error logged for each stalled
     * request would let any client grow the log).
     */
    private static CloseConnectionException stalled(Exception cause) {
        return new CloseConnectionException("the client stalled sending its body; answered 408", cause);
    }

    private static ScimException tooLarge(long maxBytes) {
        return new ScimException(413, null, "The request body is larger than the limit of " + maxBytes + " bytes");
    }
}
