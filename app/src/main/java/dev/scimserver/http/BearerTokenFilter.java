package dev.scimserver.http;

import dev.scimserver.error.ScimException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Static bearer-token authentication (RFC 6750). With no tokens configured every request is let
 * through (anonymous access). {@code /ServiceProviderConfig} stays public so a client can learn
 * how to authenticate. Tokens are compared in constant time so response timing does not leak them.
 */
public final class BearerTokenFilter implements Filter {
    private final List<byte[]> tokens;

    public BearerTokenFilter(List<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (tokens.isEmpty() || isPublic(req.path().path())) {
            chain.proceed();
            return;
        }
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isPresent() && header.get().regionMatches(true, 0, "Bearer ", 0, 7) && accepted(header.get().substring(7).trim())) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"scim\"");
        // Thrown, not sent here: the error handler writes it as for any other failure, and a HEAD
        // (whose body HeadRequests drops) is then answered too, where a send from a filter was not.
        throw new ScimException(401, null, header.isPresent()
                ? "The bearer token is not valid"
                : "Authentication required: send 'Authorization: Bearer <token>'");
    }

    private boolean accepted(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            // No early exit: every token is compared, so timing says nothing about which one (nearly) matched.
            match |= MessageDigest.isEqual(token, bytes);
        }
        return match;
    }

    private static boolean isPublic(String path) {
        return path.equalsIgnoreCase("/ServiceProviderConfig") || path.equalsIgnoreCase("/v2/ServiceProviderConfig");
    }
}
