package dev.scimserver.json;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MemberValue}: a checked group member that is a {@link JsonObject} in every way a caller can
 * tell (the same answers as Parsson's object with the same entries, equal both ways with the same
 * hash, the same text, unmodifiable), and whose id and folded hash are what member removal relies on.
 */
class MemberValueTest {
    private static final String ID = "2819c223-7f76-453a-919d-413861904646";

    private static MemberValue withDisplay() {
        return new MemberValue(ID, "User", Json.createValue("Babs Jensen"));
    }

    private static MemberValue withoutDisplay() {
        return new MemberValue(ID, "Group", null);
    }

    /** Parsson's object with the entries a member has, in the same order. */
    private static JsonObject parssonWithDisplay() {
        return ScimJson.createObjectBuilder().add("value", ID).add("display", "Babs Jensen").add("type", "User").build();
    }

    private static JsonObject parssonWithoutDisplay() {
        return ScimJson.createObjectBuilder().add("value", ID).add("type", "Group").build();
    }

    private static Object outcome(java.util.function.Supplier<?> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static void sameOutcome(String what, Function<JsonObject, Object> call, JsonObject parsson, JsonObject ours) {
        assertThat(outcome(() -> call.apply(ours))).as(what).isEqualTo(outcome(() -> call.apply(parsson)));
    }

    private static String written(JsonObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = ScimJson.createWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void idAndFoldedHash() {
        MemberValue member = new MemberValue("AbC-123", "User", null);

        assertThat(member.id()).isEqualTo("AbC-123");
        assertThat(member.foldedHash())
                .isEqualTo(MemberValue.folded("AbC-123"))
                .isEqualTo(MemberValue.folded("abc-123"))
                .isEqualTo(MemberValue.folded("ABC-123"))
                .isEqualTo("abc-123".hashCode());
        assertThat(MemberValue.folded(ID.toUpperCase(Locale.ROOT))).isEqualTo(MemberValue.folded(ID));
        assertThat(new MemberValue(ID.toUpperCase(Locale.ROOT), "User", null).foldedHash())
                .isEqualTo(withDisplay().foldedHash());
        assertThat(MemberValue.folded("abc-124")).isNotEqualTo(MemberValue.folded("abc-123"));
    }

    @Test
    void theEntriesAreValueDisplayAndType() {
        MemberValue member = withDisplay();

        assertThat(member.keySet()).containsExactly("value", "display", "type");
        assertThat(member.size()).isEqualTo(3);
        assertThat(member.getString("value")).isEqualTo(ID);
        assertThat(member.getString("display")).isEqualTo("Babs Jensen");
        assertThat(member.getString("type")).isEqualTo("User");
        assertThat(member.containsKey("value")).isTrue();
        assertThat(member.containsKey("$ref")).isFalse();
        assertThat(member.get("$ref")).isNull();
        assertThat(member.getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
        assertThat(member.asJsonObject()).isSameAs(member);
    }

    @Test
    void displayIsOptional() {
        MemberValue absent = withoutDisplay();
        MemberValue nullDisplay = new MemberValue(ID, "Group", JsonValue.NULL);

        for (MemberValue member : List.of(absent, nullDisplay)) {
            assertThat(member.keySet()).containsExactly("value", "type");
            assertThat(member.containsKey("display")).isFalse();
            assertThat(member.getString("display", "none")).isEqualTo("none");
            assertThat(member).isEqualTo(parssonWithoutDisplay());
        }
    }

    @Test
    void everyAccessorAnswersAsParssonDoes() {
        for (JsonObject[] pair : List.of(new JsonObject[] {parssonWithDisplay(), withDisplay()},
                new JsonObject[] {parssonWithoutDisplay(), withoutDisplay()})) {
            JsonObject parsson = pair[0];
            JsonObject ours = pair[1];
            for (String name : List.of("value", "display", "type")) {
                sameOutcome("get(" + name + ")", o -> o.get(name), parsson, ours);
                sameOutcome("getString(" + name + ")", o -> o.getString(name), parsson, ours);
                sameOutcome("getString(" + name + ", d)", o -> o.getString(name, "d"), parsson, ours);
                sameOutcome("getJsonString(" + name + ")", o -> o.getJsonString(name), parsson, ours);
                sameOutcome("getInt(" + name + ", -1)", o -> o.getInt(name, -1), parsson, ours);
                sameOutcome("getBoolean(" + name + ", true)", o -> o.getBoolean(name, true), parsson, ours);
                sameOutcome("getBoolean(" + name + ", false)", o -> o.getBoolean(name, false), parsson, ours);
                sameOutcome("getJsonNumber(" + name + ")", o -> o.getJsonNumber(name), parsson, ours);
                sameOutcome("getJsonObject(" + name + ")", o -> o.getJsonObject(name), parsson, ours);
                sameOutcome("getJsonArray(" + name + ")", o -> o.getJsonArray(name), parsson, ours);
                sameOutcome("containsKey(" + name + ")", o -> o.containsKey(name), parsson, ours);
                sameOutcome("getOrDefault(" + name + ")", o -> o.getOrDefault(name, JsonValue.NULL), parsson, ours);
            }
            // present keys whose value has the wrong type
            sameOutcome("getInt(value)", o -> o.getInt("value"), parsson, ours);
            sameOutcome("getBoolean(value)", o -> o.getBoolean("value"), parsson, ours);
            sameOutcome("isNull(value)", o -> o.isNull("value"), parsson, ours);
            sameOutcome("isNull(type)", o -> o.isNull("type"), parsson, ours);
            // a missing key, with defaults
            sameOutcome("getString(missing, d)", o -> o.getString("missing", "d"), parsson, ours);
            sameOutcome("getInt(missing, -1)", o -> o.getInt("missing", -1), parsson, ours);
            sameOutcome("getBoolean(missing, true)", o -> o.getBoolean("missing", true), parsson, ours);
            sameOutcome("getBoolean(missing, false)", o -> o.getBoolean("missing", false), parsson, ours);
            sameOutcome("getString(missing)", o -> o.getString("missing"), parsson, ours);
            sameOutcome("getInt(missing)", o -> o.getInt("missing"), parsson, ours);
            sameOutcome("get(missing)", o -> o.get("missing"), parsson, ours);
            sameOutcome("getJsonString(missing)", o -> o.getJsonString("missing"), parsson, ours);
        }
    }

    @Test
    void typedAccessorsGiveTheValuesAndTheDefaults() {
        MemberValue member = withDisplay();

        assertThat(member.getString("value", "d")).isEqualTo(ID);
        assertThat(member.getString("missing", "d")).isEqualTo("d");
        assertThat(member.getInt("value", 7)).isEqualTo(7);
        assertThat(member.getInt("missing", 7)).isEqualTo(7);
        assertThat(member.getBoolean("value", true)).isTrue();
        assertThat(member.getBoolean("value", false)).isFalse();
        assertThat(member.getBoolean("missing", true)).isTrue();
        assertThat(member.isNull("value")).isFalse();
        assertThatThrownBy(() -> member.getString("missing")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> member.getInt("value")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> member.getBoolean("value")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> member.getJsonNumber("value")).isInstanceOf(ClassCastException.class);
    }

    /** JsonObject's contract: getBoolean throws NullPointerException for a name with no mapping. */
    @Test
    void getBooleanOfAMissingKeyAnswersAsParssonDoes() {
        sameOutcome("getBoolean(missing)", o -> o.getBoolean("missing"), parssonWithDisplay(), withDisplay());
    }

    /** JsonObject's contract: isNull throws NullPointerException for a name with no mapping. */
    @Test
    void isNullOfAMissingKeyAnswersAsParssonDoes() {
        sameOutcome("isNull(missing)", o -> o.isNull("missing"), parssonWithDisplay(), withDisplay());
    }

    @Test
    void equalsAndHashCodeBothWaysWithParsson() {
        assertThat(withDisplay()).isEqualTo(parssonWithDisplay());
        assertThat(parssonWithDisplay()).isEqualTo(withDisplay());
        assertThat(withDisplay().hashCode()).isEqualTo(parssonWithDisplay().hashCode());
        assertThat(withoutDisplay()).isEqualTo(parssonWithoutDisplay());
        assertThat(parssonWithoutDisplay()).isEqualTo(withoutDisplay());
        assertThat(withoutDisplay().hashCode()).isEqualTo(parssonWithoutDisplay().hashCode());
        assertThat(withDisplay()).isEqualTo(withDisplay());
        assertThat(withDisplay().hashCode()).isEqualTo(withDisplay().hashCode());
        // key order does not matter to equality
        JsonObject reordered = ScimJson.createObjectBuilder().add("type", "User").add("value", ID).add("display", "Babs Jensen").build();
        assertThat(withDisplay()).isEqualTo(reordered);
        assertThat(reordered).isEqualTo(withDisplay());
        // as read from text
        try (var reader = Json.createReader(new StringReader("{\"value\":\"" + ID + "\",\"type\":\"Group\"}"))) {
            JsonObject read = reader.readObject();
            assertThat(read).isEqualTo(withoutDisplay());
            assertThat(withoutDisplay()).isEqualTo(read);
            assertThat(read.hashCode()).isEqualTo(withoutDisplay().hashCode());
        }
    }

    @Test
    void differentMembersAreNotEqual() {
        MemberValue member = withDisplay();

        assertThat(member).isNotEqualTo(parssonWithoutDisplay());
        assertThat(parssonWithoutDisplay()).isNotEqualTo(member);
        assertThat(member).isNotEqualTo(new MemberValue(ID.toUpperCase(Locale.ROOT), "User", Json.createValue("Babs Jensen")));
        assertThat(member).isNotEqualTo(new MemberValue(ID, "Group", Json.createValue("Babs Jensen")));
        assertThat(member).isNotEqualTo(ScimJson.createObjectBuilder(parssonWithDisplay()).add("$ref", "x").build());
        assertThat(ScimJson.createObjectBuilder(parssonWithDisplay()).add("$ref", "x").build()).isNotEqualTo(member);
        assertThat(member).isNotEqualTo(JsonValue.EMPTY_JSON_OBJECT);
        assertThat((Object) member).isNotEqualTo(Json.createValue(ID));
    }

    @Test
    void toStringIsParssonsJson() {
        assertThat(withDisplay().toString()).isEqualTo(parssonWithDisplay().toString());
        assertThat(withoutDisplay().toString()).isEqualTo(parssonWithoutDisplay().toString());
        try (var reader = Json.createReader(new StringReader(withDisplay().toString()))) {
            assertThat(reader.readObject()).isEqualTo(parssonWithDisplay());
        }
        MemberValue tricky = new MemberValue("a\"b\\c\u00e9\n", "User", Json.createValue("line\tbreak \u2028"));
        JsonObject trickyParsson = ScimJson.createObjectBuilder().add("value", "a\"b\\c\u00e9\n")
                .add("display", "line\tbreak \u2028").add("type", "User").build();
        assertThat(tricky.toString()).isEqualTo(trickyParsson.toString());
        assertThat(written(tricky)).isEqualTo(written(trickyParsson));
    }

    @Test
    void aWriterWritesTheSameTextAsForParssonsObject() {
        assertThat(written(withDisplay())).isEqualTo(written(parssonWithDisplay()));
        assertThat(written(withoutDisplay())).isEqualTo(written(parssonWithoutDisplay()));
    }

    @Test
    void aWriterWritesAGroupOfMemberValuesAsForParssonsGroup() {
        List<JsonValue> ours = new ArrayList<>();
        var parssonMembers = ScimJson.createArrayBuilder();
        for (int i = 0; i < 5; i++) {
            ours.add(new MemberValue("id-" + i, i % 2 == 0 ? "User" : "Group", i == 3 ? null : Json.createValue("n" + i)));
            var member = ScimJson.createObjectBuilder().add("value", "id-" + i);
            if (i != 3) {
                member.add("display", "n" + i);
            }
            parssonMembers.add(member.add("type", i % 2 == 0 ? "User" : "Group"));
        }
        JsonObject ourGroup = ScimJson.createObjectBuilder().add("displayName", "G").add("members", new ListJsonArray(ours)).build();
        JsonObject parssonGroup = ScimJson.createObjectBuilder().add("displayName", "G").add("members", parssonMembers).build();

        assertThat(written(ourGroup)).isEqualTo(written(parssonGroup));
        assertThat(ourGroup.toString()).isEqualTo(parssonGroup.toString());
        assertThat(ourGroup).isEqualTo(parssonGroup);
        assertThat(parssonGroup).isEqualTo(ourGroup);
        assertThat(ourGroup.hashCode()).isEqualTo(parssonGroup.hashCode());
    }

    @Test
    void aBuilderCopiesItAsAnEqualObject() {
        JsonObject copy = ScimJson.createObjectBuilder(withDisplay()).build();
        JsonObject withRef = ScimJson.createObjectBuilder(withDisplay()).add("$ref", "https://x/Users/" + ID).build();

        assertThat(copy).isEqualTo(parssonWithDisplay());
        assertThat(withRef.getString("$ref")).endsWith(ID);
        assertThat(withRef.getString("value")).isEqualTo(ID);
    }

    @Test
    void itIsUnmodifiable() {
        MemberValue member = withDisplay();
        JsonValue x = Json.createValue("x");

        assertThatThrownBy(() -> member.put("value", x)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.put("$ref", x)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.putAll(Map.of("a", x))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.remove("value")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(member::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.putIfAbsent("$ref", x)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.replace("value", x)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.entrySet().iterator().next().setValue(x)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.keySet().remove("value")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> member.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(member).isEqualTo(parssonWithDisplay());
        assertThat(member.id()).isEqualTo(ID);
    }
}
