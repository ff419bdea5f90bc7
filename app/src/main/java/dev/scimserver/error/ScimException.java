package dev.scimserver.error;

/**
 * A request the server refuses, carrying what RFC 7644 §3.12 puts in an error response:
 * the HTTP status, an optional {@code scimType} and a detail a person can act on.
 */
public class ScimException extends RuntimeException {
    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public int status() {
        return status;
    }

    /** The RFC 7644 §3.12 scimType, or null where the status says it all. */
    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    public static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    public static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    /**
     * 503: the server cannot do this now, and the same request may succeed when sent again after
     * {@code retryAfterSeconds} (RFC 7231 §7.1.3 {@code Retry-After}, which the response carries).
     */
    public static ScimException unavailable(String detail, int retryAfterSeconds) {
        return new Unavailable(detail, retryAfterSeconds);
    }

    /** Seconds after which the request may be sent again (a 503's {@code Retry-After}); 0 when not said. */
    public int retryAfterSeconds() {
        return 0;
    }

    private static final class Unavailable extends ScimException {
        private final int retryAfterSeconds;

        Unavailable(String detail, int retryAfterSeconds) {
            super(503, null, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
