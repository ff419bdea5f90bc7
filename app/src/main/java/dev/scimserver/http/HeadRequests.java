package dev.scimserver.http;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.OutputStream;

/**
 * HEAD is GET without the body (RFC 9110 §9.3.2): the request is routed as a GET, and what the
 * handler writes is dropped while the headers (Content-Length included) stay. Without this a HEAD
 * answer carried a body, which a client reusing the connection reads as the next response.
 */
final class HeadRequests implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        HttpPrologue prologue = req.prologue();
        if (prologue.method() == Method.HEAD) {
            req.prologue(HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(), prologue.protocolVersion(),
                    Method.GET, prologue.uriPath(), prologue.query(), prologue.fragment()));
            res.streamFilter(out -> OutputStream.nullOutputStream());
        }
        chain.proceed();
    }
}
