package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Performs a {@link BulkRequest} (RFC 7644 §3.7): each operation exactly as its own endpoint would
 * (validation, uniqueness, {@code version} as {@code If-Match}, membership, leniency), each atomic
 * on its own, the request as a whole not. {@code bulkId:X} in an operation's path or anywhere in its
 * data is the id the POST with bulkId X created; an operation that names one created later waits for
 * it, and one whose reference cannot be resolved (no such bulkId, its POST failed, or references
 * that wait on each other) fails with 409.
 */
public final class BulkProcessor {
    private static final String REFERENCE = "bulkId:";

    private final SchemaRegistry registry;
    private final ResourceService resources;
    private final boolean strict;

    public BulkProcessor(SchemaRegistry registry, ResourceService resources, boolean strict) {
        this.registry = registry;
        this.resources = resources;
        this.strict = strict;
    }

    /**
     * What became of one operation.
     *
     * @param type    the resource type its path named, or null when it named none
     * @param id      the resource's id (created or named), or null
     * @param version the resource's version after the operation, or null (a DELETE, a failure)
     * @param error   why it failed, or null
     */
    public record Outcome(BulkRequest.Operation operation, ResourceType type, String id, String version, int status,
                          ScimException error) {
    }

    /**
     * The outcomes in the order the operations were performed; after {@code failOnErrors} failures,
     * no more. Returns once every operation done is durable: the operations share their waits for the
     * disk ({@code Backend.durableTogether}) instead of one flush each.
     */
    public List<Outcome> perform(BulkRequest request) {
        return resources.backend().durableTogether(() -> performAll(request));
    }

    private List<Outcome> performAll(BulkRequest request) {
        Set<String> posted = new HashSet<>();
        for (BulkRequest.Operation operation : request.operations()) {
            if ("POST".equals(operation.method()) && operation.bulkId() != null) {
                posted.add(operation.bulkId());
            }
        }
        Map<String, String> created = new HashMap<>();
        Set<String> failedPosts = new HashSet<>();
        List<Outcome> outcomes = new ArrayList<>();
        Map<Integer, BulkRequest.Operation> unfinished = new LinkedHashMap<>(); // outcome index → POST created without its circular references
        List<BulkRequest.Operation> waiting = new ArrayList<>(request.operations());
        int failures = 0;
        while (!waiting.isEmpty() || !unfinished.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < waiting.size(); i++) {
                BulkRequest.Operation operation = waiting.get(i);
                Set<String> references = references(operation);
                Outcome outcome = unresolvable(references, posted, failedPosts)
                        .map(detail -> failed(operation, conflict(detail))).orElse(null);
                if (outcome == null && !created.keySet().containsAll(references)) {
                    continue; // waits for a POST still to come
                }
                if (outcome == null) {
                    outcome = perform(operation, created);
                }
                waiting.remove(i--);
                progress = true;
                outcomes.add(outcome);
                if (outcome.error() == null && "POST".equals(operation.method()) && operation.bulkId() != null) {
                    created.put(operation.bulkId(), outcome.id());
                } else if (outcome.error() != null) {
                    if (operation.bulkId() != null) {
                        failedPosts.add(operation.bulkId());
                    }
                    if (++failures == request.failOnErrors()) {
                        undo(unfinished, outcomes);
                        return outcomes;
                    }
                }
            }
            for (var entry : new ArrayList<>(unfinished.entrySet())) {
                BulkRequest.Operation operation = entry.getValue();
                Set<String> references = references(operation);
                var unresolvable = unresolvable(references, posted, failedPosts);
                if (unresolvable.isEmpty() && !created.keySet().containsAll(references)) {
                    continue;
                }
                unfinished.remove(entry.getKey());
                progress = true;
                Outcome done = unresolvable.isPresent()
                        ? undo(outcomes.get(entry.getKey()), conflict(unresolvable.get()))
                        : complete(outcomes.get(entry.getKey()), created);
                outcomes.set(entry.getKey(), done);
                if (done.error() != null) {
                    failedPosts.add(operation.bulkId());
                    if (++failures == request.failOnErrors()) {
                        undo(unfinished, outcomes);
                        return outcomes;
                    }
                }
            }
            if (!progress) {
                // What is left waits on itself: references in a circle (RFC 7644 §3.7.1). The first
                // POST among them is created without the values that name what is not created yet,
                // and gets them once those are.
                BulkRequest.Operation operation = waiting.stream().filter(o -> "POST".equals(o.method())).findFirst()
                        .orElse(waiting.getFirst());
                waiting.remove(operation);
                Outcome outcome = "POST".equals(operation.method())
                        ? as(operation, perform(withoutUnresolved(operation, created), created))
                        : failed(operation, conflict("its references wait on each other in a circle"));
                outcomes.add(outcome);
                if (outcome.error() == null) {
                    created.put(operation.bulkId(), outcome.id());
                    unfinished.put(outcomes.size() - 1, operation);
                } else {
                    failedPosts.add(operation.bulkId());
                    if (++failures == request.failOnErrors()) {
                        undo(unfinished, outcomes);
                        return outcomes;
                    }
                }
            }
        }
        return outcomes;
    }

    /** Why one of these references can never resolve, if one cannot. */
    private static java.util.Optional<String> unresolvable(Set<String> references, Set<String> posted, Set<String> failedPosts) {
        for (String reference : references) {
            if (!posted.contains(reference)) {
                return java.util.Optional.of("\"" + REFERENCE + reference + "\" names no POST of this request");
            }
            if (failedPosts.contains(reference)) {
                return java.util.Optional.of("\"" + REFERENCE + reference + "\" names a POST that failed");
            }
        }
        return java.util.Optional.empty();
    }

    /** The POST with every value that names a POST not yet done left out (a member, a manager). */
    private static BulkRequest.Operation withoutUnresolved(BulkRequest.Operation operation, Map<String, String> created) {
        JsonValue data = operation.data();
        if (data instanceof JsonObject object) {
            JsonObjectBuilder builder = ScimJson.createObjectBuilder();
            object.forEach((name, value) -> {
                JsonValue kept = isUnresolved(value, created) ? null : strip(value, created);
                if (kept != null) {
                    builder.add(name, kept);
                }
            });
            data = builder.build();
        }
        return new BulkRequest.Operation(operation.index(), operation.method(), operation.bulkId(), operation.version(),
                operation.path(), data);
    }

    private static JsonValue strip(JsonValue value, Map<String, String> created) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder builder = ScimJson.createObjectBuilder();
            for (var member : object.entrySet()) {
                if (isUnresolved(member.getValue(), created)) {
                    return null; // the complex value names what is not created yet: leave it out whole
                }
                JsonValue kept = strip(member.getValue(), created);
                if (kept != null) {
                    builder.add(member.getKey(), kept);
                }
            }
            return builder.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = ScimJson.createArrayBuilder();
            array.forEach(v -> {
                JsonValue kept = strip(v, created);
                if (kept != null) {
                    builder.add(kept);
                }
            });
            return builder.build();
        }
        return value;
    }

    private static boolean isUnresolved(JsonValue value, Map<String, String> created) {
        return value instanceof JsonString s && s.getString().startsWith(REFERENCE)
                && !created.containsKey(s.getString().substring(REFERENCE.length()));
    }

    private static Outcome as(BulkRequest.Operation operation, Outcome outcome) {
        return new Outcome(operation, outcome.type(), outcome.id(), outcome.version(), outcome.status(), outcome.error());
    }

    /** Gives a POST created without its circular references the attributes that named them, whole. */
    private Outcome complete(Outcome outcome, Map<String, String> created) {
        JsonObjectBuilder replaced = ScimJson.createObjectBuilder();
        ((JsonObject) outcome.operation().data()).forEach((name, value) -> {
            Set<String> named = new LinkedHashSet<>();
            collect(value, named);
            if (!named.isEmpty()) {
                replaced.add(name, substitute(value, created));
            }
        });
        JsonObject patch = ScimJson.createObjectBuilder()
                .add("schemas", ScimJson.createArrayBuilder().add("urn:ietf:params:scim:api:messages:2.0:PatchOp"))
                .add("Operations", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("op", "replace").add("value", replaced)))
                .build();
        try {
            JsonObject stored = resources.patch(outcome.type(), outcome.id(), PatchRequest.parse(patch, strict), Preconditions.NONE);
            return new Outcome(outcome.operation(), outcome.type(), outcome.id(), ResourceService.version(stored), 201, null);
        } catch (ScimException e) {
            return undo(outcome, e);
        }
    }

    /** Deletes a resource created without its circular references that cannot get them, and fails its POST. */
    private Outcome undo(Outcome outcome, ScimException why) {
        try {
            resources.delete(outcome.type(), outcome.id(), Preconditions.NONE);
        } catch (ScimException e) {
            // Deleted meanwhile by another request: nothing is left to undo.
        }
        return failed(outcome.operation(), why);
    }

    private void undo(Map<Integer, BulkRequest.Operation> unfinished, List<Outcome> outcomes) {
        unfinished.keySet().forEach(index -> outcomes.set(index, undo(outcomes.get(index),
                conflict("the request stopped at failOnErrors before the references of this POST were created"))));
    }

    private Outcome perform(BulkRequest.Operation operation, Map<String, String> created) {
        ResourceType type = null;
        String id = null;
        try {
            String method = operation.method();
            if (method == null) {
                throw ScimException.invalidSyntax("the operation has no \"method\"; send POST, PUT, PATCH or DELETE");
            }
            if (operation.path() == null) {
                throw new ScimException(400, "invalidPath", "the operation has no \"path\"");
            }
            String[] path = resolve(operation.path(), created).replaceFirst("^/", "").split("/", -1);
            type = path[0].isEmpty() ? null : registry.byEndpoint(path[0]);
            if (type == null || path.length > 2 || path.length == 2 && path[1].isEmpty()) {
                throw new ScimException(400, "invalidPath", "the path \"" + operation.path()
                        + "\" names no resource endpoint (for example /Users, or /Users/{id} for " + method + ")");
            }
            Preconditions conditions = operation.version() == null ? Preconditions.NONE : Preconditions.ifMatch(operation.version());
            switch (method) {
                case "POST" -> {
                    if (path.length != 1) {
                        throw new ScimException(400, "invalidPath", "a POST goes to the endpoint (/" + path[0] + "), not to an id");
                    }
                    if (operation.bulkId() == null) {
                        throw ScimException.invalidValue("a POST needs a \"bulkId\", to name the resource in the response");
                    }
                    JsonObject stored = resources.create(type, data(operation, created));
                    return new Outcome(operation, type, stored.getString("id"), ResourceService.version(stored), 201, null);
                }
                case "PUT", "PATCH", "DELETE" -> {
                    if (path.length != 2) {
                        throw new ScimException(400, "invalidPath", "a " + method + " names one resource: /" + path[0] + "/{id}");
                    }
                    id = path[1];
                    return write(operation, method, type, id, conditions, created);
                }
                default -> throw ScimException.invalidSyntax("the method \"" + operation.method()
                        + "\" is none of POST, PUT, PATCH and DELETE");
            }
        } catch (ScimException e) {
            return new Outcome(operation, type, id, null, e.status(), e);
        }
    }

    private Outcome write(BulkRequest.Operation operation, String method, ResourceType type, String id,
                          Preconditions conditions, Map<String, String> created) {
        if (method.equals("DELETE")) {
            resources.delete(type, id, conditions);
            return new Outcome(operation, type, id, null, 204, null);
        }
        try {
            JsonObject stored = method.equals("PUT")
                    ? resources.replace(type, id, data(operation, created), conditions)
                    : resources.patch(type, id, PatchRequest.parse(data(operation, created), strict), conditions);
            return new Outcome(operation, type, id, ResourceService.version(stored), 200, null);
        } catch (ScimException e) {
            if (e.status() != 404) {
                resources.get(type, id); // an unknown id is a 404 whatever the data, as at the endpoint
            }
            throw e;
        }
    }

    private static JsonObject data(BulkRequest.Operation operation, Map<String, String> created) {
        if (!(operation.data() instanceof JsonObject data)) {
            throw ScimException.invalidSyntax("a " + operation.method() + " needs \"data\": a JSON object"
                    + (operation.data() == null ? "" : ", not " + operation.data().getValueType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return (JsonObject) substitute(data, created);
    }

    private static Outcome failed(BulkRequest.Operation operation, ScimException error) {
        return new Outcome(operation, null, null, null, error.status(), error);
    }

    private static ScimException conflict(String detail) {
        return new ScimException(409, null, "A bulkId reference cannot be resolved: " + detail);
    }

    /** The bulkIds an operation refers to, in its path and anywhere in its data, in order. */
    static Set<String> references(BulkRequest.Operation operation) {
        Set<String> found = new LinkedHashSet<>();
        if (operation.path() != null) {
            for (String segment : operation.path().split("/")) {
                if (segment.startsWith(REFERENCE)) {
                    found.add(segment.substring(REFERENCE.length()));
                }
            }
        }
        collect(operation.data(), found);
        return found;
    }

    private static void collect(JsonValue value, Set<String> found) {
        if (value instanceof JsonString s && s.getString().startsWith(REFERENCE)) {
            found.add(s.getString().substring(REFERENCE.length()));
        } else if (value instanceof JsonObject object) {
            object.values().forEach(v -> collect(v, found));
        } else if (value instanceof JsonArray array) {
            array.forEach(v -> collect(v, found));
        }
    }

    private static String resolve(String path, Map<String, String> created) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(segment.startsWith(REFERENCE) ? created.get(segment.substring(REFERENCE.length())) : segment);
        }
        return String.join("/", segments);
    }

    /** The data with every {@code "bulkId:X"} string replaced by the id X's POST created. */
    private static JsonValue substitute(JsonValue value, Map<String, String> created) {
        if (value instanceof JsonString s && s.getString().startsWith(REFERENCE)) {
            return ScimJson.createValue(created.get(s.getString().substring(REFERENCE.length())));
        }
        if (value instanceof JsonObject object) {
            JsonObjectBuilder builder = ScimJson.createObjectBuilder();
            object.forEach((name, v) -> builder.add(name, substitute(v, created)));
            return builder.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = ScimJson.createArrayBuilder();
            array.forEach(v -> builder.add(substitute(v, created)));
            return builder.build();
        }
        return value;
    }
}
