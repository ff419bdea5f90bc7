package dev.scimserver.store.jdbc;

import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ValueRowsTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final String EXT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user";

    private static final JsonObject USER_BODY = json("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"U1","externalId":"Ext","userName":"BJensen",
             "password":"secret","active":true,"name":{"givenName":"Barbara"},
             "emails":[{"value":"A@Example.com","type":"work"},{"value":"b@example.com","primary":true},"not an object"],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"M1"}},
             "meta":{"resourceType":"User","created":"2024-01-31T10:00:00+02:00","lastModified":"yesterday","version":"W/\\"1\\""}}
            """);

    @Test
    void stringsKeepTheirTextAndAFoldedCopy() {
        assertThat(rows(USER_BODY, "username"))
                .extracting(ValueRow::elem, ValueRow::str, ValueRow::strCi)
                .containsExactly(tuple(0, "BJensen", "bjensen"));
        assertThat(rows(USER_BODY, "id")).extracting(ValueRow::str).containsExactly("U1");
        assertThat(rows(USER_BODY, EXT + ":employeenumber")).extracting(ValueRow::str).containsExactly("701984");
    }

    @Test
    void complexElementsHaveAMarkerRowAndShareTheirElementNumber() {
        assertThat(rows(USER_BODY, "emails"))
                .extracting(ValueRow::elem, ValueRow::primary, ValueRow::str)
                .containsExactly(tuple(1, false, null), tuple(2, true, null));
        assertThat(rows(USER_BODY, "emails.value"))
                .extracting(ValueRow::elem, ValueRow::primary, ValueRow::strCi)
                .containsExactly(tuple(1, false, "a@example.com"), tuple(2, true, "b@example.com"));
        // primary marks every row of the primary element, its own primary row included
        assertThat(rows(USER_BODY, "emails.primary"))
                .extracting(ValueRow::elem, ValueRow::primary, ValueRow::bool)
                .containsExactly(tuple(2, true, true));
        assertThat(rows(USER_BODY, "emails.type")).extracting(ValueRow::elem).containsExactly(1);
        assertThat(rows(USER_BODY, "name")).extracting(ValueRow::elem).containsExactly(0);
        assertThat(rows(USER_BODY, EXT + ":manager.value")).extracting(ValueRow::str).containsExactly("M1");
    }

    @Test
    void typedColumnsFollowTheSchemaType() {
        assertThat(rows(USER_BODY, "active")).extracting(ValueRow::bool, ValueRow::str).containsExactly(tuple(true, null));
        ValueRow created = rows(USER_BODY, "meta.created").getFirst();
        assertThat(created.ts()).isEqualTo(OffsetDateTime.parse("2024-01-31T08:00:00Z"));
        assertThat(created.str()).isEqualTo("2024-01-31T10:00:00+02:00");
        // a dateTime that does not parse keeps its text (co/sw/ew) and has no instant (gt/lt never match)
        assertThat(rows(USER_BODY, "meta.lastmodified")).extracting(ValueRow::str, ValueRow::ts)
                .containsExactly(tuple("yesterday", null));
    }

    @Test
    void writeOnlyAttributesAndTheSchemasListAreNotRows() {
        List<String> paths = ValueRows.of(USER, USER_BODY, false).stream().map(ValueRow::path).toList();

        assertThat(paths).doesNotContain("password", "schemas").allMatch(p -> p.equals(p.toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void aGroupsMembersAreRowsOnlyWhenTheyHaveNoTableOfTheirOwn() {
        JsonObject group = json("""
                {"id":"g","displayName":"Admins","members":[{"value":"U1","type":"User"},{"value":"u2","type":"User","display":"Two"}]}
                """);

        assertThat(ValueRows.of(GROUP, group, true)).extracting(ValueRow::path).containsExactly("id", "displayname");
        assertThat(ValueRows.of(GROUP, group, false).stream().filter(r -> r.path().equals("members.value")))
                .extracting(ValueRow::elem, ValueRow::strCi)
                .containsExactly(tuple(1, "u1"), tuple(2, "u2"));
    }

    @Test
    void numbersAndMultiValuedSimpleValuesComeFromAnyType() {
        ResourceType meter = SqlCustomTypeTest.meterType();
        JsonObject body = json("""
                {"id":"m","reading":1.50,"digits":7,"tags":["Red","blue"]}
                """);

        assertThat(ValueRows.of(meter, body, false))
                .extracting(ValueRow::path, ValueRow::elem, ValueRow::num, ValueRow::strCi)
                .contains(tuple("reading", 0, new BigDecimal("1.50"), null), tuple("digits", 0, new BigDecimal("7"), null),
                        tuple("tags", 1, null, "red"), tuple("tags", 2, null, "blue"));
    }

    private static List<ValueRow> rows(JsonObject body, String path) {
        return ValueRows.of(USER, body, false).stream().filter(r -> r.path().equals(path)).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
