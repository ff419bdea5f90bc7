package dev.scimserver.json;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ListJsonArray} must be a {@link JsonArray} in every way a caller can tell: the same answers
 * as Parsson's array with the same elements for every accessor, equal both ways with the same hash,
 * the same text from toString and from a writer, and unmodifiable.
 */
class ListJsonArrayTest {
    private static final JsonObject MEMBER = ScimJson.createObjectBuilder().add("value", "u1").add("type", "User").build();
    private static final JsonArray NESTED = ScimJson.createArrayBuilder().add(1).add("two").build();

    /** Parsson's array of one of each kind of value. */
    private static JsonArray parsson() {
        return ScimJson.createArrayBuilder()
                .add("text")
                .add(42)
                .add(3.5)
                .add(JsonValue.TRUE)
                .add(JsonValue.FALSE)
                .add(JsonValue.NULL)
                .add(MEMBER)
                .add(NESTED)
                .add("")
                .add(-7L)
                .build();
    }

    /** The same elements in a ListJsonArray. */
    private static ListJsonArray ours(JsonArray parsson) {
        return new ListJsonArray(new ArrayList<>(parsson));
    }

    /** What a call gives: its value, or the kind of exception it throws. */
    private static Object outcome(java.util.function.Supplier<?> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /** Asserts that a call gives the same outcome on our array as on Parsson's, at every index given. */
    private static void sameOutcome(String what, Function<JsonArray, Object> call, JsonArray parsson, JsonArray ours) {
        Object expected = outcome(() -> call.apply(parsson));
        Object actual = outcome(() -> call.apply(ours));
        assertThat(actual).as(what).isEqualTo(expected);
    }

    private static String written(JsonArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = ScimJson.createWriter(out)) {
            writer.writeArray(array);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String writtenAsStructure(JsonObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = ScimJson.createWriter(out)) {
            writer.write(object);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sizeGetAndValueType() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        assertThat(ours.size()).isEqualTo(parsson.size());
        assertThat(ours.isEmpty()).isFalse();
        assertThat(ours.getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
        for (int i = 0; i < parsson.size(); i++) {
            assertThat(ours.get(i)).as("get(%d)", i).isSameAs(parsson.get(i));
        }
        assertThat(ours.asJsonArray()).isSameAs(ours);
        assertThatThrownBy(() -> ours.get(parsson.size())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void everyAccessorAnswersAsParssonDoesAtEveryIndex() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        for (int i = 0; i < parsson.size(); i++) {
            int at = i;
            sameOutcome("getString(" + at + ")", a -> a.getString(at), parsson, ours);
            sameOutcome("getString(" + at + ", default)", a -> a.getString(at, "default"), parsson, ours);
            sameOutcome("getInt(" + at + ")", a -> a.getInt(at), parsson, ours);
            sameOutcome("getInt(" + at + ", -1)", a -> a.getInt(at, -1), parsson, ours);
            sameOutcome("getBoolean(" + at + ")", a -> a.getBoolean(at), parsson, ours);
            sameOutcome("getBoolean(" + at + ", true)", a -> a.getBoolean(at, true), parsson, ours);
            sameOutcome("getBoolean(" + at + ", false)", a -> a.getBoolean(at, false), parsson, ours);
            sameOutcome("isNull(" + at + ")", a -> a.isNull(at), parsson, ours);
            sameOutcome("getJsonString(" + at + ")", a -> a.getJsonString(at), parsson, ours);
            sameOutcome("getJsonNumber(" + at + ")", a -> a.getJsonNumber(at), parsson, ours);
            sameOutcome("getJsonObject(" + at + ")", a -> a.getJsonObject(at), parsson, ours);
            sameOutcome("getJsonArray(" + at + ")", a -> a.getJsonArray(at), parsson, ours);
        }
    }

    @Test
    void typedAccessorsGiveTheValues() {
        ListJsonArray ours = ours(parsson());

        assertThat(ours.getString(0)).isEqualTo("text");
        assertThat(ours.getString(0, "d")).isEqualTo("text");
        assertThat(ours.getString(1, "d")).isEqualTo("d");
        assertThat(ours.getString(8)).isEmpty();
        assertThat(ours.getInt(1)).isEqualTo(42);
        assertThat(ours.getInt(1, -1)).isEqualTo(42);
        assertThat(ours.getInt(2)).isEqualTo(3);
        assertThat(ours.getInt(0, -1)).isEqualTo(-1);
        assertThat(ours.getInt(9)).isEqualTo(-7);
        assertThat(ours.getBoolean(3)).isTrue();
        assertThat(ours.getBoolean(4)).isFalse();
        assertThat(ours.getBoolean(3, false)).isTrue();
        assertThat(ours.getBoolean(4, true)).isFalse();
        assertThat(ours.getBoolean(0, true)).isTrue();
        assertThat(ours.getBoolean(0, false)).isFalse();
        assertThat(ours.isNull(5)).isTrue();
        assertThat(ours.isNull(0)).isFalse();
        assertThat(ours.getJsonObject(6)).isEqualTo(MEMBER);
        assertThat(ours.getJsonArray(7)).isEqualTo(NESTED);
        assertThat(ours.getJsonNumber(1).intValue()).isEqualTo(42);
        assertThat(ours.getJsonString(0).getString()).isEqualTo("text");
        assertThatThrownBy(() -> ours.getString(1)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> ours.getInt(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> ours.getBoolean(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> ours.getBoolean(5)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void defaultsPastTheEndAnswerAsParssonDoes() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        for (int at : new int[] {parsson.size(), parsson.size() + 5}) {
            sameOutcome("getString(" + at + ", default)", a -> a.getString(at, "default"), parsson, ours);
            sameOutcome("getInt(" + at + ", -1)", a -> a.getInt(at, -1), parsson, ours);
            sameOutcome("getBoolean(" + at + ", true)", a -> a.getBoolean(at, true), parsson, ours);
            sameOutcome("getBoolean(" + at + ", false)", a -> a.getBoolean(at, false), parsson, ours);
            sameOutcome("getString(" + at + ")", a -> a.getString(at), parsson, ours);
            sameOutcome("getInt(" + at + ")", a -> a.getInt(at), parsson, ours);
            sameOutcome("getBoolean(" + at + ")", a -> a.getBoolean(at), parsson, ours);
            sameOutcome("isNull(" + at + ")", a -> a.isNull(at), parsson, ours);
        }
        assertThat(ours.getString(parsson.size(), "d")).isEqualTo("d");
        assertThat(ours.getInt(parsson.size(), -1)).isEqualTo(-1);
        assertThat(ours.getBoolean(parsson.size(), true)).isTrue();
    }
    @Test
    void getStringWithADefaultAtANegativeIndexAnswersAsParssonDoes() {
        sameOutcome("getString(-1, default)", a -> a.getString(-1, "default"), parsson(), ours(parsson()));
    }
    @Test
    void getIntWithADefaultAtANegativeIndexAnswersAsParssonDoes() {
        sameOutcome("getInt(-1, -1)", a -> a.getInt(-1, -1), parsson(), ours(parsson()));
    }
    @Test
    void getBooleanWithADefaultAtANegativeIndexAnswersAsParssonDoes() {
        sameOutcome("getBoolean(-1, true)", a -> a.getBoolean(-1, true), parsson(), ours(parsson()));
    }

    @Test
    void accessorsWithoutADefaultAtANegativeIndexThrowAsParssonDoes() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        sameOutcome("get(-1)", a -> a.get(-1), parsson, ours);
        sameOutcome("getString(-1)", a -> a.getString(-1), parsson, ours);
        sameOutcome("getInt(-1)", a -> a.getInt(-1), parsson, ours);
        sameOutcome("getBoolean(-1)", a -> a.getBoolean(-1), parsson, ours);
        sameOutcome("isNull(-1)", a -> a.isNull(-1), parsson, ours);
    }

    @Test
    void getValuesAs() {
        JsonArray strings = ScimJson.createArrayBuilder().add("a").add("b").build();
        ListJsonArray ours = ours(strings);

        assertThat(ours.getValuesAs(JsonString.class)).isEqualTo(strings.getValuesAs(JsonString.class));
        assertThat(ours.getValuesAs(JsonString::getString)).containsExactly("a", "b");
        assertThat(ours(parsson()).getValuesAs(JsonValue.class)).isEqualTo(parsson());
        assertThatThrownBy(() -> ours.getValuesAs(JsonString.class).add(Json.createValue("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalsAndHashCodeBothWaysWithParsson() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);
        // the same values built independently: equal, not identical, elements
        JsonArray rebuilt = ScimJson.createArrayBuilder()
                .add("text").add(42).add(3.5).add(true).add(false).addNull()
                .add(ScimJson.createObjectBuilder().add("value", "u1").add("type", "User"))
                .add(ScimJson.createArrayBuilder().add(1).add("two"))
                .add("").add(-7)
                .build();

        assertThat(ours).isEqualTo(parsson);
        assertThat(parsson).isEqualTo(ours);
        assertThat(ours).isEqualTo(rebuilt);
        assertThat(rebuilt).isEqualTo(ours);
        assertThat(ours.hashCode()).isEqualTo(parsson.hashCode()).isEqualTo(rebuilt.hashCode());
        assertThat(ours).isEqualTo(ours(parsson));
        assertThat(ours).isEqualTo((Object) List.copyOf(parsson));
    }

    @Test
    void differentArraysAreNotEqual() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);
        JsonArray shorter = ScimJson.createArrayBuilder().add("text").build();
        JsonArray otherOrder = ScimJson.createArrayBuilder().add(42).add("text").build();
        ListJsonArray oursTwo = new ListJsonArray(new ArrayList<>(List.of(Json.createValue("text"), Json.createValue(42))));

        assertThat(ours).isNotEqualTo(shorter);
        assertThat(shorter).isNotEqualTo(ours);
        assertThat(oursTwo).isNotEqualTo(otherOrder);
        assertThat(otherOrder).isNotEqualTo(oursTwo);
        assertThat(ours).isNotEqualTo(JsonValue.EMPTY_JSON_ARRAY);
        assertThat(new ListJsonArray(new ArrayList<>())).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
        assertThat(JsonValue.EMPTY_JSON_ARRAY).isEqualTo(new ListJsonArray(new ArrayList<>()));
        assertThat(Objects.equals(ours, MEMBER)).isFalse();
    }

    @Test
    void toStringIsParssonsJson() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        assertThat(ours.toString()).isEqualTo(parsson.toString());
        try (var reader = Json.createReader(new java.io.StringReader(ours.toString()))) {
            assertThat(reader.readArray()).isEqualTo(parsson);
        }
        assertThat(new ListJsonArray(new ArrayList<>()).toString()).isEqualTo("[]");
    }

    @Test
    void aWriterWritesTheSameTextAsForParssonsArray() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        assertThat(written(ours)).isEqualTo(written(parsson));
        assertThat(written(new ListJsonArray(new ArrayList<>()))).isEqualTo(written(JsonValue.EMPTY_JSON_ARRAY));
    }

    @Test
    void aWriterWritesTheSameTextWhenTheArrayIsInsideAnObject() {
        JsonArray parsson = parsson();
        JsonObject withParsson = ScimJson.createObjectBuilder().add("id", "g1").add("members", parsson).build();
        JsonObject withOurs = ScimJson.createObjectBuilder().add("id", "g1").add("members", ours(parsson)).build();

        assertThat(withOurs.get("members")).isInstanceOf(ListJsonArray.class);
        assertThat(writtenAsStructure(withOurs)).isEqualTo(writtenAsStructure(withParsson));
        assertThat(withOurs.toString()).isEqualTo(withParsson.toString());
        assertThat(withOurs).isEqualTo(withParsson);
        assertThat(withParsson).isEqualTo(withOurs);
    }

    @Test
    void aWriterWritesNestedListJsonArrays() {
        ListJsonArray inner = new ListJsonArray(new ArrayList<>(List.of(Json.createValue("x"), JsonValue.NULL)));
        ListJsonArray outer = new ListJsonArray(new ArrayList<>(List.of(inner, Json.createValue(1))));
        JsonArray parsson = ScimJson.createArrayBuilder()
                .add(ScimJson.createArrayBuilder().add("x").addNull())
                .add(1)
                .build();

        assertThat(written(outer)).isEqualTo(written(parsson)).isEqualTo("[[\"x\",null],1]");
        assertThat(outer.toString()).isEqualTo(parsson.toString());
    }

    @Test
    void itIsUnmodifiable() {
        ListJsonArray ours = ours(parsson());
        JsonValue extra = Json.createValue("x");

        assertThatThrownBy(() -> ours.add(extra)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.add(0, extra)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.set(0, extra)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.remove((Object) ours.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.addAll(List.of(extra))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(ours::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.removeIf(Objects::nonNull)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.replaceAll(v -> extra)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.sort(java.util.Comparator.comparing(Object::toString))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = ours.iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ours.subList(0, 2).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ours).isEqualTo(parsson());
    }

    @Test
    void bulkWalksGiveTheElementsInOrderAndACopy() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        Object[] copy = ours.toArray();
        assertThat(copy).containsExactly(parsson.toArray());
        copy[0] = JsonValue.NULL;
        assertThat(ours.get(0)).as("toArray hands out a copy").isEqualTo(Json.createValue("text"));
        assertThat(ours.toArray(new JsonValue[0])).containsExactly(parsson.toArray(new JsonValue[0]));
        List<JsonValue> seen = new ArrayList<>();
        ours.forEach(seen::add);
        assertThat(seen).containsExactlyElementsOf(parsson);
        assertThat(new ArrayList<>(ours)).containsExactlyElementsOf(parsson);
    }

    @Test
    void numbersKeepTheirKind() {
        JsonArray parsson = parsson();
        ListJsonArray ours = ours(parsson);

        JsonNumber decimal = ours.getJsonNumber(2);
        assertThat(decimal.isIntegral()).isFalse();
        assertThat(decimal.doubleValue()).isEqualTo(3.5);
        assertThat(ours.getJsonNumber(9).longValue()).isEqualTo(-7L);
    }
}
