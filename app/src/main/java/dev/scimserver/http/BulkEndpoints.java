package dev.scimserver.http;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.BulkProcessor;
import dev.scimserver.core.BulkRequest;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.SchemaRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

/**
 * {@code POST /Bulk} (RFC 7644 §3.7): a BulkRequest in, a BulkResponse out with one entry per
 * operation performed: its method, bulkId, location, version and status, and for a failure the
 * SCIM error as {@code response}. The body has its own size limit, and the operations their count
 * ({@code scim.bulk.*}); over either is 413.
 */
final class BulkEndpoints implements HttpService {
    static final String RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private final ServerSettings settings;
    private final BulkProcessor processor;
    private final BaseUrls baseUrls;

    BulkEndpoints(ServerSettings settings, SchemaRegistry registry, ResourceService resources, BaseUrls baseUrls) {
        this.settings = settings;
        this.processor = new BulkProcessor(registry, resources, settings.strict());
        this.baseUrls = baseUrls;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/Bulk", this::bulk)
                .any("/Bulk", Methods.allow("POST"));
    }

    private void bulk(ServerRequest req, ServerResponse res) {
        BulkRequest request = BulkRequest.parse(RequestBodies.readObject(req, res, settings, settings.bulk().maxPayloadBytes()),
                settings.strict(), settings.bulk().maxOperations());
        List<BulkProcessor.Outcome> outcomes = processor.perform(request);
        String base = baseUrls.of(req);
        JsonArrayBuilder operations = ScimJson.createArrayBuilder();
        for (BulkProcessor.Outcome outcome : outcomes) {
            JsonObjectBuilder entry = ScimJson.createObjectBuilder();
            BulkRequest.Operation operation = outcome.operation();
            if (operation.method() != null) {
                entry.add("method", operation.method());
            }
            if (operation.bulkId() != null) {
                entry.add("bulkId", operation.bulkId());
            }
            if (outcome.type() != null && outcome.id() != null && outcome.error() == null) {
                entry.add("location", Representations.location(base, outcome.type(), outcome.id()));
            }
            if (outcome.version() != null) {
                entry.add("version", outcome.version());
            }
            entry.add("status", Integer.toString(outcome.status()));
            if (outcome.error() != null) {
                entry.add("response", ScimResponses.error(outcome.status(), outcome.error().scimType(), outcome.error().detail()));
            }
            operations.add(entry);
        }
        ScimResponses.send(res, 200, ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add(RESPONSE_SCHEMA))
                .add("Operations", operations)
                .build());
    }
}
