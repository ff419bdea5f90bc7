package dev.scimserver.core;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonValueReaderTest {
    private static final String LONG = "a value longer than the ones worth sharing, such as a unique id";

    private static JsonArray read(String json) {
        try (JsonParser parser = ScimJson.createParser(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            JsonValueReader reader = new JsonValueReader(parser);
            parser.next(); // the array
            var builder = ScimJson.createArrayBuilder();
            while (parser.next() == JsonParser.Event.START_OBJECT) {
                builder.add(reader.object());
            }
            return builder.build();
        }
    }

    @Test
    void readsWhatParssonReads() {
        String json = """
                [{"userName":"bjensen","active":true,"n":1.5,"none":null,
                  "emails":[{"value":"b@example.com","type":"work","primary":true}],"nested":[[1,"x"],[]],"e":{}}]""";
        assertThat(read(json)).isEqualTo(ScimJson.createReader(new java.io.StringReader(json)).readArray());
        assertThat(read(json).getJsonObject(0)).isInstanceOf(CompactJsonObject.class);
        assertThat(read(json).getJsonObject(0).getJsonArray("emails")).isInstanceOf(CompactJsonArray.class);
    }

    @Test
    void aShortValueThatRepeatsIsOneInstanceALongOneIsNot() {
        JsonArray two = read("[{\"type\":\"work\",\"id\":\"" + LONG + "\"},{\"type\":\"work\",\"id\":\"" + LONG + "\"}]");
        JsonObject first = two.getJsonObject(0);
        JsonObject second = two.getJsonObject(1);
        assertThat(second.get("type")).isSameAs(first.get("type"));
        assertThat(second.get("id")).isEqualTo(first.get("id")).isNotSameAs(first.get("id"));
    }
}
