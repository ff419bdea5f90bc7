package dev.scimserver.store.jdbc;

import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.query.SortSpec;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The types the default schemas lack, on a custom resource type: decimals and integers, multi-valued
 * simple strings and booleans, a multi-valued complex attribute with a decimal value, and a
 * {@code members} attribute that stays in scim_value because the type is not a Group. Decimals keep
 * their fraction: scim_value.num is DECFLOAT.
 */
class SqlCustomTypeTest {
    private static final String SCHEMA = """
            [{"id": "urn:example:Meter", "name": "Meter", "attributes": [
              {"name": "label", "type": "string"},
              {"name": "serial", "type": "string", "caseExact": true},
              {"name": "reading", "type": "decimal"},
              {"name": "digits", "type": "integer"},
              {"name": "installed", "type": "dateTime"},
              {"name": "tags", "type": "string", "multiValued": true},
              {"name": "flags", "type": "boolean", "multiValued": true},
              {"name": "pin", "type": "string", "mutability": "writeOnly", "returned": "never"},
              {"name": "samples", "type": "complex", "multiValued": true, "subAttributes": [
                {"name": "value", "type": "decimal"}, {"name": "at", "type": "dateTime"}, {"name": "primary", "type": "boolean"}]},
              {"name": "members", "type": "complex", "multiValued": true, "subAttributes": [
                {"name": "value", "type": "string"}, {"name": "type", "type": "string"}]}
            ]}]
            """;
    private static final String TYPES = """
            [{"id": "Meter", "name": "Meter", "endpoint": "/Meters", "schema": "urn:example:Meter"}]
            """;
    private static final ResourceType METER = meterType();
    private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    private static SqlSearches database;
    private static InMemoryBackend memory;

    /** The Meter type, from schema files as --schema / --resource-type would load them. */
    static ResourceType meterType() {
        try {
            Path directory = Files.createTempDirectory("meter-schema");
            Path schemas = Files.writeString(directory.resolve("schemas.json"), SCHEMA);
            Path types = Files.writeString(directory.resolve("types.json"), TYPES);
            return SchemaRegistry.load(List.of(schemas), List.of(types)).resourceType("Meter");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void fill() throws SQLException {
        database = new SqlSearches();
        memory = new InMemoryBackend();
        Random random = new Random(7);
        String[] readings = {"1.5", "1.50", "-0.25", "1E+2", "100", "0", "2.000001", "99.99"};
        String[] tags = {"Red", "red", "blue", "grün", "50%"};
        for (int i = 0; i < 30; i++) {
            String id = "m" + ((i * 7) % 30);
            JsonObjectBuilder b = Json.createObjectBuilder().add("id", id).add("label", (i % 2 == 0 ? "Meter " : "meter ") + i)
                    .add("pin", "1234");
            if (i % 4 != 0) {
                b.add("serial", (i % 3 == 0 ? "SN-" : "sn-") + i);
                b.add("reading", new BigDecimal(readings[random.nextInt(readings.length)]));
            }
            if (i % 5 != 0) {
                b.add("digits", random.nextInt(10) - 3);
                b.add("installed", T0.plusSeconds(86_400L * random.nextInt(30)).toString());
            }
            JsonArrayBuilder tagList = Json.createArrayBuilder();
            for (int t = random.nextInt(4); t > 0; t--) {
                tagList.add(tags[random.nextInt(tags.length)]);
            }
            b.add("tags", tagList);
            if (i % 3 == 0) {
                b.add("flags", Json.createArrayBuilder().add(random.nextBoolean()).add(random.nextBoolean()));
            }
            JsonArrayBuilder samples = Json.createArrayBuilder();
            int count = random.nextInt(4);
            for (int s = 0; s < count; s++) {
                JsonObjectBuilder sample = Json.createObjectBuilder()
                        .add("value", new BigDecimal(readings[random.nextInt(readings.length)]))
                        .add("at", T0.plusSeconds(3_600L * random.nextInt(100)).toString());
                if (s == count - 1 && i % 2 == 0) {
                    sample.add("primary", true);
                }
                samples.add(sample);
            }
            b.add("samples", samples);
            if (i % 6 == 1) {
                b.add("members", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "U" + i).add("type", "User")));
            }
            b.add("meta", Json.createObjectBuilder().add("created", T0.plusSeconds(i).toString()));
            StoredResource meter = new StoredResource("Meter", id, b.build(), Set.of());
            database.insert(METER, meter, false);
            memory.create(meter);
        }
    }

    @AfterAll
    static void close() throws SQLException {
        database.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reading eq 1.5", "reading eq 100", "reading eq 1E2", "reading ne 1.5", "reading gt 1.5",
            "reading ge 1.5", "reading lt 0", "reading le -0.25", "reading gt 2.0000009", "not (reading gt 1)",
            "digits eq 0", "digits ne 0", "digits gt 3", "digits le -1", "digits pr", "not (digits pr)",
            "installed gt \"2024-06-15T00:00:00Z\"", "installed le \"2024-06-10T02:00:00+02:00\"", "installed sw \"2024-06-1\"",
            "tags eq \"red\"", "tags eq \"RED\"", "tags ne \"red\"", "tags co \"%\"", "tags gt \"c\"", "tags pr", "not (tags pr)",
            "flags eq true", "flags ne true", "flags eq false", "flags pr",
            "samples.value gt 50", "samples gt 50", "samples[value gt 50 and at lt \"2024-06-02T00:00:00Z\"]",
            "samples[primary eq true and value eq 0]", "samples[not (primary pr)]", "samples pr", "not (samples pr)",
            "serial eq \"sn-5\"", "serial eq \"SN-5\"", "serial sw \"SN\"", "label ew \" 1\"",
            "members.value eq \"u1\"", "members[value eq \"U7\" and type eq \"user\"]", "members pr"})
    void aFilterFindsWhatTheInMemorySearchFinds(String filter) throws SQLException {
        assertSameAnswer(filter, null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"reading,ascending", "reading,descending", "digits,ascending", "digits,descending", "installed,descending",
            "tags,ascending", "tags,descending", "flags,ascending", "samples.value,ascending", "samples.value,descending",
            "samples.at,ascending", "samples,descending", "serial,ascending", "label,descending", "members.value,ascending"})
    void sortsAsInMemory(String sortBy, String sortOrder) throws SQLException {
        assertSameAnswer(null, SortSpec.of(sortBy, sortOrder));
        assertSameAnswer("reading pr", SortSpec.of(sortBy, sortOrder));
    }

    @Test
    void decimalsKeepTheirFractionInTheDatabase() throws SQLException {
        // 1.5 and 1.50 are one number; rounded to 2 they would also equal 2.0 (which no meter reads)
        assertThat(database.search(SqlSearchDifferentialTest.query(METER, "reading eq 1.5", null, 1, 100), false).total()).isPositive();
        assertThat(database.search(SqlSearchDifferentialTest.query(METER, "reading eq 2", null, 1, 100), false).total()).isZero();
    }

    private static void assertSameAnswer(String filter, SortSpec sort) throws SQLException {
        SearchQuery query = SqlSearchDifferentialTest.query(METER, filter, sort, 1, 100);
        SearchPage expected = memory.search(query);
        assertThat(database.search(query, false).ids()).as("%s sorted %s", filter, sort)
                .containsExactlyElementsOf(expected.resources().stream().map(StoredResource::id).toList());
    }
}
