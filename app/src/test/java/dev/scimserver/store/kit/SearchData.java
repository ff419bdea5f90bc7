package dev.scimserver.store.kit;

import dev.scimserver.json.ScimJson;
import dev.scimserver.store.StoredResource;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.scimserver.store.kit.Resources.ENTERPRISE;
import static dev.scimserver.store.kit.Resources.USER;
import static dev.scimserver.store.kit.Resources.group;
import static dev.scimserver.store.kit.Resources.member;

/**
 * The Users and Groups the searches run over, the same in the backend under test and in the
 * reference: a few made by hand for the edges (non-ASCII, quotes, LIKE wildcards, an extension, a
 * resource with a userName only), then generated ones with a fixed seed, ids not in creation order,
 * values in mixed case, attributes present on some and missing on others, timestamps in several
 * zones. Resources are created in the order of their {@code meta.created}.
 */
final class SearchData {
    static final int GENERATED = 190;
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private SearchData() {
    }

    static List<StoredResource> users() {
        List<String> handMade = List.of("""
                {"id":"u-bjensen","userName":"bjensen","externalId":"Ext-1",
                 "name":{"givenName":"Barbara","familyName":"Jensen","formatted":"Ms. Barbara J Jensen III"},
                 "displayName":"Babs Jensen","nickName":"Babs","title":"Tour Guide","userType":"Employee","active":true,
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
                 "phoneNumbers":[{"value":"555-555-5555","type":"work"}],
                 "addresses":[{"locality":"Hollywood","postalCode":"91608","country":"USA","type":"work"}],
                 "%1$s":{"employeeNumber":"701984","costCenter":"4130","department":"Tour Operations",
                         "manager":{"value":"u-boss","displayName":"John Smith"}},
                 "meta":{"lastModified":"2024-03-20T08:30:00.000Z"}}
                """, """
                {"id":"u-boss","userName":"jsmith","displayName":"John Smith","title":"Manager","active":true,
                 "emails":[{"value":"JSmith@Example.com","type":"work"}],"%1$s":{"employeeNumber":"1","department":"Sales"},
                 "meta":{"lastModified":"2024-05-01T14:00:00+02:00"}}
                """, """
                {"id":"ä-umlaut","userName":"Ärger","name":{"familyName":"Öz","givenName":"İlker"},"title":"Straße",
                 "displayName":"ÄRGER","emails":[{"value":"ärger@beispiel.de","type":"work"}],
                 "meta":{"lastModified":"2024-05-01T12:00:00Z"}}
                """, """
                {"id":"u-minimal","userName":"minimal"}
                """, """
                {"id":"u-wild","userName":"50%%_off\\\\sale","displayName":"100%%","title":"a_b",
                 "emails":[{"value":"percent%%@example.com"},{"value":"under_score@example.com","type":"other"}]}
                """, """
                {"id":"u-quote","userName":"o'brien","name":{"familyName":"O'Brien","givenName":"Séan"},
                 "displayName":"Séan \\"The Great\\" O'Brien","active":false}
                """, """
                {"id":"u-emoji","userName":"😀smile","title":"😀","active":false,
                 "phoneNumbers":[{"value":"+1 555 0100","type":"mobile","primary":true},{"value":"+1 555 0199","type":"work"}],
                 "roles":[{"value":"admin","primary":true},{"value":"auditor"}]}
                """, """
                {"id":"U-Zed","userName":"zed","active":false,"nickName":"z","userType":"Contractor",
                 "emails":[{"value":"zed@example.org","type":"home","primary":true},{"value":"zed@example.com","type":"work"}],
                 "meta":{"lastModified":"2024-03-10T00:00:00-05:00"}}
                """);
        List<StoredResource> users = new ArrayList<>();
        for (String text : handMade) {
            JsonObject attributes;
            try (var reader = ScimJson.createReader(new StringReader(text.formatted(ENTERPRISE)))) {
                attributes = reader.readObject();
            }
            users.add(user(attributes, users.size()));
        }
        Random random = new Random(20240301);
        String[] families = {"Jensen", "jensen", "Smith", "Müller", "müller", "Ng", "Zhang", "de la Cruz", "O'Neil"};
        String[] givens = {"Anna", "anna", "Bob", "Çağrı", "Dora", "Eve"};
        String[] types = {"work", "home", "other", "Work"};
        String[] localities = {"Hollywood", "hollywood", "Berlin", "São Paulo", "Zürich"};
        for (int i = 0; i < GENERATED; i++) {
            int n = (i * 37) % GENERATED; // every number once, not in creation order
            JsonObjectBuilder b = ScimJson.createObjectBuilder()
                    .add("id", (i % 5 == 0 ? "G" : "g") + "-" + String.format("%03d", n))
                    .add("userName", (i % 3 == 0 ? "User" : "user") + String.format("%03d", n) + (i % 4 == 0 ? ".Ü" : ""));
            if (i % 4 != 1) {
                b.add("externalId", (i % 2 == 0 ? "X-" : "x-") + (n % 7));
            }
            if (i % 5 != 2) {
                JsonObjectBuilder name = ScimJson.createObjectBuilder().add("familyName", families[random.nextInt(families.length)]);
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
            if (i % 9 == 4) {
                b.add("displayName", "Display " + givens[n % givens.length]);
            }
            int emailCount = random.nextInt(4);
            JsonArrayBuilder emails = ScimJson.createArrayBuilder();
            int primary = random.nextInt(emailCount + 2) - 1; // -1 or past the end: no primary
            for (int e = 0; e < emailCount; e++) {
                JsonObjectBuilder email = ScimJson.createObjectBuilder()
                        .add("value", (random.nextBoolean() ? "U" : "u") + n + "." + e + "@" + (e % 2 == 0 ? "example.com" : "Example.org"))
                        .add("type", types[random.nextInt(types.length)]);
                if (e == primary) {
                    email.add("primary", true);
                }
                emails.add(email);
            }
            if (emailCount > 0) {
                b.add("emails", emails);
            }
            if (random.nextInt(4) == 0) {
                b.add("phoneNumbers", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("value", "+49 30 " + (1000 + random.nextInt(9000))).add("type", types[random.nextInt(types.length)])));
            }
            if (random.nextInt(3) == 0) {
                b.add("addresses", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder()
                        .add("locality", localities[random.nextInt(localities.length)])
                        .add("postalCode", String.valueOf(10000 + random.nextInt(90000))).add("type", "work")));
            }
            if (i % 3 != 1) {
                JsonObjectBuilder enterprise = ScimJson.createObjectBuilder();
                if (random.nextBoolean()) {
                    enterprise.add("employeeNumber", String.valueOf(random.nextInt(2000)));
                }
                if (random.nextBoolean()) {
                    enterprise.add("department", random.nextBoolean() ? "R&D" : "Sales");
                }
                if (random.nextInt(4) == 0) {
                    enterprise.add("manager", ScimJson.createObjectBuilder().add("value", random.nextBoolean() ? "u-boss" : "U-BOSS"));
                }
                b.add(ENTERPRISE, enterprise);
            }
            Instant modified = Resources.T0.plusSeconds(3600L * (1 + random.nextInt(500)));
            String lastModified = i % 4 == 3 ? WITH_OFFSET.format(modified.atOffset(ZoneOffset.ofHours(random.nextInt(5) - 2)))
                    : modified.toString();
            users.add(user(b.add("meta", ScimJson.createObjectBuilder().add("lastModified", lastModified)).build(), users.size()));
        }
        return users;
    }

    /** Groups after the users: they list users (with and without display), a nested group, all users, and nobody. */
    static List<StoredResource> groups(List<StoredResource> users) {
        StoredResource bjensen = find(users, "u-bjensen");
        StoredResource admins = group("grp-admins", "Admins", 1001, List.of(member(bjensen, true), member(find(users, "u-boss"), false)));
        List<StoredResource> groups = new ArrayList<>(List.of(admins,
                group("grp-all", "Everyone", 1002, Resources.members(users)),
                group("GRP-nested", "Nested", 1003, List.of(member(admins, true), member(find(users, "U-Zed"), true))),
                group("grp-wild", "100% _fun_", 1004, List.of(member(find(users, "u-wild"), true), member(find(users, "ä-umlaut"), true))),
                group("grp-unicode", "Ünïcode", 1005, List.of(member(find(users, "ä-umlaut"), false), member(find(users, "u-emoji"), true))),
                group("grp-none", "No members at all", 1006, List.of())));
        List<JsonObject> every7th = new ArrayList<>();
        for (int i = 0; i < users.size(); i += 7) {
            every7th.add(member(users.get(i), i % 2 == 0));
        }
        groups.add(group("grp-sevens", "every seventh", 1007, every7th));
        return groups;
    }

    private static StoredResource find(List<StoredResource> resources, String id) {
        return resources.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** A User of these attributes: schemas, and meta with its created (the {@code sequence}-th second) and a version. */
    private static StoredResource user(JsonObject attributes, int sequence) {
        JsonObjectBuilder body = ScimJson.createObjectBuilder(attributes);
        JsonArrayBuilder schemas = ScimJson.createArrayBuilder().add(USER.schema().id());
        if (attributes.containsKey(ENTERPRISE)) {
            schemas.add(ENTERPRISE);
        }
        body.add("schemas", schemas);
        JsonObject given = attributes.containsKey("meta") ? attributes.getJsonObject("meta") : JsonValue.EMPTY_JSON_OBJECT;
        String created = Resources.created(sequence);
        body.add("meta", Resources.meta(USER, created, given.getString("lastModified", created),
                "W/\"" + Integer.toHexString(attributes.getString("id").hashCode()) + "\""));
        return Resources.stored(USER, body.build());
    }
}
