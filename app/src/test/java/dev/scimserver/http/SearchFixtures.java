package dev.scimserver.http;

import dev.scimserver.core.Preconditions;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;

/**
 * The known data the search tests run against: six Users created one hour apart from
 * {@link #T0} (creation order: bjensen, jsmith, ADoe, mmuster, zed, Carl) and three Groups after
 * them. bjensen is replaced 30 days later, so her {@code meta.lastModified} differs from
 * {@code meta.created}. Nothing in a search test writes, so every count is exact.
 *
 * <pre>
 * userName  externalId  familyName  title       active  emails (type, *primary)                       employeeNumber  manager
 * bjensen   Ext-BJ      Jensen      Tour Guide  true    *bjensen@example.com work, babs@jensen.org home  701984          MGR-1
 * jsmith    ext-bj      Smith       Engineer    true    jsmith@corp.example.com work, *john@smith.net home  100         mgr-1
 * ADoe      -           doe         Engineer    false   *adoe@x.org work                               300             -
 * mmuster   -           Muster      -           false   -                                             200             MGR-1
 * zed       -           -           -           -       zed@example.com home                          -               -
 * Carl      -           Carlson     Manager     true    carl@x.org work, *a.carl@x.org other          -               -
 * </pre>
 * displayName: bjensen "Babs Jensen", mmuster "Max Muster". Groups: Admins (bjensen, jsmith),
 * Engineers (jsmith, ADoe), Empty (no members).
 */
final class SearchFixtures {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant BJENSEN_REPLACED = T0.plus(Duration.ofDays(30));

    /** The userNames in creation order. */
    static final List<String> USER_NAMES = List.of("bjensen", "jsmith", "ADoe", "mmuster", "zed", "Carl");
    static final List<String> GROUP_NAMES = List.of("Admins", "Engineers", "Empty");

    private static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("bjensen", """
                {"schemas": ["%s", "%s"], "userName": "bjensen", "externalId": "Ext-BJ",
                 "name": {"familyName": "Jensen", "givenName": "Barbara"}, "displayName": "Babs Jensen",
                 "title": "Tour Guide", "userType": "Employee", "active": true, "password": "secret-1",
                 "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                            {"value": "babs@jensen.org", "type": "home"}],
                 "%s": {"employeeNumber": "701984", "manager": {"value": "MGR-1"}}}
                """.formatted(USER, ENTERPRISE_USER, ENTERPRISE_USER));
        USERS.put("jsmith", """
                {"schemas": ["%s", "%s"], "userName": "jsmith", "externalId": "ext-bj",
                 "name": {"familyName": "Smith", "givenName": "John"}, "title": "Engineer", "userType": "Contractor",
                 "active": true, "password": "secret-2",
                 "emails": [{"value": "jsmith@corp.example.com", "type": "work"},
                            {"value": "john@smith.net", "type": "home", "primary": true}],
                 "%s": {"employeeNumber": "100", "manager": {"value": "mgr-1"}}}
                """.formatted(USER, ENTERPRISE_USER, ENTERPRISE_USER));
        USERS.put("ADoe", """
                {"schemas": ["%s", "%s"], "userName": "ADoe", "name": {"familyName": "doe", "givenName": "Alice"},
                 "title": "Engineer", "active": false,
                 "emails": [{"value": "adoe@x.org", "type": "work", "primary": true}],
                 "%s": {"employeeNumber": "300"}}
                """.formatted(USER, ENTERPRISE_USER, ENTERPRISE_USER));
        USERS.put("mmuster", """
                {"schemas": ["%s", "%s"], "userName": "mmuster", "name": {"familyName": "Muster", "givenName": "Max"},
                 "displayName": "Max Muster", "active": false,
                 "%s": {"employeeNumber": "200", "manager": {"value": "MGR-1"}}}
                """.formatted(USER, ENTERPRISE_USER, ENTERPRISE_USER));
        USERS.put("zed", """
                {"schemas": ["%s"], "userName": "zed", "emails": [{"value": "zed@example.com", "type": "home"}]}
                """.formatted(USER));
        USERS.put("Carl", """
                {"schemas": ["%s"], "userName": "Carl", "name": {"familyName": "Carlson", "givenName": "Carl"},
                 "title": "Manager", "active": true,
                 "emails": [{"value": "carl@x.org", "type": "work"}, {"value": "a.carl@x.org", "type": "other", "primary": true}]}
                """.formatted(USER));
    }

    /** What was seeded: userName → id and displayName → id. */
    record Seeded(Map<String, String> users, Map<String, String> groups) {
        String user(String userName) {
            String id = users.get(userName);
            if (id == null) {
                throw new IllegalArgumentException("no seeded user " + userName);
            }
            return id;
        }

        String group(String displayName) {
            String id = groups.get(displayName);
            if (id == null) {
                throw new IllegalArgumentException("no seeded group " + displayName);
            }
            return id;
        }

        /** The ids of these users (space-separated userNames; "-" or blank for none). */
        Set<String> userIds(String userNames) {
            return nameList(userNames).stream().map(this::user).collect(Collectors.toSet());
        }

        /** The userName (or Group displayName) of a seeded id. */
        String nameOf(String id) {
            for (Map.Entry<String, String> e : users.entrySet()) {
                if (e.getValue().equals(id)) {
                    return e.getKey();
                }
            }
            for (Map.Entry<String, String> e : groups.entrySet()) {
                if (e.getValue().equals(id)) {
                    return e.getKey();
                }
            }
            throw new IllegalArgumentException("not a seeded id: " + id);
        }

        /** The names of the resources of a list response, in order. */
        List<String> names(Exchange list) {
            return list.resources().stream().map(r -> nameOf(r.getString("id"))).toList();
        }
    }

    private SearchFixtures() {
    }

    /** Seeds the users and groups above into {@code backend}. */
    static Seeded seed(SchemaRegistry registry, Backend backend) {
        Map<String, String> users = new LinkedHashMap<>();
        int hour = 0;
        for (Map.Entry<String, String> user : USERS.entrySet()) {
            JsonObject created = service(backend, T0.plus(Duration.ofHours(hour++)))
                    .create(registry.resourceType("User"), json(user.getValue()));
            users.put(user.getKey(), created.getString("id"));
        }
        // A later replace of bjensen (same attributes): lastModified moves, created stays.
        service(backend, BJENSEN_REPLACED).replace(registry.resourceType("User"), users.get("bjensen"),
                json(USERS.get("bjensen")), Preconditions.NONE);
        Map<String, String> groups = new LinkedHashMap<>();
        Map<String, List<String>> members = Map.of(
                "Admins", List.of("bjensen", "jsmith"),
                "Engineers", List.of("jsmith", "ADoe"),
                "Empty", List.of());
        for (String name : GROUP_NAMES) {
            var memberArray = Json.createArrayBuilder();
            for (String member : members.get(name)) {
                memberArray.add(Json.createObjectBuilder().add("value", users.get(member)).add("type", "User"));
            }
            var group = Json.createObjectBuilder()
                    .add("schemas", Json.createArrayBuilder().add(GROUP))
                    .add("displayName", name);
            if (!members.get(name).isEmpty()) {
                group.add("members", memberArray);
            }
            JsonObject created = service(backend, T0.plus(Duration.ofHours(hour++)))
                    .create(registry.resourceType("Group"), group.build());
            groups.put(name, created.getString("id"));
        }
        return new Seeded(Map.copyOf(users), Map.copyOf(groups));
    }

    private static ResourceService service(Backend backend, Instant now) {
        return new ResourceService(backend, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Space-separated names as a list; "-" or blank is none. */
    static List<String> nameList(String text) {
        if (text == null || text.isBlank() || text.trim().equals("-")) {
            return List.of();
        }
        return Arrays.asList(text.trim().split("\\s+"));
    }

    /** A query parameter value, percent-encoded so '&', '=', '+' and '%' survive {@link ScimClient}'s decoding. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** A SearchRequest body with the given members (name/JSON-value pairs, the values as JSON text). */
    static String searchRequest(String... membersAsJson) {
        StringBuilder body = new StringBuilder("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]");
        for (int i = 0; i < membersAsJson.length; i += 2) {
            body.append(", ").append(Json.createValue(membersAsJson[i])).append(": ").append(membersAsJson[i + 1]);
        }
        return body.append('}').toString();
    }
}
