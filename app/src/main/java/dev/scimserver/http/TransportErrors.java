package dev.scimserver.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.Locale;

/**
 * The answers to requests that fail before routing, while Helidon reads the HTTP message itself:
 * a malformed request line or header, a bad Content-Length, an unsupported Content-Encoding,
 * headers or a request line over their limit. Helidon answers these with an empty body; a SCIM
 * client gets an RFC 7644 §3.12 error body like every other error, without a stack trace, and the
 * connection is closed, since whatever follows a broken message cannot be read as the next one.
 */
final class TransportErrors {
    private TransportErrors() {
    }

    static DirectHandlers handlers() {
        DirectHandler handler = new DirectHandler() {
            @Override
            public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                            io.helidon.http.ServerResponseHeaders headers, String message) {
                return answer(type, status, headers, message);
            }

            @Override
            public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                            io.helidon.http.ServerResponseHeaders headers, Throwable thrown) {
                // Logged by no one: a client that sends garbage must not be able to grow the log.
                return answer(type, status, headers, thrown == null ? null : thrown.getMessage());
            }
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse answer(DirectHandler.EventType type, Status status,
                                                          io.helidon.http.ServerResponseHeaders headers, String message) {
        // An internal error at this stage is a request Helidon could not parse (a NUL in the method):
        // the client's fault, and nothing of the server's state is involved.
        Status answered = type == DirectHandler.EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status;
        byte[] body = ScimResponses.bytes(ScimResponses.error(answered.code(), null, detail(answered, message)));
        return DirectHandler.TransportResponse.builder()
                .status(answered)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, ScimResponses.SCIM_JSON)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    private static String detail(Status status, String message) {
        String said = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (said.contains("content encoding") || said.contains("content-encoding")) {
            return "The request's Content-Encoding is not supported; send the body uncompressed";
        }
        return switch (status.code()) {
            case 413 -> "The request is larger than this server accepts";
            case 414 -> "The request line (method, path and query) is longer than this server accepts";
            case 431 -> "The request headers are larger than this server accepts";
            case 505 -> "Only HTTP/1.1 and HTTP/1.0 are served here";
            default -> "The request is not a valid HTTP/1.1 message" + (message == null || message.isBlank() ? ""
                    : " (" + shorten(message) + ")");
        };
    }

    /** Helidon's words for what it could not read, kept short: they may quote the request. */
    private static String shorten(String message) {
        String oneLine = message.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
