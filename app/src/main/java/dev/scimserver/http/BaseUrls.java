package dev.scimserver.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * Works out the absolute base URL a client used, for {@code Location} and {@code meta.location}.
 * A configured public URL wins; behind a reverse proxy (when enabled, since the headers are
 * client-controlled otherwise) the {@code Forwarded} (RFC 7239) or {@code X-Forwarded-*} headers;
 * else the request's own scheme and Host.
 */
public final class BaseUrls {
    private final String publicBaseUrl;
    private final boolean reverseProxy;

    public BaseUrls(String publicBaseUrl, boolean reverseProxy) {
        this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : stripSlash(publicBaseUrl.trim());
        this.reverseProxy = reverseProxy;
    }

    /** The base URL, including {@code /v2} when the request came in under it; never a trailing slash. */
    public String of(ServerRequest req) {
        String apiPrefix = req.path().absolute().path().startsWith("/v2/") || req.path().absolute().path().equals("/v2")
                ? "/v2" : "";
        if (publicBaseUrl != null) {
            return publicBaseUrl;
        }
        String scheme = req.isSecure() ? "https" : "http";
        String host = req.headers().first(HeaderNames.HOST).orElse(req.localPeer().host() + ":" + req.localPeer().port());
        String prefix = "";
        if (reverseProxy) {
            Optional<String> forwarded = req.headers().first(HeaderNames.FORWARDED);
            if (forwarded.isPresent()) {
                String first = forwarded.get().split(",")[0];
                for (String pair : first.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).trim());
                    if (name.equals("proto") && !value.isEmpty()) {
                        scheme = value;
                    } else if (name.equals("host") && !value.isEmpty()) {
                        host = value;
                    }
                }
            } else {
                Optional<String> proto = firstValue(req, "X-Forwarded-Proto");
                Optional<String> forwardedHost = firstValue(req, "X-Forwarded-Host");
                Optional<String> port = firstValue(req, "X-Forwarded-Port");
                if (proto.isPresent()) {
                    scheme = proto.get();
                }
                if (forwardedHost.isPresent()) {
                    host = forwardedHost.get();
                }
                if (port.isPresent()) {
                    host = withoutPort(host) + (defaultPort(scheme, port.get()) ? "" : ":" + port.get());
                }
            }
            prefix = firstValue(req, "X-Forwarded-Prefix").map(BaseUrls::stripSlash).orElse("");
            if (!prefix.isEmpty() && !prefix.startsWith("/")) {
                prefix = "/" + prefix;
            }
        }
        return scheme + "://" + host + prefix + apiPrefix;
    }

    private static Optional<String> firstValue(ServerRequest req, String header) {
        return req.headers().first(HeaderNames.create(header))
                .map(v -> v.split(",")[0].trim())
                .filter(v -> !v.isEmpty());
    }

    private static boolean defaultPort(String scheme, String port) {
        return ("https".equalsIgnoreCase(scheme) && port.equals("443")) || ("http".equalsIgnoreCase(scheme) && port.equals("80"));
    }

    private static String withoutPort(String host) {
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        return colon > bracket ? host.substring(0, colon) : host;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String stripSlash(String value) {
        String v = value;
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
