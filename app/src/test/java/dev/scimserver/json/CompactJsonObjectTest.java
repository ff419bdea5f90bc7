package dev.scimserver.json;

import dev.scimserver.core.Outcomes;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.scimserver.core.Outcomes.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CompactJsonObject} must be a {@link JsonObject} in every way a caller can tell: the same
 * answers as Parsson's object with the same members for every accessor, equal both ways with the
 * same hash, the same text, members in the order added, and unmodifiable.
 */
class CompactJsonObjectTest {
    private static final JsonObject NAME = ScimJson.createObjectBuilder().add("givenName", "Ada").build();

    private static final List<String> NAMES = List.of("text", "int", "decimal", "yes", "no", "nothing", "object",
            "array", "empty", "missing");

    private static JsonObject parsson() {
        return fill(ScimJson.createObjectBuilder()).build();
    }

    private static JsonObjectBuilder fill(JsonObjectBuilder builder) {
        return builder.add("text", "a \"quoted\" é")
                .add("int", 42)
                .add("decimal", 3.5)
                .add("yes", JsonValue.TRUE)
                .add("no", JsonValue.FALSE)
                .add("nothing", JsonValue.NULL)
                .add("object", NAME)
                .add("array", ScimJson.createArrayBuilder().add(1).add("two"))
                .add("empty", "");
    }

    private static JsonObject ours(JsonObject parsson) {
        CompactJsonObject.Builder builder = CompactJsonObject.builder();
        parsson.forEach(builder::add);
        return builder.build();
    }

    @Test
    void everyAccessorAnswersAsParssonDoes() {
        JsonObject parsson = parsson();
        JsonObject ours = ours(parsson);
        assertThat(ours).isInstanceOf(CompactJsonObject.class);
        List<Function<JsonObject, Function<String, Object>>> accessors = List.of(
                o -> o::get, o -> o::containsKey,
                o -> n -> o.getJsonString(n), o -> n -> o.getJsonNumber(n), o -> n -> o.getJsonObject(n),
                o -> n -> o.getJsonArray(n), o -> n -> o.getString(n), o -> n -> o.getString(n, "default"),
                o -> n -> o.getInt(n), o -> n -> o.getInt(n, -1), o -> n -> o.getBoolean(n),
                o -> n -> o.getBoolean(n, true), o -> n -> o.getBoolean(n, false), o -> n -> o.isNull(n));
        for (Function<JsonObject, Function<String, Object>> accessor : accessors) {
            for (String name : NAMES) {
                assertThat(outcome(() -> accessor.apply(ours).apply(name)))
                        .as(name).isEqualTo(outcome(() -> accessor.apply(parsson).apply(name)));
            }
        }
        assertThat(ours.size()).isEqualTo(parsson.size());
        assertThat(ours.getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
    }

    @Test
    void equalToParssonsObjectBothWaysWithTheSameHashAndText() {
        JsonObject parsson = parsson();
        JsonObject ours = ours(parsson);
        assertThat(ours).isEqualTo(parsson);
        assertThat(parsson).isEqualTo(ours);
        assertThat(ours.hashCode()).isEqualTo(parsson.hashCode());
        assertThat(ours.toString()).isEqualTo(parsson.toString());
        assertThat(List.copyOf(ours.keySet())).isEqualTo(List.copyOf(parsson.keySet()));
        assertThat(ours).isNotEqualTo(ScimJson.createObjectBuilder(parsson).add("int", 43).build());
    }

    @Test
    void aNameAddedAgainReplacesTheValueInItsFirstPlace() {
        JsonObject object = CompactJsonObject.builder().add("a", "1").add("b", "2").add("a", "3").build();
        JsonObject parsson = ScimJson.createObjectBuilder().add("a", "1").add("b", "2").add("a", "3").build();
        assertThat(object.toString()).isEqualTo("{\"a\":\"3\",\"b\":\"2\"}").isEqualTo(parsson.toString());
    }

    @Test
    void largeObjectsAreTheBuildersHashedObjectWithTheSameMembers() {
        CompactJsonObject.Builder builder = CompactJsonObject.builder();
        for (int i = 0; i <= CompactJsonObject.MAX_MEMBERS; i++) {
            builder.add("m" + i, "v" + i);
        }
        JsonObject large = builder.build();
        assertThat(large).isNotInstanceOf(CompactJsonObject.class).hasSize(CompactJsonObject.MAX_MEMBERS + 1);
        assertThat(large.getString("m0")).isEqualTo("v0");
        assertThat(List.copyOf(large.keySet()).getLast()).isEqualTo("m" + CompactJsonObject.MAX_MEMBERS);
    }

    @Test
    void unmodifiableAndWithoutNulls() {
        JsonObject ours = ours(parsson());
        assertThatThrownBy(() -> ours.put("x", JsonValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.remove("text")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.entrySet().iterator().next().setValue(JsonValue.TRUE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CompactJsonObject.builder().add("x", (JsonValue) null)).isInstanceOf(NullPointerException.class);
        assertThat(CompactJsonObject.builder().build()).isEqualTo(JsonValue.EMPTY_JSON_OBJECT).hasToString("{}");
    }

    @Test
    void objectsWithTheSameMemberNamesKeepTheirOwnValuesAndOrder() {
        JsonObject a = CompactJsonObject.builder().add("x", "1").add("y", "2").build();
        JsonObject b = CompactJsonObject.builder().add("x", "3").add("y", "4").build();
        JsonObject c = CompactJsonObject.builder().add("y", "5").add("x", "6").build();
        assertThat(a.toString()).isEqualTo("{\"x\":\"1\",\"y\":\"2\"}");
        assertThat(b.toString()).isEqualTo("{\"x\":\"3\",\"y\":\"4\"}");
        assertThat(c.toString()).isEqualTo("{\"y\":\"5\",\"x\":\"6\"}");
        assertThat(c.getString("x")).isEqualTo("6");
    }
}
