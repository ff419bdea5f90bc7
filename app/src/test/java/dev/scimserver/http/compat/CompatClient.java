package dev.scimserver.http.compat;

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
 * The compatibility tests' view of one server (lenient or strict): a request in, an {@link Exchange}
 * out, so each test reads as the exchange an identity provider has with the server. Bodies go out
 * as {@code application/scim+json} unless the header pairs name another Content-Type, as the
 * Google and PingFederate tests do.
 */
final class CompatClient {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String SCIM_JSON = "application/scim+json";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Http1Client client;

    CompatClient(Http1Client client) {
        this.client = client;
    }

    Exchange get(String path, String... headers) {
        return send(Method.GET, path, null, headers);
    }

    Exchange post(String path, String body, String... headers) {
        return send(Method.POST, path, body, headers);
    }

    Exchange put(String path, String body, String... headers) {
        return send(Method.PUT, path, body, headers);
    }

    Exchange patch(String path, String body, String... headers) {
        return send(Method.PATCH, path, body, headers);
    }

    Exchange delete(String path, String... headers) {
        return send(Method.DELETE, path, null, headers);
    }

    Exchange send(Method method, String path, String body, String... headers) {
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
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        try (HttpClientResponse response = bytes == null ? request.request() : request.submit(bytes)) {
            Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
            response.headers().forEach(h -> responseHeaders.put(h.name().toLowerCase(Locale.ROOT), h.allValues()));
            String text = new String(response.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Exchange(method + " " + path, body, response.status().code(), responseHeaders, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Creates a resource and returns the 201 response; fails the test on any other status. */
    Exchange create(String endpoint, String body) {
        Exchange created = post(endpoint, body);
        assertThat(created.status()).as("POST %s %s → %s", endpoint, body, created.body()).isEqualTo(201);
        return created;
    }

    /** Creates the smallest valid User with a fresh userName and returns its id. */
    String newUser(String base) {
        return create("/Users", user(uniqueName(base))).id();
    }

    /** The current representation of a resource; fails the test unless it is 200. */
    JsonObject read(String path) {
        Exchange res = get(path);
        assertThat(res.status()).as("GET %s → %s", path, res.body()).isEqualTo(200);
        return res.json();
    }

    /** A userName (or displayName) no other test uses, readable in a failure message. */
    static String uniqueName(String base) {
        return base + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    static String user(String userName) {
        return "{\"schemas\":[\"" + USER + "\"],\"userName\":" + Json.createValue(userName) + "}";
    }

    static String group(String displayName, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":" + Json.createValue(displayName)
                + (memberIds.length == 0 ? "" : ",\"members\":[" + members + "]") + "}";
    }

    /** A PatchOp body around the given operations (a JSON array's contents, without the brackets). */
    static String patchOp(String operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
    }

    /** The strings of a JSON array member, e.g. {@code schemas}. */
    static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /** The {@code value}s of a group's members, in order; empty when the group has none. */
    static List<String> memberIds(JsonObject group) {
        JsonArray members = group.getJsonArray("members");
        return members == null ? List.of() : members.stream().map(m -> m.asJsonObject().getString("value")).toList();
    }

    /** One HTTP response: status, headers (names lower-cased) and body text, with the request for messages. */
    record Exchange(String request, String requestBody, int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError(request + ": status " + status + ", the body is not a JSON object: " + body, e);
            }
        }

        String id() {
            return json().getString("id");
        }

        /** Asserts the status and returns this, so a test can go on to read the body. */
        Exchange assertStatus(int expected) {
            assertThat(status).as("%s %s → %s", request, requestBody == null ? "" : requestBody, body).isEqualTo(expected);
            return this;
        }

        /** The {@code Resources} of a ListResponse. */
        List<JsonObject> resources() {
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
         * Asserts an RFC 7644 §3.12 error: status, the Error schema, the status as a string, the
         * scimType (null: none), a detail, and no stack trace. Returns the detail.
         */
        String assertError(int expectedStatus, String scimType) {
            assertThat(status).as("%s %s → %s", request, requestBody == null ? "" : requestBody, body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).startsWith(SCIM_JSON);
            JsonObject error = json();
            assertThat(strings(error, "schemas")).containsExactly(ERROR);
            assertThat(error.getString("status")).isEqualTo(Integer.toString(expectedStatus));
            if (scimType == null) {
                assertThat(error.containsKey("scimType")).as("scimType in %s", body).isFalse();
            } else {
                assertThat(error.getString("scimType", null)).as("scimType in %s", body).isEqualTo(scimType);
            }
            String detail = error.getString("detail");
            assertThat(detail).isNotBlank();
            assertThat(body).doesNotContain("at dev.", "at java.", "\tat ", "Exception");
            return detail;
        }
    }
}
