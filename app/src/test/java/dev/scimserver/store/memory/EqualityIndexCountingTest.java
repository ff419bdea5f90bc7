package dev.scimserver.store.memory;

import dev.scimserver.core.Preconditions;
import dev.scimserver.patch.PatchRequest;
import dev.scimserver.core.Projection;
import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counted equality index ({@link EqualityIndex}) kept up to date through identity diffs, and the
 * {@code exact} shortcut of {@link MemorySearch} that trusts it without re-checking: after every kind
 * of write an indexed search must find exactly what a brute-force scan of the stored resources finds.
 * Most cases go through {@link ResourceService} and {@link ResourceSearch} as the HTTP layer does;
 * a few drive the index and the type store directly to reach shapes a request cannot produce.
 */
class EqualityIndexCountingTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final String BASE = "https://scim.example.com/v2";

    private InMemoryBackend backend;
    private ResourceService service;
    private ResourceSearch search;

    @BeforeEach
    void newService() {
        backend = new InMemoryBackend(IndexPlan.of(REGISTRY));
        service = new ResourceService(backend, new TickingClock(), REGISTRY, false);
        search = new ResourceSearch(backend, 100_000);
    }

    // ---- helpers

    /** A clock one millisecond later at every reading, so creation order is the order of the create calls. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli());

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAndIncrement());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static JsonObject withSchema(ResourceType type, JsonObject body) {
        return Json.createObjectBuilder(body).add("schemas", Json.createArrayBuilder().add(type.schema().id())).build();
    }

    private String createUser(String userName, String... emails) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (int i = 0; i < emails.length; i++) {
            list.add(Json.createObjectBuilder().add("value", emails[i]).add("type", i == 0 ? "work" : "home"));
        }
        var body = Json.createObjectBuilder().add("userName", userName);
        if (emails.length > 0) {
            body.add("emails", list);
        }
        return service.create(USER, withSchema(USER, body.build())).getString("id");
    }

    private String createGroup(String displayName, List<String> memberIds) {
        var body = Json.createObjectBuilder().add("displayName", displayName);
        if (!memberIds.isEmpty()) {
            body.add("members", members(memberIds));
        }
        return service.create(GROUP, withSchema(GROUP, body.build())).getString("id");
    }

    private static JsonArrayBuilder members(List<String> ids) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        ids.forEach(id -> members.add(Json.createObjectBuilder().add("value", id)));
        return members;
    }

    private JsonObject patch(ResourceType type, String id, String operations) {
        String body = "{\"schemas\": [\"" + PatchRequest.SCHEMA + "\"], \"Operations\": " + operations + "}";
        return service.patch(type, id, PatchRequest.parse(json(body), false), Preconditions.NONE);
    }

    /** The ids an indexed search finds, in order. */
    private List<String> found(ResourceType type, String filter) {
        return search.search(type, new SearchRequest(filter, null, null, 1, null, Projection.DEFAULT))
                .resources().stream().map(f -> f.resource().id()).toList();
    }

    private static String eq(String path, String value) {
        return path + " eq \"" + value + "\"";
    }

    private static List<String> values(JsonObject body, String attribute) {
        if (!(body.get(attribute) instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream().map(v -> v.asJsonObject().getString("value")).toList();
    }

    /** Brute force: the resources of a type (creation order) with an element whose value equals this one, ignoring case. */
    private List<String> scan(ResourceType type, String attribute, String value) {
        List<String> ids = new ArrayList<>();
        for (StoredResource r : backend.list(type.id())) {
            if (values(r.body(), attribute).stream().anyMatch(v -> v.equalsIgnoreCase(value))) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    /** Every {@code members.value eq} search, as given and upper-cased, finds exactly what a scan finds. */
    private void assertMembershipIndexMatchesScan(List<String> ids, String step) {
        for (String id : ids) {
            List<String> expected = scan(GROUP, "members", id);
            assertThat(found(GROUP, eq("members.value", id))).as("%s: members.value eq %s", step, id)
                    .containsExactlyElementsOf(expected);
            assertThat(found(GROUP, eq("members.value", id.toUpperCase(Locale.ROOT)))).as("%s: upper-cased %s", step, id)
                    .containsExactlyElementsOf(expected);
            assertThat(service.membership().directGroups(id).stream().map(StoredResource::id).toList())
                    .as("%s: directGroups(%s)", step, id).containsExactlyElementsOf(expected);
        }
    }

    /** Brute force of {@code groups}: direct groups first, then groups containing those, level by level, each once. */
    private Map<String, String> groupsByScan(String memberId) {
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> visited = new HashSet<>(Set.of(memberId));
        List<String> level = List.of(memberId);
        boolean direct = true;
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String id : level) {
                for (String group : scan(GROUP, "members", id)) {
                    if (visited.add(group)) {
                        result.put(group, direct ? "direct" : "indirect");
                        next.add(group);
                    }
                }
            }
            direct = false;
            level = next;
        }
        return result;
    }

    private void assertGroupsOfMatchScan(List<String> ids, String step) {
        for (String id : ids) {
            JsonArray groups = service.membership().groupsOf(id, BASE);
            Map<String, String> actual = new LinkedHashMap<>();
            for (JsonValue g : groups) {
                JsonObject group = g.asJsonObject();
                assertThat(actual.put(group.getString("value"), group.getString("type"))).as("%s: listed once", step).isNull();
                assertThat(group.getString("$ref")).isEqualTo(BASE + "/Groups/" + group.getString("value"));
            }
            assertThat(actual).as("%s: groups of %s", step, id).isEqualTo(groupsByScan(id));
        }
    }

    private static List<String> range(List<String> ids, int from, int to) {
        return new ArrayList<>(ids.subList(from, to));
    }

    // ---- emails: two values that are equal

    @Test
    void aUserWithTheSameEmailTwiceIsFoundUntilBothAreRemoved() {
        String id = createUser("bjensen", "x@example.com", "x@example.com");
        String other = createUser("other", "y@example.com");
        String filter = eq("emails.value", "x@example.com");
        assertThat(found(USER, filter)).containsExactly(id);

        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails[type eq \\\"work\\\"]\"}]");

        assertThat(values(service.get(USER, id), "emails")).containsExactly("x@example.com");
        assertThat(found(USER, filter)).containsExactly(id);
        assertThat(found(USER, eq("emails.value", "X@EXAMPLE.COM"))).containsExactly(id);
        assertThat(found(USER, eq("emails", "x@example.com"))).containsExactly(id);

        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails[type eq \\\"home\\\"]\"}]");

        assertThat(service.get(USER, id).containsKey("emails")).isFalse();
        assertThat(found(USER, filter)).isEmpty();
        assertThat(found(USER, eq("emails.value", "y@example.com"))).containsExactly(other);
    }

    @Test
    void emailsThatDifferOnlyInCaseShareOneIndexEntryCountedTwice() {
        String id = createUser("bjensen", "X@Example.com", "x@example.com");
        String filter = eq("emails.value", "x@EXAMPLE.com");

        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails[value eq \\\"X@Example.com\\\" and type eq \\\"work\\\"]\"}]");

        assertThat(values(service.get(USER, id), "emails")).containsExactly("x@example.com");
        assertThat(found(USER, filter)).containsExactly(id);

        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails[type eq \\\"home\\\"]\"}]");

        assertThat(found(USER, filter)).isEmpty();
    }

    @Test
    void removingBothEqualEmailsInOneOperationForgetsTheValue() {
        String id = createUser("bjensen", "x@example.com", "x@example.com", "z@example.com");

        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails[value eq \\\"x@example.com\\\"]\"}]");

        assertThat(values(service.get(USER, id), "emails")).containsExactly("z@example.com");
        assertThat(found(USER, eq("emails.value", "x@example.com"))).isEmpty();
        assertThat(found(USER, eq("emails.value", "z@example.com"))).containsExactly(id);
    }

    @Test
    void changingOneOfTwoEqualEmailsKeepsTheOther() {
        String id = createUser("bjensen", "x@example.com", "x@example.com");

        patch(USER, id, "[{\"op\": \"replace\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\": \"w@example.com\"}]");

        assertThat(found(USER, eq("emails.value", "x@example.com"))).containsExactly(id);
        assertThat(found(USER, eq("emails.value", "w@example.com"))).containsExactly(id);

        patch(USER, id, "[{\"op\": \"replace\", \"path\": \"emails[type eq \\\"home\\\"].value\", \"value\": \"h@example.com\"}]");

        assertThat(found(USER, eq("emails.value", "x@example.com"))).isEmpty();
        assertThat(found(USER, eq("emails.value", "h@example.com"))).containsExactly(id);
    }

    @Test
    void replacingAndEmptyingTheEmailsByPutAndPatch() {
        String id = createUser("bjensen", "x@example.com", "x@example.com");

        service.replace(USER, id, withSchema(USER, json("""
                {"userName": "bjensen", "emails": [{"value": "x@example.com"}]}""")), Preconditions.NONE);
        assertThat(found(USER, eq("emails.value", "x@example.com"))).containsExactly(id);

        patch(USER, id, "[{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"x@example.com\", \"type\": \"other\"}]}]");
        patch(USER, id, "[{\"op\": \"remove\", \"path\": \"emails\"}]");
        assertThat(found(USER, eq("emails.value", "x@example.com"))).isEmpty();

        patch(USER, id, "[{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"x@example.com\"}, {\"value\": \"X@example.com\"}]}]");
        assertThat(found(USER, eq("emails.value", "x@example.com")))
                .containsExactlyElementsOf(scan(USER, "emails", "x@example.com"));
        service.replace(USER, id, withSchema(USER, json("{\"userName\": \"bjensen\"}")), Preconditions.NONE);
        assertThat(found(USER, eq("emails.value", "x@example.com"))).isEmpty();
    }

    @Test
    void deletingAUserForgetsEveryCountedEntry() {
        String id = createUser("bjensen", "x@example.com", "X@example.com");
        String other = createUser("other", "x@example.com");

        service.delete(USER, id, Preconditions.NONE);

        assertThat(found(USER, eq("emails.value", "x@example.com"))).containsExactly(other);
        service.delete(USER, other, Preconditions.NONE);
        assertThat(found(USER, eq("emails.value", "x@example.com"))).isEmpty();
    }

    // ---- a group of 500 members

    @Test
    void aLargeGroupThroughEveryKindOfMembershipChange() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            users.add(createUser("user" + i));
        }
        String big = createGroup("Big", range(users, 0, 500));
        String small = createGroup("Small", range(users, 0, 10));
        String outer = createGroup("Outer", List.of(big));
        List<String> everyone = new ArrayList<>(users);
        everyone.addAll(List.of(big, small, outer));
        assertMembershipIndexMatchesScan(everyone, "created");
        assertGroupsOfMatchScan(everyone, "created");
        assertThat(found(GROUP, eq("members.value", users.get(3)))).containsExactly(big, small);

        // add one
        patch(GROUP, big, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + users.get(500) + "\"}]}]");
        assertThat(values(service.get(GROUP, big), "members")).hasSize(501).endsWith(users.get(500));
        assertMembershipIndexMatchesScan(everyone, "add one");
        assertThat(found(GROUP, eq("members.value", users.get(500)))).containsExactly(big);

        // remove one by a value filter
        patch(GROUP, big, "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + users.get(3) + "\\\"]\"}]");
        assertThat(values(service.get(GROUP, big), "members")).hasSize(500).doesNotContain(users.get(3));
        assertMembershipIndexMatchesScan(everyone, "remove one by filter");
        assertThat(found(GROUP, eq("members.value", users.get(3)))).containsExactly(small);

        // remove one the Entra ID way (value of a path-less remove of members), upper-cased
        patch(GROUP, big, "[{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": \""
                + users.get(250).toUpperCase(Locale.ROOT) + "\"}]}]");
        assertThat(values(service.get(GROUP, big), "members")).hasSize(499).doesNotContain(users.get(250));
        assertMembershipIndexMatchesScan(everyone, "remove one by value");

        // one out and one in, in one request
        patch(GROUP, big, "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + users.get(100) + "\\\"]\"},"
                + "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + users.get(501) + "\"}]}]");
        assertThat(values(service.get(GROUP, big), "members")).hasSize(499).contains(users.get(501)).doesNotContain(users.get(100));
        assertMembershipIndexMatchesScan(everyone, "one out, one in");
        assertGroupsOfMatchScan(everyone, "one out, one in");

        // replace the whole list with one that overlaps it
        List<String> replacement = range(users, 300, 510);
        JsonArray replacementJson = members(replacement).build();
        patch(GROUP, big, "[{\"op\": \"replace\", \"path\": \"members\", \"value\": " + replacementJson + "}]");
        assertThat(values(service.get(GROUP, big), "members")).containsExactlyElementsOf(replacement);
        assertMembershipIndexMatchesScan(everyone, "replace all");
        assertGroupsOfMatchScan(everyone, "replace all");
        assertThat(found(GROUP, eq("members.value", users.get(0)))).containsExactly(small);

        // PUT the list back with a few more
        List<String> put = range(users, 0, 20);
        put.addAll(range(users, 300, 510));
        service.replace(GROUP, big, withSchema(GROUP, Json.createObjectBuilder()
                .add("displayName", "Big").add("members", members(put)).build()), Preconditions.NONE);
        assertThat(values(service.get(GROUP, big), "members")).containsExactlyElementsOf(put);
        assertMembershipIndexMatchesScan(everyone, "put");

        // remove all
        patch(GROUP, big, "[{\"op\": \"remove\", \"path\": \"members\"}]");
        assertThat(service.get(GROUP, big).containsKey("members")).isFalse();
        assertMembershipIndexMatchesScan(everyone, "remove all");
        assertGroupsOfMatchScan(everyone, "remove all");
        assertThat(found(GROUP, eq("members.value", users.get(400)))).isEmpty();
        assertThat(found(GROUP, eq("members.value", users.get(5)))).containsExactly(small);

        // and fill it again from empty
        patch(GROUP, big, "[{\"op\": \"add\", \"path\": \"members\", \"value\": " + members(range(users, 0, 500)).build() + "}]");
        assertMembershipIndexMatchesScan(everyone, "refilled");
        assertGroupsOfMatchScan(everyone, "refilled");
    }

    @Test
    void aSearchThatIsMoreThanTheIndexedEqualityIsStillChecked() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(createUser("user" + i));
        }
        String a = createGroup("Alpha", users);
        String b = createGroup("Beta", range(users, 0, 2));

        assertThat(found(GROUP, eq("members.value", users.get(0)))).containsExactly(a, b);
        assertThat(found(GROUP, eq("members.value", users.get(0)) + " and displayName eq \"Beta\"")).containsExactly(b);
        assertThat(found(GROUP, eq("members.value", users.get(4)) + " and displayName eq \"Beta\"")).isEmpty();
        assertThat(found(GROUP, "members[value eq \"" + users.get(1) + "\"] and displayName sw \"A\"")).containsExactly(a);
        assertThat(found(GROUP, eq("members.value", users.get(1)) + " and " + eq("members.value", users.get(4)))).containsExactly(a);
        assertThat(found(GROUP, eq("displayName", "alpha"))).containsExactly(a);
        assertThat(found(GROUP, eq("members.value", "nobody"))).isEmpty();
    }

    // ---- the index and the type store driven directly

    private static final List<dev.scimserver.query.ResolvedPath> GROUP_PATHS = IndexPlan.of(REGISTRY).paths("Group");

    private static JsonObject member(String id) {
        return Json.createObjectBuilder().add("value", id).add("type", "User").build();
    }

    private static StoredResource group(String id, List<JsonValue> members) {
        var body = Json.createObjectBuilder().add("id", id).add("displayName", "G " + id);
        if (!members.isEmpty()) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            members.forEach(array::add); // the same element objects, as a PATCH keeps them
            body.add("members", array);
        }
        return new StoredResource("Group", id, body.build(), Set.of());
    }

    private static Set<String> lookup(EqualityIndex index, String memberId) {
        return new TreeSet<>(index.lookup("members.value", memberId.toLowerCase(Locale.ROOT)));
    }

    @Test
    void aSwapOfTheSameElementsLeavesTheCountsAsTheyWere() {
        EqualityIndex index = new EqualityIndex(GROUP_PATHS);
        JsonObject a = member("a");
        JsonObject b = member("b");
        JsonObject c = member("c");
        StoredResource before = group("g", List.of(a, b, c));
        index.update(null, before).run();

        StoredResource swapped = group("g", List.of(a, c, b));
        index.update(before, swapped).run();
        StoredResource reversed = group("g", List.of(c, b, a));
        index.update(swapped, reversed).run();

        for (String id : List.of("a", "b", "c")) {
            assertThat(lookup(index, id)).as(id).containsExactly("g");
        }
        // the counts are one each: one removal forgets each value
        index.remove(reversed);
        for (String id : List.of("a", "b", "c")) {
            assertThat(lookup(index, id)).as(id).isEmpty();
        }
    }

    @Test
    void theSameValueTwiceIsCountedTwice() {
        EqualityIndex index = new EqualityIndex(GROUP_PATHS);
        JsonObject upper = member("ABC");
        JsonObject lower = member("abc");
        JsonObject other = member("x");
        StoredResource both = group("g", List.of(upper, other, lower));
        index.update(null, both).run();

        StoredResource one = group("g", List.of(other, lower));
        index.update(both, one).run();
        assertThat(lookup(index, "abc")).containsExactly("g");

        StoredResource none = group("g", List.of(other));
        index.update(one, none).run();
        assertThat(lookup(index, "abc")).isEmpty();
        assertThat(lookup(index, "x")).containsExactly("g");
    }

    @Test
    void newEntriesComeBeforeTheResourceAndStaleOnesGoAfter() {
        EqualityIndex index = new EqualityIndex(GROUP_PATHS);
        JsonObject a = member("a");
        JsonObject b = member("b");
        StoredResource before = group("g", List.of(a));
        index.update(null, before).run();

        Runnable stale = index.update(before, group("g", List.of(b)));

        assertThat(lookup(index, "a")).as("old entry kept until the new version is visible").containsExactly("g");
        assertThat(lookup(index, "b")).as("new entry there before the new version is").containsExactly("g");
        stale.run();
        assertThat(lookup(index, "a")).isEmpty();
        assertThat(lookup(index, "b")).containsExactly("g");
    }

    /**
     * Random member edits on several groups through {@link TypeStore#put}, keeping untouched elements
     * as the same objects (as PATCH does) or rebuilding every element (as PUT does), with duplicate
     * and case-variant values; after each, every value's index entry equals a scan of the store.
     */
    @Test
    void randomEditsKeepTheIndexEqualToAScan() {
        TypeStore store = new TypeStore(GROUP_PATHS);
        Random random = new Random(7);
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            universe.add("m" + i);
        }
        Map<String, List<JsonValue>> lists = new LinkedHashMap<>();
        for (String g : List.of("g1", "g2", "g3")) {
            lists.put(g, new ArrayList<>());
        }
        for (int step = 0; step < 3_000; step++) {
            String g = "g" + (1 + random.nextInt(3));
            List<JsonValue> list = new ArrayList<>(lists.get(g));
            int kind = random.nextInt(10);
            if (kind < 4 || list.isEmpty()) {
                String id = universe.get(random.nextInt(universe.size()));
                list.add(random.nextInt(list.size() + 1), member(random.nextBoolean() ? id : id.toUpperCase(Locale.ROOT)));
            } else if (kind < 7) {
                list.remove(random.nextInt(list.size()));
            } else if (kind == 7) {
                int i = random.nextInt(list.size());
                int j = random.nextInt(list.size());
                JsonValue x = list.get(i);
                list.set(i, list.get(j));
                list.set(j, x);
            } else if (kind == 8) {
                // a PUT: equal values, new objects
                list.replaceAll(v -> member(v.asJsonObject().getString("value")));
            } else {
                list.set(random.nextInt(list.size()), member(universe.get(random.nextInt(universe.size()))));
            }
            if (random.nextInt(50) == 0) {
                StoredResource current = store.byId.get(g);
                if (current != null) {
                    store.remove(current);
                }
                list = new ArrayList<>();
            } else {
                store.put(group(g, list));
            }
            lists.put(g, list);

            for (String id : universe) {
                Set<String> expected = new TreeSet<>();
                for (StoredResource r : store.byId.values()) {
                    if (values(r.body(), "members").stream().anyMatch(v -> v.equalsIgnoreCase(id))) {
                        expected.add(r.id());
                    }
                }
                assertThat(lookup(store.index, id)).as("step %d, %s", step, id).isEqualTo(expected);
            }
        }
    }

    /**
     * The {@code exact} shortcut returns the index's candidates without testing them against the
     * filter. {@link TypeStore#put} makes a write visible in three steps (new index entries, the new
     * version, removal of the stale entries), so a reader between them gets a group that does not list
     * the member: here the reader runs between the second and third step of removing a member.
     */
    @Test
    void aSearchDuringAWriteReturnsOnlyResourcesThatMatch() {
        TypeStore store = new TypeStore(GROUP_PATHS);
        JsonObject a = member("a");
        JsonObject b = member("b");
        StoredResource before = group("g", List.of(a, b));
        store.put(before);
        StoredResource after = group("g", List.of(b));

        // TypeStore.put, stopped before its last step
        Runnable stale = store.index.update(before, after);
        store.byId.put("g", after);
        store.inCreationOrder.put(TypeStore.orderKey(after), after);

        Filter filter = ScimFilters.parseFilter("members.value eq \"a\"");
        SearchQuery query = new SearchQuery(GROUP, filter, FilterCompiler.compile(filter, GROUP), null, false, 1, 100);
        List<StoredResource> found = MemorySearch.search(store, query).resources();
        stale.run();

        assertThat(found).allSatisfy(r -> assertThat(values(r.body(), "members")).contains("a"));
    }

    /** The same race through the service: one thread adds and removes a member while others search for it. */
    @Test
    void concurrentSearchesReturnOnlyGroupsThatListTheMember() throws Exception {
        String x = createUser("x");
        String g = createGroup("G", List.of());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong wrong = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                patch(GROUP, g, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + x + "\"}]}]");
                patch(GROUP, g, "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + x + "\\\"]\"}]");
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            readers.add(new Thread(() -> {
                while (!stop.get()) {
                    for (var f : search.search(GROUP, new SearchRequest(eq("members.value", x), null, null, 1, null, Projection.DEFAULT))
                            .resources()) {
                        if (!values(f.resource().body(), "members").contains(x)) {
                            wrong.incrementAndGet();
                        }
                    }
                }
            }));
        }
        writer.start();
        readers.forEach(Thread::start);
        Thread.sleep(1_000);
        stop.set(true);
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(wrong.get()).as("searches that returned a group not listing the member").isZero();
    }

    @Test
    void aSearchDuringAWriteNeverMissesAMatchThatHoldsBeforeAndAfter() {
        TypeStore store = new TypeStore(GROUP_PATHS);
        JsonObject a = member("a");
        StoredResource before = group("g", List.of(a, member("b")));
        store.put(before);
        StoredResource after = group("g", List.of(a, member("c")));

        Runnable stale = store.index.update(before, after);
        Filter filter = ScimFilters.parseFilter("members.value eq \"a\"");
        SearchQuery query = new SearchQuery(GROUP, filter, FilterCompiler.compile(filter, GROUP), null, false, 1, 100);
        List<String> midway = MemorySearch.search(store, query).resources().stream().map(StoredResource::id).toList();
        store.byId.put("g", after);
        List<String> visible = MemorySearch.search(store, query).resources().stream().map(StoredResource::id).toList();
        stale.run();
        List<String> done = MemorySearch.search(store, query).resources().stream().map(StoredResource::id).toList();

        assertThat(midway).containsExactly("g");
        assertThat(visible).containsExactly("g");
        assertThat(done).containsExactly("g");
    }
}
