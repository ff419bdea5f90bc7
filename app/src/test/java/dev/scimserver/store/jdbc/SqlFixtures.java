package dev.scimserver.store.jdbc;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Users and Groups for the differential tests: hand-written ones for the corners (case, unicode,
 * LIKE wildcards in values, empty strings, elements without a value, two primaries, dateTimes in
 * other zones and without a zone) and generated ones for volume, all in creation order with ids
 * that are not.
 */
final class SqlFixtures {
    static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER;
    static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private SqlFixtures() {
    }

    /** Stores every fixture User and Group in both: the database (Groups' members in scim_member) and memory. */
    static void fill(SqlSearches database, InMemoryBackend memory) throws SQLException {
        List<StoredResource> users = users();
        for (StoredResource user : users) {
            database.insert(USER, user, false);
            memory.create(user);
        }
        for (StoredResource group : groups(users)) {
            database.insert(GROUP, group, true);
            memory.create(group);
        }
    }

    /** The Users in creation order. */
    static List<StoredResource> users() {
        List<String> bodies = new ArrayList<>(List.of(
                """
                {"id":"u-bjensen","externalId":"Ext-1","userName":"BJensen","name":{"familyName":"Jensen","givenName":"Barbara"},
                 "displayName":"Babs Jensen","title":"Tour Guide","userType":"Employee","active":true,
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
                 "phoneNumbers":[{"value":"555-555-8377","type":"work"}],
                 "addresses":[{"locality":"Hollywood","region":"CA","country":"USA","type":"work","primary":true}],
                 "x509Certificates":[{"value":"TUlJRA=="}],
                 "%s":{"employeeNumber":"701984","department":"Tour Operations","manager":{"value":"u-boss","displayName":"John Smith"}},
                 "meta":{"created":"%s","lastModified":"2024-05-01T12:00:00Z"}}
                """,
                """
                {"id":"U-Zed","externalId":"ext-1","userName":"zed","name":{"familyName":"Żółw","givenName":"zed"},
                 "title":"tour guide","userType":"employee","active":false,
                 "emails":[{"value":"ZED@Example.COM","type":"Work"},{"value":"zed@home.example","type":"home","primary":true}],
                 "meta":{"created":"%2$s","lastModified":"2024-05-01T14:00:00+02:00"}}
                """,
                """
                {"id":"u-boss","userName":"jsmith","name":{"familyName":"Smith","givenName":"John","formatted":"John Smith"},
                 "nickName":"Johnny","active":true,"userType":"Manager",
                 "emails":[{"value":"jsmith@example.com","type":"work","primary":true},{"value":"john@smith.example","type":"work","primary":true}],
                 "%1$s":{"employeeNumber":"1","costCenter":"CC-7","manager":{"value":"U-BOSS2"}},
                 "meta":{"created":"%2$s","lastModified":"2024-05-01T12:00:00.5Z"}}
                """,
                """
                {"id":"u-wild","userName":"50%%_off\\\\sale","displayName":"100%%","title":"a_b",
                 "emails":[{"value":"percent%%@example.com","type":"other"},{"value":"under_score@example.com"}],
                 "meta":{"created":"%2$s","lastModified":"2024-05-01T11:59:59Z"}}
                """,
                """
                {"id":"u-empty","userName":"empty","displayName":"","name":{"familyName":"","givenName":"Emma"},"nickName":"",
                 "emails":[{"type":"work"},{"value":"","type":"home"},{"value":"emma@example.com","primary":false}],
                 "%1$s":{},
                 "meta":{"created":"%2$s","lastModified":"2024-04-30T23:00:00-02:00"}}
                """,
                """
                {"id":"ä-umlaut","userName":"Ärger","name":{"familyName":"Öz","givenName":"İlker"},"title":"Straße",
                 "displayName":"ÄRGER","active":true,"preferredLanguage":"de-DE","locale":"de-DE","timezone":"Europe/Berlin",
                 "emails":[{"value":"ärger@beispiel.de","type":"work","display":"Ä"}],
                 "%1$s":{"employeeNumber":"0701984","organization":"ACME","division":"Nord"},
                 "meta":{"created":"%2$s","lastModified":"2024-05-01T12:00:00"}}
                """,
                """
                {"id":"u-nothing","userName":"minimal","meta":{"created":"%2$s"}}
                """,
                """
                {"id":"u-emoji","userName":"😀smile","displayName":"ｗｉｄｅ","title":"😀","active":false,
                 "emails":[{"value":"smile@example.com","type":"work","primary":true}],
                 "phoneNumbers":[{"value":"+1 555 0100","type":"mobile","primary":true},{"value":"+1 555 0199","type":"work"}],
                 "ims":[{"value":"smile","type":"xmpp"}],"roles":[{"value":"admin","primary":true},{"value":"auditor"}],
                 "meta":{"created":"%2$s","lastModified":"not a date"}}
                """));
        List<StoredResource> users = new ArrayList<>();
        for (String body : bodies) {
            users.add(user(Json.createReader(new StringReader(body.formatted(ENTERPRISE, created(users.size())))).readObject()));
        }
        Random random = new Random(20240301);
        String[] families = {"Jensen", "jensen", "Smith", "Müller", "müller", "O'Brien", "Ng", "", "Zhang", "de la Cruz"};
        String[] givens = {"Anna", "anna", "Bob", "Çağrı", "Dora", "Eve", "Frank"};
        String[] types = {"work", "home", "other", "Work"};
        String[] localities = {"Hollywood", "hollywood", "Berlin", "São Paulo", "Zürich"};
        for (int i = 0; i < 36; i++) {
            int n = (i * 17) % 36; // ids not in creation order
            String id = (n % 5 == 0 ? "G" : "g") + "-" + String.format("%02d", n);
            JsonObjectBuilder b = Json.createObjectBuilder().add("id", id)
                    .add("userName", (i % 3 == 0 ? "User" : "user") + String.format("%02d", n) + (i % 4 == 0 ? ".Ü" : ""));
            if (i % 4 != 1) {
                b.add("externalId", (i % 2 == 0 ? "X-" : "x-") + (n % 7));
            }
            if (i % 5 != 2) {
                JsonObjectBuilder name = Json.createObjectBuilder().add("familyName", families[random.nextInt(families.length)]);
                if (random.nextBoolean()) {
                    name.add("givenName", givens[random.nextInt(givens.length)]);
                }
                b.add("name", name);
            }
            if (i % 3 != 2) {
                b.add("active", random.nextBoolean());
            }
            if (random.nextInt(3) > 0) {
                b.add("title", random.nextBoolean() ? "Engineer" : "engineer " + (n % 4));
            }
            if (i % 6 != 5) {
                b.add("userType", i % 2 == 0 ? "Employee" : "Contractor");
            }
            int emailCount = random.nextInt(4);
            JsonArrayBuilder emails = Json.createArrayBuilder();
            int primary = random.nextInt(emailCount + 2) - 1; // -1 or beyond the end: no primary
            for (int e = 0; e < emailCount; e++) {
                JsonObjectBuilder email = Json.createObjectBuilder()
                        .add("value", (random.nextBoolean() ? "U" : "u") + n + "." + e + "@" + (e % 2 == 0 ? "example.com" : "Example.org"))
                        .add("type", types[random.nextInt(types.length)]);
                if (e == primary) {
                    email.add("primary", true);
                } else if (random.nextInt(3) == 0) {
                    email.add("primary", false);
                }
                emails.add(email);
            }
            if (emailCount > 0 || i % 7 == 0) {
                b.add("emails", emails); // i % 7 == 0 with no email: an empty array
            }
            if (random.nextInt(3) == 0) {
                b.add("addresses", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("locality", localities[random.nextInt(localities.length)])
                        .add("postalCode", String.valueOf(10000 + random.nextInt(90000)))
                        .add("type", "work")));
            }
            if (i % 3 != 1) {
                JsonObjectBuilder enterprise = Json.createObjectBuilder();
                if (random.nextBoolean()) {
                    enterprise.add("employeeNumber", String.valueOf(random.nextInt(2000)));
                }
                if (random.nextBoolean()) {
                    enterprise.add("department", random.nextBoolean() ? "R&D" : "Sales");
                }
                if (random.nextInt(3) == 0) {
                    enterprise.add("manager", Json.createObjectBuilder().add("value", random.nextBoolean() ? "u-boss" : "U-BOSS"));
                }
                b.add(ENTERPRISE, enterprise);
            }
            JsonObjectBuilder meta = Json.createObjectBuilder().add("created", created(users.size()));
            if (i % 8 != 3) {
                int offsetHours = random.nextInt(5) - 2;
                meta.add("lastModified", T0.plusSeconds(3600L * random.nextInt(400)).atOffset(ZoneOffset.ofHours(offsetHours)).toString());
            }
            users.add(user(b.add("meta", meta).build()));
        }
        users.add(crowded("u-many", "crowded", 3000, 1777, "m", users.size()));
        users.add(crowded("u-lots", "Lots", 1200, -1, "a1", users.size()));
        return users;
    }

    /**
     * A User holding many values (the H2 backend once walked every value of a path once per value):
     * {@code count} emails {@code <prefix><e>@many.example}, types cycling, one element in 500 without
     * a value, a display on every seventh, the one at {@code primary} (unless -1) primary, and as many
     * phone numbers.
     */
    private static StoredResource crowded(String id, String userName, int count, int primary, String prefix, int sequence) {
        String[] types = {"work", "home", "other", "Work"};
        JsonArrayBuilder emails = Json.createArrayBuilder();
        JsonArrayBuilder phones = Json.createArrayBuilder();
        for (int e = 0; e < count; e++) {
            JsonObjectBuilder email = Json.createObjectBuilder().add("type", types[e % types.length]);
            if (e % 500 != 3) {
                email.add("value", prefix + e + "@many.example");
            }
            if (e % 7 == 0) {
                email.add("display", "D" + (e % 10));
            }
            if (e == primary) {
                email.add("primary", true);
            }
            emails.add(email);
            phones.add(Json.createObjectBuilder().add("value", "+49 " + (count - e)).add("type", types[(e + 1) % types.length]));
        }
        return user(Json.createObjectBuilder().add("id", id).add("userName", userName).add("active", primary >= 0)
                .add("emails", emails).add("phoneNumbers", phones)
                .add("meta", Json.createObjectBuilder().add("created", created(sequence))).build());
    }

    /** The Groups in creation order, their members in the order they were added. */
    static List<StoredResource> groups(List<StoredResource> users) {
        List<StoredResource> groups = new ArrayList<>();
        groups.add(group(101, "grp-admins", "Admins", "Ext-A", member("u-bjensen", "User", "Babs"), member("u-boss", "User", null)));
        groups.add(group(102, "grp-all", "Everyone", null, users.stream()
                .map(u -> member(u.id(), "User", u.body().getString("userName"))).toArray(JsonObject[]::new)));
        groups.add(group(103, "GRP-nested", "Nested", "ext-a", member("grp-admins", "Group", "Admins"), member("U-Zed", "User", "zed")));
        groups.add(group(104, "grp-empty", "empty group", null));
        groups.add(group(105, "grp-wild", "100% _fun_", null, member("u-wild", "User", "50%_off"), member("ä-umlaut", "User", "Ärger")));
        groups.add(group(106, "grp-unicode", "Ünïcode", null, member("ä-umlaut", "User", null), member("u-emoji", "User", "😀")));
        groups.add(group(107, "grp-none", "No members at all", null, (JsonObject[]) null));
        return groups;
    }

    private static JsonObject member(String value, String type, String display) {
        JsonObjectBuilder member = Json.createObjectBuilder().add("value", value).add("type", type);
        if (display != null) {
            member.add("display", display);
        }
        return member.build();
    }

    private static StoredResource group(int sequence, String id, String displayName, String externalId, JsonObject... members) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.GROUP))
                .add("id", id).add("displayName", displayName);
        if (externalId != null) {
            b.add("externalId", externalId);
        }
        if (members != null) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (JsonObject member : members) {
                array.add(member);
            }
            b.add("members", array);
        }
        b.add("meta", Json.createObjectBuilder().add("resourceType", "Group").add("created", created(sequence))
                .add("lastModified", created(1000 - sequence)).add("version", "W/\"" + id + "\""));
        return new StoredResource("Group", id, b.build(), Set.of());
    }

    private static StoredResource user(JsonObject attributes) {
        JsonObjectBuilder body = Json.createObjectBuilder(attributes)
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER).add(ENTERPRISE))
                .add("password", "secret-" + attributes.getString("id"));
        JsonObjectBuilder meta = Json.createObjectBuilder(attributes.getJsonObject("meta"))
                .add("resourceType", "User").add("version", "W/\"" + attributes.getString("id").length() + "\"");
        body.add("meta", meta);
        String id = attributes.getString("id");
        return new StoredResource("User", id, body.build(), Set.of());
    }

    /** Creation times one second apart, in the order resources are made. */
    private static String created(int sequence) {
        return T0.plusSeconds(sequence).toString();
    }
}
