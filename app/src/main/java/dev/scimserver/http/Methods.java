package dev.scimserver.http;

import dev.scimserver.error.ScimException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;

/** The 405 answer for a path that exists but not with the method used (RFC 9110 §15.5.6: say which are allowed). */
final class Methods {
    private Methods() {
    }

    static Handler allow(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            ScimResponses.sendError(res, new ScimException(405, null, req.prologue().method().text() + " is not allowed on "
                    + req.path().path() + "; allowed: " + allowed));
        };
    }
}
