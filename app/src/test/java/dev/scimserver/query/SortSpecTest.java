package dev.scimserver.query;

import dev.scimserver.error.ScimException;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SortSpec}: parsing sortBy/sortOrder, the sort key of each attribute type, and the order. */
class SortSpecTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final SchemaRegistry DEFAULTS = SchemaRegistry.defaults();
    private static final ResourceType USER = DEFAULTS.resourceType("User");
    private static final ResourceType GROUP = DEFAULTS.resourceType("Group");

    /** A custom type with the data types the default schemas lack. */
    private static ResourceType widget;

    @BeforeAll
    static void customType(@TempDir Path dir) throws IOException {
        Path schemas = Files.writeString(dir.resolve("schemas.json"), """
                [{"id": "urn:example:Widget", "name": "Widget", "attributes": [
                  {"name": "name", "type": "string"},
                  {"name": "code", "type": "string", "caseExact": true},
                  {"name": "size", "type": "integer"},
                  {"name": "weight", "type": "decimal"},
                  {"name": "tags", "type": "string", "multiValued": true},
                  {"name": "secret", "type": "string", "returned": "never"}
                ]}]
                """);
        Path types = Files.writeString(dir.resolve("types.json"), """
                [{"id": "Widget", "name": "Widget", "endpoint": "/Widgets", "schema": "urn:example:Widget"}]
                """);
        widget = SchemaRegistry.load(List.of(schemas), List.of(types)).resourceType("Widget");
    }

    // ---- of ----

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void withoutSortByThereIsNoSort(String sortBy) {
        assertThat(SortSpec.of(sortBy, null)).isNull();
        assertThat(SortSpec.of(sortBy, "descending")).isNull();
    }

    @ParameterizedTest(name = "sortOrder={0} → descending {1}")
    @CsvSource(nullValues = "NULL", value = {"NULL, false", "'', false", "ascending, false", "ASCENDING, false",
            "' Ascending ', false", "descending, true", "Descending, true"})
    void sortOrder(String sortOrder, boolean descending) {
        SortSpec spec = SortSpec.of("userName", sortOrder);

        assertThat(spec.descending()).isEqualTo(descending);
        assertThat(spec.path().attribute()).isEqualTo("userName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"asc", "desc", "up", "true", "ascending,descending"})
    void anUnknownSortOrderIsInvalidValueEvenWithoutSortBy(String sortOrder) {
        for (String sortBy : new String[] {"userName", null}) {
            assertThatThrownBy(() -> SortSpec.of(sortBy, sortOrder))
                    .isInstanceOfSatisfying(ScimException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).isEqualTo("invalidValue");
                        assertThat(e.detail()).contains("sortOrder", sortOrder);
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user name", "emails[type eq \"work\"]", "emails[type eq \"work\"].value", "userName eq \"x\"",
            "(userName)", "name.", ".name"})
    void aSortByThatIsNotAnAttributePathIsInvalidValue(String sortBy) {
        assertInvalidValue(() -> SortSpec.of(sortBy, null), "sortBy");
    }

    @Test
    void aUrnQualifiedSortByKeepsItsSchema() {
        SortSpec spec = SortSpec.of(ENTERPRISE + ":manager.value", null);

        assertThat(spec.path().schemaUrn()).isEqualTo(ENTERPRISE);
        assertThat(spec.path().attribute()).isEqualTo("manager");
        assertThat(spec.path().subAttribute()).isEqualTo("value");
    }

    // ---- keyFor ----

    @ParameterizedTest
    @ValueSource(strings = {"nope", "name.nope", "members.value", "urn:example:Nope:x", ENTERPRISE + ":nope"})
    void anAttributeTheTypeLacksIsInvalidValue(String sortBy) {
        SortSpec spec = SortSpec.of(sortBy, null);

        assertInvalidValue(() -> spec.keyFor(USER, false), sortBy);
        assertThat(spec.keyFor(USER, true).of(user("a", "{\"userName\": \"a\"}"))).isNull(); // across types: no value
    }

    @Test
    void aNeverReturnedAttributeCannotBeSortedBy() {
        assertInvalidValue(() -> SortSpec.of("password", null).keyFor(USER, false), "never returned");
        assertInvalidValue(() -> SortSpec.of("password", null).keyFor(USER, true), "never returned");
        assertInvalidValue(() -> SortSpec.of("secret", null).keyFor(widget, false), "never returned");
    }

    @Test
    void aComplexAttributeWithoutValueCannotBeSortedBy() {
        assertInvalidValue(() -> SortSpec.of("name", null).keyFor(USER, false), "complex");
        assertInvalidValue(() -> SortSpec.of("meta", null).keyFor(USER, false), "complex");
    }

    @Test
    void keysHonourTypeAndCaseExact() {
        JsonObject body = json("""
                {"id": "Id-1", "externalId": "Ext-1", "userName": "BJensen", "name": {"familyName": "Jensen"},
                 "active": false, "emails": [{"value": "First@Example.com"}, {"value": "Primary@Example.com", "primary": true}],
                 "phoneNumbers": [{"value": "555-1"}, {"value": "555-2"}],
                 "%s": {"employeeNumber": "E-7", "manager": {"value": "Mgr-A"}},
                 "meta": {"created": "2024-01-01T02:00:00+02:00", "lastModified": "not a date"}}
                """.formatted(ENTERPRISE));

        assertThat(key("userName", USER, body)).isEqualTo("bjensen");
        assertThat(key("USERNAME", USER, body)).isEqualTo("bjensen");
        assertThat(key("id", USER, body)).isEqualTo("Id-1"); // caseExact
        assertThat(key("externalId", USER, body)).isEqualTo("Ext-1"); // caseExact
        assertThat(key("name.familyName", USER, body)).isEqualTo("jensen");
        assertThat(key("active", USER, body)).isEqualTo(Boolean.FALSE);
        assertThat(key("emails", USER, body)).isEqualTo("primary@example.com"); // the primary one
        assertThat(key("emails.value", USER, body)).isEqualTo("primary@example.com");
        assertThat(key("phoneNumbers.value", USER, body)).isEqualTo("555-1"); // no primary: the first
        assertThat(key("emails.primary", USER, body)).isEqualTo(Boolean.TRUE);
        assertThat(key(ENTERPRISE + ":employeeNumber", USER, body)).isEqualTo("e-7");
        assertThat(key(ENTERPRISE.toLowerCase() + ":employeeNumber", USER, body)).isEqualTo("e-7");
        assertThat(key(ENTERPRISE + ":manager.value", USER, body)).isEqualTo("Mgr-A"); // caseExact in RFC 7643
        assertThat(key("urn:ietf:params:scim:schemas:core:2.0:User:userName", USER, body)).isEqualTo("bjensen");
        assertThat(key("meta.created", USER, body)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(key("meta.lastModified", USER, body)).isNull(); // not a date: no value
        assertThat(key("title", USER, body)).isNull();
        assertThat(key("addresses.locality", USER, body)).isNull();
    }

    @Test
    void keysOfNumbersAndMultiValuedStrings() {
        JsonObject body = json("""
                {"id": "w", "name": "Big", "code": "AbC", "size": 10, "weight": 2.50, "tags": ["Zeta", "alpha"]}
                """);

        assertThat(key("size", widget, body)).isEqualTo(new BigDecimal("10"));
        assertThat((BigDecimal) key("weight", widget, body)).isEqualByComparingTo("2.5");
        assertThat(key("code", widget, body)).isEqualTo("AbC");
        assertThat(key("tags", widget, body)).isEqualTo("zeta"); // the first value
        assertThat(key("size", widget, json("{\"id\": \"w\", \"size\": \"10\"}"))).isNull(); // a string is no number
    }

    @Test
    void emptyAndNullValuesHaveNoKey() {
        assertThat(key("emails.value", USER, json("{\"id\": \"a\", \"emails\": []}"))).isNull();
        assertThat(key("emails.value", USER, json("{\"id\": \"a\", \"emails\": [{\"type\": \"work\"}]}"))).isNull();
        assertThat(key("title", USER, json("{\"id\": \"a\", \"title\": null}"))).isNull();
        assertThat(key("name.familyName", USER, json("{\"id\": \"a\", \"name\": {}}"))).isNull();
    }

    // ---- comparator ----

    @Test
    void ascendingPutsResourcesWithoutAValueLastAndDescendingFirst() {
        List<SortSpec.Keyed<StoredResource>> keyed = List.of(keyed("b", "m"), keyed("n1", null), keyed("a", "z"), keyed("c", "a"), keyed("n0", null));

        assertThat(ids(sorted(SortSpec.of("userName", "ascending"), keyed))).containsExactly("c", "b", "a", "n0", "n1");
        assertThat(ids(sorted(SortSpec.of("userName", "descending"), keyed))).containsExactly("n0", "n1", "a", "b", "c");
    }

    @Test
    void tiesAreBrokenByIdInBothDirections() {
        List<SortSpec.Keyed<StoredResource>> keyed = List.of(keyed("id-3", "same"), keyed("id-1", "same"), keyed("id-2", "other"),
                keyed("id-0", "same"));

        assertThat(ids(sorted(SortSpec.of("userName", null), keyed))).containsExactly("id-2", "id-0", "id-1", "id-3");
        assertThat(ids(sorted(SortSpec.of("userName", "descending"), keyed))).containsExactly("id-0", "id-1", "id-3", "id-2");
    }

    @Test
    void theOrderIsTheSameWhateverTheInputOrder() {
        List<SortSpec.Keyed<StoredResource>> keyed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keyed.add(keyed(String.format("id-%02d", i), i % 7 == 0 ? null : "k" + (i % 5)));
        }
        SortSpec spec = SortSpec.of("userName", "descending");
        List<String> expected = ids(sorted(spec, keyed));
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<SortSpec.Keyed<StoredResource>> shuffled = new ArrayList<>(keyed);
            Collections.shuffle(shuffled, random);
            assertThat(ids(sorted(spec, shuffled))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void numbersSortNumericallyAndStringsAsText() {
        List<SortSpec.Keyed<StoredResource>> numbers = List.of(keyed("a", new BigDecimal("10")), keyed("b", new BigDecimal("9")),
                keyed("c", new BigDecimal("100")), keyed("d", new BigDecimal("-1.5")), keyed("e", new BigDecimal("9.0")));
        List<SortSpec.Keyed<StoredResource>> strings = List.of(keyed("a", "10"), keyed("b", "9"), keyed("c", "100"));

        // 9 and 9.0 are equal numbers: the tie goes by id
        assertThat(ids(sorted(SortSpec.of("size", null), numbers))).containsExactly("d", "b", "e", "a", "c");
        assertThat(ids(sorted(SortSpec.of("userName", null), strings))).containsExactly("a", "c", "b");
    }

    @Test
    void numericAttributesSortNumericallyFromTheirStoredValues() {
        SortSpec spec = SortSpec.of("size", null);
        SortSpec.Key key = spec.keyFor(widget, false);
        List<SortSpec.Keyed<StoredResource>> keyed = new ArrayList<>();
        for (String[] w : new String[][] {{"a", "10"}, {"b", "9"}, {"c", "100"}, {"d", "null"}, {"e", "2.5e1"}}) {
            JsonObject body = json("{\"id\": \"" + w[0] + "\", \"size\": " + w[1] + "}");
            keyed.add(new SortSpec.Keyed<>(new StoredResource("Widget", w[0], body, Set.of()), w[0], key.of(body)));
        }

        assertThat(ids(sorted(spec, keyed))).containsExactly("b", "a", "e", "c", "d");
    }

    @Test
    void datesSortChronologicallyWhateverTheirOffset() {
        SortSpec spec = SortSpec.of("meta.created", null);
        SortSpec.Key key = spec.keyFor(USER, false);
        List<SortSpec.Keyed<StoredResource>> keyed = new ArrayList<>();
        for (String[] u : new String[][] {{"a", "2024-01-01T01:00:00+02:00"}, {"b", "2024-01-01T00:00:00Z"},
                {"c", "2023-12-31T23:30:00-01:00"}, {"d", "2024-01-01T00:00:00.001Z"}}) {
            JsonObject body = json("{\"id\": \"" + u[0] + "\", \"meta\": {\"created\": \"" + u[1] + "\"}}");
            keyed.add(new SortSpec.Keyed<>(new StoredResource("User", u[0], body, Set.of()), u[0], key.of(body)));
        }

        // a = 23:00Z, b = 00:00Z, d = 00:00:00.001Z, c = 00:30Z
        assertThat(ids(sorted(spec, keyed))).containsExactly("a", "b", "d", "c");
    }

    @Test
    void keysOfDifferentKindsStillGiveATotalOrder() {
        // Across types one attribute name may hold a string in one type and a number in another.
        List<SortSpec.Keyed<StoredResource>> keyed = List.of(keyed("a", "text"), keyed("b", new BigDecimal("1")), keyed("c", null),
                keyed("d", Boolean.TRUE), keyed("e", "another"), keyed("f", new BigDecimal("0")));
        SortSpec spec = SortSpec.of("displayName", null);

        List<String> once = ids(sorted(spec, keyed));
        List<SortSpec.Keyed<StoredResource>> reversed = new ArrayList<>(keyed);
        Collections.reverse(reversed);

        assertThat(ids(sorted(spec, reversed))).containsExactlyElementsOf(once);
        assertThat(once.getLast()).isEqualTo("c");
        assertThat(once.indexOf("f")).isEqualTo(once.indexOf("b") - 1);
        assertThat(once.indexOf("e")).isEqualTo(once.indexOf("a") - 1);
        for (SortSpec.Keyed<StoredResource> x : keyed) {
            for (SortSpec.Keyed<StoredResource> y : keyed) {
                assertThat(Integer.signum(spec.<StoredResource>comparator().compare(x, y)))
                        .isEqualTo(-Integer.signum(spec.<StoredResource>comparator().compare(y, x)));
            }
        }
    }

    @Test
    void aGroupSortedByAUserAttributeAcrossTypesHasNoKey() {
        SortSpec spec = SortSpec.of("userName", null);
        JsonObject group = json("{\"id\": \"g\", \"displayName\": \"Admins\"}");

        assertThat(spec.keyFor(GROUP, true).of(group)).isNull();
        assertInvalidValue(() -> spec.keyFor(GROUP, false), "userName");
    }

    // ---- helpers ----

    private static Object key(String sortBy, ResourceType type, JsonObject body) {
        return SortSpec.of(sortBy, null).keyFor(type, false).of(body);
    }

    private static SortSpec.Keyed<StoredResource> keyed(String id, Comparable<?> key) {
        return new SortSpec.Keyed<>(new StoredResource("User", id, json("{\"id\": \"" + id + "\"}"), Set.of()), id, key);
    }

    private static JsonObject user(String id, String body) {
        return json(body.replaceFirst("\\{", "{\"id\": \"" + id + "\", "));
    }

    private static List<SortSpec.Keyed<StoredResource>> sorted(SortSpec spec, List<SortSpec.Keyed<StoredResource>> keyed) {
        List<SortSpec.Keyed<StoredResource>> copy = new ArrayList<>(keyed);
        copy.sort(spec.comparator());
        return copy;
    }

    private static List<String> ids(List<SortSpec.Keyed<StoredResource>> keyed) {
        return keyed.stream().map(k -> k.resource().id()).toList();
    }

    private static void assertInvalidValue(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo("invalidValue");
            assertThat(e.detail()).contains(detail);
        });
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
