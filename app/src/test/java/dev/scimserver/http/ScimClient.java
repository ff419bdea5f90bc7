package dev.scimserver.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP tests' view of the server: one request in, one {@link Exchange} out, so a test reads
 * like the exchange it checks. Headers are given as name/value pairs; a body is sent as
 * {@code application/scim+json} unless the pairs name another Content-Type.
 */
public final class ScimClient {
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String SCIM_JSON = "application/scim+json";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /** A UUID as RFC 4122 writes it. */
    public static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** An ISO-8601 instant in UTC, as {@code meta.created} and {@code meta.lastModified} carry it. */
    public static final String UTC_INSTANT_PATTERN = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Http1Client client;

    public ScimClient(Http1Client client) {
        this.client = client;
    }

    public Exchange get(String path, String... headers) {
        return send(Method.GET, path, (String) null, headers);
    }

    public Exchange post(String path, String body, String... headers) {
        return send(Method.POST, path, body, headers);
    }

    public Exchange put(String path, String body, String... headers) {
        return send(Method.PUT, path, body, headers);
    }

    public Exchange patch(String path, String body, String... headers) {
        return send(Method.PATCH, path, body, headers);
    }

    public Exchange delete(String path, String... headers) {
        return send(Method.DELETE, path, (String) null, headers);
    }

    public Exchange send(Method method, String path, String body, String... headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends these exact bytes as the body (for bodies that are not valid text). */
    public Exchange sendBytes(Method method, String path, byte[] body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        // The client would percent-encode a '?' in the path, so the query goes in as parameters.
        int question = path.indexOf('?');
        Http1ClientRequest request = client.method(method).uri(question < 0 ? path : path.substring(0, question));
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                request.queryParam(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            HeaderName name = HeaderNames.create(headers[i]);
            contentType |= name.equals(HeaderNames.CONTENT_TYPE);
            request.header(name, headers[i + 1]);
        }
        if (body != null && !contentType) {
            request.header(HeaderNames.CONTENT_TYPE, SCIM_JSON);
        }
        try (HttpClientResponse response = body == null ? request.request() : request.submit(body)) {
            Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
            response.headers().forEach(h -> responseHeaders.put(h.name().toLowerCase(Locale.ROOT), h.allValues()));
            String text = new String(response.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Exchange(method.text() + " " + path, body == null ? null : new String(body, StandardCharsets.UTF_8),
                    response.status().code(), responseHeaders, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Creates a resource and returns the 201 response; fails the test on any other status. */
    public Exchange create(String endpoint, String body, String... headers) {
        Exchange created = post(endpoint, body, headers);
        assertThat(created.status()).as("POST %s → %s", endpoint, created.body()).isEqualTo(201);
        return created;
    }

    /** Creates the smallest valid User with a fresh userName and returns its id. */
    public String newUser(String base) {
        return create("/Users", user(uniqueName(base))).id();
    }

    /** The current representation of a resource; fails the test unless it is 200. */
    public JsonObject read(String path) {
        Exchange res = get(path);
        assertThat(res.status()).as("GET %s → %s", path, res.body()).isEqualTo(200);
        return res.json();
    }

    /** A userName no other test uses, readable in a failure message. */
    public static String uniqueName(String base) {
        return base + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    /** The smallest valid User. */
    public static String user(String userName) {
        return "{\"schemas\":[\"" + USER + "\"],\"userName\":" + Json.createValue(userName) + "}";
    }

    /** The smallest valid Group, with these members. */
    public static String group(String displayName, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":" + Json.createValue(displayName)
                + (memberIds.length == 0 ? "" : ",\"members\":[" + members + "]") + "}";
    }

    /** A PatchOp body around the given operations (a JSON array's contents, without the brackets). */
    public static String patchOp(String operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
    }

    /** The strings of a JSON array member, e.g. {@code schemas}. */
    public static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /** The {@code value}s of a group's members, in order; empty when the group has none. */
    public static List<String> memberIds(JsonObject group) {
        JsonArray members = group.getJsonArray("members");
        return members == null ? List.of() : members.stream().map(m -> m.asJsonObject().getString("value")).toList();
    }

    /** One HTTP response: status, headers (names lower-cased) and body text, with the request for messages. */
    public record Exchange(String request, String requestBody, int status, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError(request + ": status " + status + ", the body is not a JSON object: " + body, e);
            }
        }

        public String id() {
            return json().getString("id");
        }

        /** Asserts the status and returns this, so a test can go on to read the body. */
        public Exchange assertStatus(int expected) {
            assertThat(status).as("%s %s → %s", request, requestBody == null ? "" : requestBody, body).isEqualTo(expected);
            return this;
        }

        /** The {@code Resources} of a ListResponse. */
        public List<JsonObject> resources() {
            JsonArray array = json().getJsonArray("Resources");
            List<JsonObject> result = new ArrayList<>();
            if (array != null) {
                for (JsonValue value : array) {
                    result.add(value.asJsonObject());
                }
            }
            return result;
        }

        /**
         * Asserts an RFC 7644 §3.12 error response: status, the Error schema, the status as a string,
         * the scimType (null: none), a detail, and no trace of a Java stack. Returns the detail.
         */
        public String assertError(int expectedStatus, String scimType) {
            assertThat(status).as("%s %s → %s", request, requestBody == null ? "" : requestBody, body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).startsWith(SCIM_JSON);
            JsonObject error = json();
            assertThat(error.getJsonArray("schemas")).containsExactly(Json.createValue(ERROR));
            assertThat(error.getString("status")).isEqualTo(Integer.toString(expectedStatus));
            if (scimType == null) {
                assertThat(error.containsKey("scimType")).as("scimType in %s", body).isFalse();
            } else {
                assertThat(error.getString("scimType", null)).as("scimType in %s", body).isEqualTo(scimType);
            }
            String detail = error.getString("detail");
            assertThat(detail).isNotBlank();
            assertNoStackTrace();
            return detail;
        }

        public void assertNoStackTrace() {
            assertThat(body).doesNotContain("at dev.", "at java.", "at io.helidon", "\tat ", "Exception", "Error:");
        }
    }
}
