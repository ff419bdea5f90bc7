package dev.scimserver.http;

import dev.scimserver.json.ScimJson;
import dev.scimserver.error.ScimException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;

import java.io.ByteArrayOutputStream;

/** Writes SCIM responses: {@code application/scim+json} bodies and RFC 7644 §3.12 errors. */
public final class ScimResponses {
    public static final String SCIM_JSON = "application/scim+json";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private ScimResponses() {
    }

    public static void send(ServerResponse res, int status, JsonObject body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, SCIM_JSON);
        res.send(bytes(body));
    }

    /** A body as the bytes of a response; also for answers written before or beside routing. */
    static byte[] bytes(JsonObject body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonWriter writer = ScimJson.createWriter(bytes)) {
            writer.writeObject(body);
        }
        return bytes.toByteArray();
    }

    public static JsonObject error(int status, String scimType, String detail) {
        JsonObjectBuilder body = ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(ERROR_SCHEMA))
                .add("status", Integer.toString(status));
        if (scimType != null) {
            body.add("scimType", scimType);
        }
        return body.add("detail", detail).build();
    }

    public static void sendError(ServerResponse res, ScimException e) {
        if (e.retryAfterSeconds() > 0) {
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
        }
        send(res, e.status(), error(e.status(), e.scimType(), e.detail()));
    }
}
