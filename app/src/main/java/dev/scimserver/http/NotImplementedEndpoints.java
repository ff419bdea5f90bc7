package dev.scimserver.http;

import dev.scimserver.error.ScimException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Protocol endpoints this server does not offer yet ({@code /Me}); RFC 7644 asks
 * for 501 rather than 404 so a client can tell "not supported" from "no such thing".
 */
final class NotImplementedEndpoints implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        rules.any("/Me", (req, res) -> {
            throw new ScimException(501, null, "/Me is not supported: this server does not know which resource the caller is");
        });
        rules.any("/Me/*", (req, res) -> {
            throw new ScimException(501, null, "/Me is not supported: this server does not know which resource the caller is");
        });
    }
}
