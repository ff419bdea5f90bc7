package dev.scimserver.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is told at start, after the command line, environment and
 * {@code config/application.yaml} have been merged (in that order of precedence).
 *
 * @param publicBaseUrl when set, the base of every {@code Location} and {@code meta.location}
 *                      (e.g. {@code https://scim.example.com/v2}); otherwise derived per request
 * @param maxResults    the most resources one list response carries
 * @param maxPayloadBytes the largest request body accepted
 * @param strict        answer the known deviations of identity providers as the RFCs would,
 *                      instead of doing what the client evidently means
 * @param patchNoContent answer a successful PATCH with 204 and no body instead of 200 and the resource
 * @param persistence   which backend, its data folder, what to restore at start
 * @param limits        what one client may cost the server: connections, time, body shape
 * @param bulk          the limits of one {@code POST /Bulk}
 */
public record ServerSettings(String host,
                             int port,
                             List<Path> schemaFiles,
                             List<Path> resourceTypeFiles,
                             List<String> bearerTokens,
                             boolean reverseProxy,
                             Path dumpResources,
                             String publicBaseUrl,
                             int maxResults,
                             long maxPayloadBytes,
                             boolean strict,
                             boolean patchNoContent,
                             Persistence persistence,
                             Limits limits,
                             Bulk bulk) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    /**
     * Where resources live, for every backend; each backend reads its own settings besides these
     * (see {@code BackendProvider#settings}).
     *
     * @param dataDir     the data folder: the memory backend's snapshot and journal, the H2 file database
     * @param restoreFile a dump to load at start (null: none); the memory backend loads it instead of its snapshot
     * @param fsync       whether a write waits for the disk before it is acknowledged; off trades the last
     *                    moments before a power loss or kernel crash for speed (a killed process loses nothing)
     * @param backend     the name of the backend ({@code --backend}): memory, h2, or one a fork adds
     */
    public record Persistence(Path dataDir, Path restoreFile, boolean fsync, String backend) {
        public static final String DEFAULT_BACKEND = "memory";
        public static final Persistence DEFAULT = new Persistence(Path.of("data"), null, true, DEFAULT_BACKEND);
    }

    /**
     * What one client may cost the server, so that none can exhaust it: each is a setting, with a
     * default that no identity provider's traffic comes near.
     *
     * @param maxConnections        TCP connections open at once (idle ones included)
     * @param maxConcurrentRequests requests handled at once; more are answered 503
     * @param idleTimeoutSeconds    a connection with no request for this long is closed
     * @param readTimeoutSeconds    a read that waits this long for the client's next bytes fails: a
     *                              slow or stalled request (headers or body) ends with 400 and the connection
     * @param maxHeaderBytes        the size of a request's headers, all together
     * @param maxRequestLineBytes   the size of the request line (method, path with query, version)
     * @param maxJsonDepth          how deep a body's objects and arrays may nest
     * @param maxValues             how many values one multi-valued attribute may hold (group members,
     *                              stored apart, are bounded by the payload limit alone)
     */
    public record Limits(int maxConnections, int maxConcurrentRequests, long idleTimeoutSeconds, long readTimeoutSeconds,
                         int maxHeaderBytes, int maxRequestLineBytes, int maxJsonDepth, int maxValues) {
        public static final int DEFAULT_MAX_CONNECTIONS = 1024;
        public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 256;
        public static final long DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
        public static final long DEFAULT_READ_TIMEOUT_SECONDS = 20;
        public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
        public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 16 * 1024;
        public static final int DEFAULT_MAX_JSON_DEPTH = 32;
        public static final int DEFAULT_MAX_VALUES = 1000;
        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONCURRENT_REQUESTS,
                DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_READ_TIMEOUT_SECONDS, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_VALUES);
    }

    /**
     * RFC 7644 §3.7.4: the most operations and bytes one bulk request may carry; more is a 413.
     *
     * @param maxOperations   {@code scim.bulk.max-operations}
     * @param maxPayloadBytes {@code scim.bulk.max-payload-bytes}
     */
    public record Bulk(int maxOperations, long maxPayloadBytes) {
        public static final int DEFAULT_MAX_OPERATIONS = 1000;
        public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
        public static final Bulk DEFAULT = new Bulk(DEFAULT_MAX_OPERATIONS, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public ServerSettings {
        schemaFiles = List.copyOf(schemaFiles);
        resourceTypeFiles = List.copyOf(resourceTypeFiles);
        bearerTokens = List.copyOf(bearerTokens);
    }

    /** Settings with the lenient defaults for compatibility and PATCH responses. */
    public ServerSettings(String host, int port, List<Path> schemaFiles, List<Path> resourceTypeFiles,
                          List<String> bearerTokens, boolean reverseProxy, Path dumpResources, String publicBaseUrl,
                          int maxResults, long maxPayloadBytes) {
        this(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources, publicBaseUrl,
                maxResults, maxPayloadBytes, false, false, Persistence.DEFAULT, Limits.DEFAULT, Bulk.DEFAULT);
    }

    /** The defaults: what a server started with no options and no config file does. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, List.of(), List.of(), List.of(), false, null, null,
                DEFAULT_MAX_RESULTS, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public ServerSettings withStrict(boolean value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, value, patchNoContent, persistence, limits, bulk);
    }

    public ServerSettings withPersistence(Persistence value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, value, limits, bulk);
    }

    public ServerSettings withPatchNoContent(boolean value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, value, persistence, limits, bulk);
    }

    public ServerSettings withBearerTokens(List<String> tokens) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, tokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits, bulk);
    }

    public ServerSettings withReverseProxy(boolean enabled) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, enabled, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits, bulk);
    }

    public ServerSettings withPublicBaseUrl(String url) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                url, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits, bulk);
    }

    public ServerSettings withMaxPayloadBytes(long bytes) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, bytes, strict, patchNoContent, persistence, limits, bulk);
    }

    public ServerSettings withLimits(Limits value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, value, bulk);
    }

    public ServerSettings withBulk(Bulk value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits, value);
    }
}
