package dev.scimserver.store.memory;

import dev.scimserver.core.Preconditions;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.ResourceService;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

/** What the journal and compaction tests write and compare. */
final class JournalFixtures {
    private JournalFixtures() {
    }

    static JsonObject user(String userName) {
        return ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", userName)
                .build();
    }

    /** Applies PATCH operations (the JSON of each, comma-separated) as a client's request would. */
    static void patch(ResourceService service, ResourceType type, String id, String operations) {
        JsonObject body = ScimJson.createReader(new StringReader(
                "{\"schemas\":[\"" + PatchRequest.SCHEMA + "\"],\"Operations\":[" + operations + "]}")).readObject();
        service.patch(type, id, PatchRequest.parse(body, false), Preconditions.NONE);
    }

    /** How many entries the journal file holds (its preallocated zeros are no entries). */
    static int entries(Path journalFile) {
        return Journal.replay(journalFile, entry -> { }, warning -> { });
    }

    static List<JsonObject> bodies(List<StoredResource> resources) {
        return resources.stream().map(StoredResource::body).toList();
    }
}
