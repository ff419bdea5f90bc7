package dev.scimserver.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Locale;

/**
 * A request that says {@code Connection: close} (RFC 9112 §9.6) is the last on its connection: the
 * response says so too, and the server closes the connection after it, instead of holding the
 * socket open until the idle timeout.
 */
final class ConnectionClose implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        boolean close = req.headers().first(HeaderNames.CONNECTION)
                .map(value -> value.toLowerCase(Locale.ROOT).contains("close"))
                .orElse(false);
        if (close) {
            Connections.closeAfter(res);
        }
        chain.proceed();
    }
}
