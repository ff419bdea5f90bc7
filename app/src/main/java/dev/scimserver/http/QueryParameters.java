package dev.scimserver.http;

import dev.scimserver.core.Projection;
import dev.scimserver.error.ScimException;
import dev.scimserver.core.SearchRequest;
import io.helidon.webserver.http.ServerRequest;

/**
 * The query parameters of a SCIM request. An empty one ({@code filter=}, {@code attributes=}) is
 * what scripts send when they fill a template and leave a field blank: by default it means the
 * parameter is absent, for every parameter alike; strict mode answers 400, since an empty string
 * is no filter, attribute list or number (RFC 7644 §3.4.2).
 */
final class QueryParameters {
    private final ServerRequest req;
    private final boolean strict;

    private QueryParameters(ServerRequest req, boolean strict) {
        this.req = req;
        this.strict = strict;
    }

    static QueryParameters of(ServerRequest req, boolean strict) {
        return new QueryParameters(req, strict);
    }

    /** The parameter's value, or null when it is absent (or empty, unless strict). */
    String get(String name) {
        String value = req.query().first(name).orElse(null);
        if (value == null || !value.isBlank()) {
            return value;
        }
        if (strict) {
            throw new ScimException(400, name.equals("filter") ? "invalidFilter" : "invalidValue",
                    "The parameter '" + name + "' is empty; give it a value or leave it out");
        }
        return null;
    }

    Projection projection() {
        return Projection.of(get("attributes"), get("excludedAttributes"));
    }

    SearchRequest searchRequest() {
        return SearchRequest.fromQuery(this::get);
    }
}
