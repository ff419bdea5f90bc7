package dev.scimserver.core;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonValueReader} gives the same values as Parsson's own reader, with strings held as
 * Strings and each member name kept once across objects.
 */
class JsonValueReaderTest {
    private static final String DUMP = """
            [{"id": "1", "active": true, "n": 12.50, "big": 12345678901234567890, "none": null,
              "name": {"givenName": "Ada", "x": []}, "emails": [{"value": "a@example.com"}, "é\\u00e9\\n", 3, false, [null]],
              "id": "2"},
             {"id": "3"}]
            """;

    private static List<JsonObject> read(String text) {
        try (JsonParser parser = ScimJson.createParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            JsonValueReader reader = new JsonValueReader(parser);
            parser.next();
            parser.next();
            JsonObject first = reader.object();
            parser.next();
            return List.of(first, reader.object());
        }
    }

    @Test
    void readsWhatParssonReads() {
        List<JsonObject> ours = read(DUMP);
        List<?> parsson = ScimJson.createReader(new StringReader(DUMP)).readArray();
        assertThat(ours).isEqualTo(parsson);
        assertThat(ours.getFirst().toString()).isEqualTo(parsson.getFirst().toString());
        assertThat(ours.getFirst().getString("id")).as("a name given twice keeps the last value").isEqualTo("2");
    }

    @Test
    void stringsAreStringsAndNamesAreShared() {
        List<JsonObject> ours = read(DUMP);
        assertThat(((JsonString) ours.getFirst().get("id")).getChars()).isInstanceOf(String.class);
        assertThat(ours.getFirst().getJsonObject("name").getJsonString("givenName").getChars()).isInstanceOf(String.class);
        assertThat(ours.getFirst().getJsonArray("emails").getJsonString(1).getChars()).isInstanceOf(String.class);
        assertThat(ours.get(1).keySet().iterator().next()).isSameAs(ours.getFirst().keySet().iterator().next());
    }
}
