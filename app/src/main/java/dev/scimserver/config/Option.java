package dev.scimserver.config;

/**
 * Every setting of the server itself (a backend declares its own: {@link Setting#of}), each with its command-line flag (the first ones are those of the
 * Python scim2-server), its key in {@code config/application.yaml} and its environment variable
 * (the key upper-cased, with '.' and '-' as '_'). Precedence: command line, then environment,
 * then the file.
 */
public enum Option implements Setting {
    SCHEMA("--schema", "FILE", "scim.schemas", true,
            "a JSON array of Schema representations to serve (repeatable)"),
    RESOURCE_TYPE("--resource-type", "FILE", "scim.resource-types", true,
            "a JSON array of ResourceType representations to serve (repeatable)"),
    BEARER_TOKEN("--bearer-token", "TOKEN", "scim.auth.bearer-tokens", true,
            "accept this bearer token (repeatable); with none, access is anonymous"),
    HOSTNAME("--hostname", "HOST", "server.host", false,
            "the address to listen on (default " + ServerSettings.DEFAULT_HOST + ")"),
    PORT("--port", "PORT", "server.port", false,
            "the port to listen on (default " + ServerSettings.DEFAULT_PORT + ")"),
    REVERSE_PROXY("--reverse-proxy", null, "scim.reverse-proxy", false,
            "trust Forwarded / X-Forwarded-* headers for the URLs in responses"),
    DUMP_RESOURCES("--dump-resources", "FILE", "scim.dump-resources", false,
            "on exit, write every resource to FILE as one JSON array"),
    PUBLIC_BASE_URL("--public-base-url", "URL", "scim.public-base-url", false,
            "the public URL of the SCIM API, used for Location and meta.location"),
    MAX_RESULTS("--max-results", "N", "scim.max-results", false,
            "the most resources a list response returns (default " + ServerSettings.DEFAULT_MAX_RESULTS + ")"),
    MAX_PAYLOAD_BYTES("--max-payload-bytes", "N", "scim.max-payload-bytes", false,
            "the largest request body accepted, in bytes (default " + ServerSettings.DEFAULT_MAX_PAYLOAD_BYTES + ")"),
    MAX_CONNECTIONS("--max-connections", "N", "server.max-tcp-connections", false,
            "the most TCP connections open at once (default " + ServerSettings.Limits.DEFAULT_MAX_CONNECTIONS + ")"),
    MAX_CONCURRENT_REQUESTS("--max-concurrent-requests", "N", "server.max-concurrent-requests", false,
            "the most requests handled at once; more get 503 (default " + ServerSettings.Limits.DEFAULT_MAX_CONCURRENT_REQUESTS + ")"),
    IDLE_TIMEOUT("--idle-timeout", "SECONDS", "server.idle-connection-timeout", false,
            "close a connection idle this long (default " + ServerSettings.Limits.DEFAULT_IDLE_TIMEOUT_SECONDS + ")"),
    READ_TIMEOUT("--read-timeout", "SECONDS", "server.read-timeout", false,
            "fail a request whose client sends nothing for this long (default " + ServerSettings.Limits.DEFAULT_READ_TIMEOUT_SECONDS + ")"),
    MAX_HEADER_BYTES("--max-header-bytes", "N", "server.max-headers-size", false,
            "the largest request headers accepted, in bytes (default " + ServerSettings.Limits.DEFAULT_MAX_HEADER_BYTES + ")"),
    MAX_REQUEST_LINE_BYTES("--max-request-line-bytes", "N", "server.max-prologue-length", false,
            "the longest request line (method, path and query) accepted, in bytes (default "
                    + ServerSettings.Limits.DEFAULT_MAX_REQUEST_LINE_BYTES + ")"),
    MAX_JSON_DEPTH("--max-json-depth", "N", "scim.max-json-depth", false,
            "how deep a request body's objects and arrays may nest (default " + ServerSettings.Limits.DEFAULT_MAX_JSON_DEPTH + ")"),
    MAX_VALUES("--max-values", "N", "scim.max-values-per-attribute", false,
            "the most values one multi-valued attribute may hold, group members excepted (default "
                    + ServerSettings.Limits.DEFAULT_MAX_VALUES + ")"),
    BULK_MAX_OPERATIONS("--bulk-max-operations", "N", "scim.bulk.max-operations", false,
            "the most operations one POST /Bulk may carry; more is 413 (default " + ServerSettings.Bulk.DEFAULT_MAX_OPERATIONS + ")"),
    BULK_MAX_PAYLOAD_BYTES("--bulk-max-payload-bytes", "N", "scim.bulk.max-payload-bytes", false,
            "the largest POST /Bulk body accepted, in bytes; more is 413 (default " + ServerSettings.Bulk.DEFAULT_MAX_PAYLOAD_BYTES + ")"),
    STRICT("--strict", null, "scim.compat.strict", false,
            "answer the known deviations of Entra ID, Okta and others as the RFCs would (default: lenient)"),
    PATCH_NO_CONTENT("--patch-no-content", null, "scim.patch.no-content", false,
            "answer a successful PATCH with 204 and no body (default: 200 with the resource)"),
    DATA_DIR("--data-dir", "DIR", "scim.persistence.dir", false,
            "where the snapshot of every resource is written on stop and read on start (default data)"),
    RESTORE("--restore", "FILE", "scim.persistence.restore-from", false,
            "at start, load this resource dump (e.g. from --dump-resources or the Python scim2-server) instead of the snapshot"),
    FSYNC("--fsync", "BOOL", "scim.persistence.fsync", false,
            "wait for the disk before acknowledging a write (default true; false survives a killed process, not a power loss)"),
    BACKEND("--backend", "NAME", "scim.backend.type", false,
            "where resources live: one of the backends below (default " + ServerSettings.Persistence.DEFAULT_BACKEND + ")"),
    CONFIG("--config", "FILE", null, false,
            "the YAML configuration file (default config/application.yaml when present)");

    private final String flag;
    private final String argument;
    private final String key;
    private final boolean repeatable;
    private final String help;

    Option(String flag, String argument, String key, boolean repeatable, String help) {
        this.flag = flag;
        this.argument = argument;
        this.key = key;
        this.repeatable = repeatable;
        this.help = help;
    }

    @Override
    public String flag() {
        return flag;
    }

    /** The name of the flag's argument, or null for a switch. */
    @Override
    public String argument() {
        return argument;
    }

    /** The configuration key, or null for options that only exist on the command line. */
    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean repeatable() {
        return repeatable;
    }

    @Override
    public String help() {
        return help;
    }
}
