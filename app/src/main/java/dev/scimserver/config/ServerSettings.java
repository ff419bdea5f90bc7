package dev.scimserver.config;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param persistence   where the in-memory backend keeps its snapshot, and what to restore at start
 * @param limits        what one client may cost the server: connections, time, body shape
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
                             Limits limits) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    /**
     * @param dataDir         the folder of the snapshot ({@code resources.json}), written on every normal stop
     * @param restoreFile     a dump to load at start instead of the snapshot (null: none)
     * @param restoreSnapshot whether to load the snapshot in {@code dataDir} at start when there is one
     * @param journal         whether every write goes to the journal in {@code dataDir} before it is acknowledged
     * @param fsync           whether that waits for the disk (group commit); off trades the last moments
     *                        before a power loss or kernel crash for speed (a killed process loses nothing)
     * @param compactAtBytes  the journal size past which the state is written to the snapshot and the journal restarts
     * @param compactEverySeconds how often a journal that is not empty is folded into a new snapshot
     * @param backend         where resources live: {@link BackendType#MEMORY} (snapshot and journal in
     *                        {@code dataDir}) or {@link BackendType#H2} (a database)
     * @param jdbc            the database of the H2 backend
     */
    public record Persistence(Path dataDir, Path restoreFile, boolean restoreSnapshot, boolean journal, boolean fsync,
                              long compactAtBytes, long compactEverySeconds, BackendType backend, Jdbc jdbc) {
        public static final long DEFAULT_COMPACT_AT_BYTES = 64L * 1024 * 1024;
        public static final long DEFAULT_COMPACT_EVERY_SECONDS = 600;
        public static final Persistence DEFAULT = new Persistence(Path.of("data"), null, true, true, true,
                DEFAULT_COMPACT_AT_BYTES, DEFAULT_COMPACT_EVERY_SECONDS, BackendType.MEMORY, Jdbc.DEFAULT);

        /** The settings of the in-memory backend, as they were before the database backend existed. */
        public Persistence(Path dataDir, Path restoreFile, boolean restoreSnapshot, boolean journal, boolean fsync,
                           long compactAtBytes, long compactEverySeconds) {
            this(dataDir, restoreFile, restoreSnapshot, journal, fsync, compactAtBytes, compactEverySeconds,
                    BackendType.MEMORY, Jdbc.DEFAULT);
        }

        /** The JDBC URL to open: the configured one, or an H2 file database in the data folder. */
        public String jdbcUrl() {
            if (jdbc.url() != null) {
                return jdbc.url();
            }
            return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("scim");
        }

        public Path snapshot() {
            return dataDir.resolve("resources.json");
        }

        public Path journalFile() {
            return dataDir.resolve("journal.jsonl");
        }
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

    /** Where resources live. */
    public enum BackendType {
        MEMORY, H2
    }

    /**
     * The database of the H2 backend.
     *
     * @param url          a JDBC URL, or null for an H2 file database in the data folder
     * @param user         the database user (may be empty)
     * @param password     the database password (may be empty)
     * @param queryTimeout the longest one statement of a request may run before the database stops it
     */
    public record Jdbc(String url, String user, String password, Duration queryTimeout) {
        public static final long DEFAULT_QUERY_TIMEOUT_SECONDS = 5;
        public static final Jdbc DEFAULT = new Jdbc(null, "", "");

        /** A database with the default query timeout. */
        public Jdbc(String url, String user, String password) {
            this(url, user, password, Duration.ofSeconds(DEFAULT_QUERY_TIMEOUT_SECONDS));
        }

        @Override
        public String toString() {
            // never the password, which may end up in a log
            return "Jdbc[url=" + url + ", user=" + user + ", queryTimeout=" + queryTimeout + "]";
        }
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
                maxResults, maxPayloadBytes, false, false, Persistence.DEFAULT, Limits.DEFAULT);
    }

    /** The defaults: what a server started with no options and no config file does. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, List.of(), List.of(), List.of(), false, null, null,
                DEFAULT_MAX_RESULTS, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public ServerSettings withStrict(boolean value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, value, patchNoContent, persistence, limits);
    }

    public ServerSettings withPersistence(Persistence value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, value, limits);
    }

    public ServerSettings withPatchNoContent(boolean value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, value, persistence, limits);
    }

    public ServerSettings withBearerTokens(List<String> tokens) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, tokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits);
    }

    public ServerSettings withReverseProxy(boolean enabled) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, enabled, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits);
    }

    public ServerSettings withPublicBaseUrl(String url) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                url, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, limits);
    }

    public ServerSettings withMaxPayloadBytes(long bytes) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, bytes, strict, patchNoContent, persistence, limits);
    }

    public ServerSettings withLimits(Limits value) {
        return new ServerSettings(host, port, schemaFiles, resourceTypeFiles, bearerTokens, reverseProxy, dumpResources,
                publicBaseUrl, maxResults, maxPayloadBytes, strict, patchNoContent, persistence, value);
    }
}
