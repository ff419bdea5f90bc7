package dev.scimserver.http;

import dev.scimserver.json.ScimJson;
import dev.scimserver.config.ServerSettings;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * The {@code /ServiceProviderConfig} representation (RFC 7643 §5). It states exactly what this
 * server does; when a feature is added the flag here changes with it, in the same commit.
 */
final class ServiceProviderConfigDocument {
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

    private ServiceProviderConfigDocument() {
    }

    static JsonObject build(ServerSettings settings, String baseUrl) {
        JsonArrayBuilder schemes = ScimJson.createArrayBuilder();
        if (!settings.bearerTokens().isEmpty()) {
            schemes.add(ScimJson.createObjectBuilder()
                    .add("type", "oauthbearertoken")
                    .add("name", "Bearer token")
                    .add("description", "A static bearer token configured on the server, sent as 'Authorization: Bearer <token>'")
                    .add("specUri", "https://www.rfc-editor.org/rfc/rfc6750")
                    .add("primary", true));
        }
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(SCHEMA))
                .add("patch", supported(true))
                .add("bulk", ScimJson.createObjectBuilder().add("supported", true)
                        .add("maxOperations", settings.bulk().maxOperations()).add("maxPayloadSize", settings.bulk().maxPayloadBytes()))
                .add("filter", ScimJson.createObjectBuilder().add("supported", true).add("maxResults", settings.maxResults()))
                .add("changePassword", supported(true))
                .add("sort", supported(true))
                .add("etag", supported(true))
                .add("authenticationSchemes", schemes)
                .add("meta", ScimJson.createObjectBuilder()
                        .add("resourceType", "ServiceProviderConfig")
                        .add("location", baseUrl + "/ServiceProviderConfig"))
                .build();
    }

    private static JsonObject supported(boolean supported) {
        return ScimJson.createObjectBuilder().add("supported", supported).build();
    }
}
