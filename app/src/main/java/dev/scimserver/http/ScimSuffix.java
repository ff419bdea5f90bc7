package dev.scimserver.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * RFC 7644 §3.8: a client may ask for {@code application/scim+json} by appending {@code .scim} to
 * the path ({@code /Users/2819c223.scim}, {@code /Users.scim}, {@code /ResourceTypes/User.scim}).
 * That is the only type this server answers with, so the suffix is taken off before routing and
 * the request is served as without it.
 */
final class ScimSuffix implements Filter {
    static final String SUFFIX = ".scim";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        HttpPrologue prologue = req.prologue();
        String raw = prologue.uriPath().rawPath();
        // "/.scim" alone names nothing; a segment must be left once the suffix is gone.
        if (raw.endsWith(SUFFIX) && raw.length() > SUFFIX.length() + 1 && raw.charAt(raw.length() - SUFFIX.length() - 1) != '/') {
            req.prologue(HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(), prologue.protocolVersion(),
                    prologue.method(), UriPath.create(raw.substring(0, raw.length() - SUFFIX.length())),
                    prologue.query(), prologue.fragment()));
        }
        chain.proceed();
    }
}
