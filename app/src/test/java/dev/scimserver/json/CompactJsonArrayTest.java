package dev.scimserver.json;

import dev.scimserver.core.Outcomes;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

import static dev.scimserver.core.Outcomes.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CompactJsonArray} must be a {@link JsonArray} in every way a caller can tell: the same
 * answers as Parsson's array with the same elements for every accessor, equal both ways with the
 * same hash and text, and unmodifiable. Large arrays come out as {@link ListJsonArray}s.
 */
class CompactJsonArrayTest {
    private static JsonArray parsson() {
        return ScimJson.createArrayBuilder()
                .add("a \"quoted\" é").add(42).add(3.5).add(JsonValue.TRUE).add(JsonValue.FALSE).add(JsonValue.NULL)
                .add(ScimJson.createObjectBuilder().add("value", "x")).add(ScimJson.createArrayBuilder().add(1))
                .build();
    }

    @Test
    void everyAccessorAnswersAsParssonDoes() {
        JsonArray parsson = parsson();
        JsonArray ours = CompactJsonArray.of(parsson);
        assertThat(ours).isInstanceOf(CompactJsonArray.class);
        List<Function<JsonArray, IntFunction<Object>>> accessors = List.of(
                a -> a::get, a -> a::getJsonString, a -> a::getJsonNumber, a -> a::getJsonObject, a -> a::getJsonArray,
                a -> a::getString, a -> i -> a.getString(i, "default"), a -> a::getInt, a -> i -> a.getInt(i, -1),
                a -> a::getBoolean, a -> i -> a.getBoolean(i, true), a -> i -> a.getBoolean(i, false), a -> a::isNull);
        for (Function<JsonArray, IntFunction<Object>> accessor : accessors) {
            for (int i = -1; i <= parsson.size(); i++) {
                int index = i;
                assertThat(outcome(() -> accessor.apply(ours).apply(index)))
                        .as("index " + i).isEqualTo(outcome(() -> accessor.apply(parsson).apply(index)));
            }
        }
        assertThat(ours.getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
        assertThat(ours.getValuesAs(JsonValue.class)).containsExactlyElementsOf(parsson);
    }

    @Test
    void equalToParssonsArrayBothWaysWithTheSameHashAndText() {
        JsonArray parsson = parsson();
        JsonArray ours = CompactJsonArray.of(parsson);
        assertThat(ours).isEqualTo(parsson);
        assertThat(parsson).isEqualTo(ours);
        assertThat(ours.hashCode()).isEqualTo(parsson.hashCode());
        assertThat(ours.toString()).isEqualTo(parsson.toString());
    }

    @Test
    void aCopyOfTheListItWasGivenAndUnmodifiable() {
        List<JsonValue> values = new ArrayList<>(List.of(ScimJson.createValue("a")));
        JsonArray ours = CompactJsonArray.of(values);
        values.add(JsonValue.TRUE);
        assertThat(ours).hasSize(1);
        assertThatThrownBy(() -> ours.add(JsonValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.set(0, JsonValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void largeArraysAreChunkedListArraysWithTheSameElements() {
        List<JsonValue> values = new ArrayList<>();
        for (int i = 0; i <= CompactJsonArray.MAX_ELEMENTS; i++) {
            values.add(ScimJson.createValue("m" + i));
        }
        JsonArray large = CompactJsonArray.of(values);
        assertThat(large).isInstanceOf(ListJsonArray.class).containsExactlyElementsOf(values);
    }
}
