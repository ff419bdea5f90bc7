package dev.scimserver.store.dump;

import dev.scimserver.json.CompactJsonArray;
import dev.scimserver.json.CompactJsonObject;
import dev.scimserver.json.ScimJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dump parser against Parsson, which read dumps before it: the same values for the same text
 * (read whole, and a byte at a time so that every token is split across reads), names and short
 * values shared, and every fault refused with where it is.
 */
class DumpParserTest {
    private static final String LONG = "a value longer than the ones worth sharing, such as a unique id";

    /** Hands out one byte per read, as a slow pipe might. */
    private static InputStream trickle(byte[] json) {
        return new ByteArrayInputStream(json) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<JsonObject> parse(InputStream in) throws IOException {
        DumpParser parser = new DumpParser(in);
        assertThat(parser.openArray()).isTrue();
        List<JsonObject> resources = new ArrayList<>();
        for (JsonObject resource = parser.nextObject(); resource != null; resource = parser.nextObject()) {
            resources.add(resource);
        }
        return resources;
    }

    private static List<JsonObject> parse(String json) throws IOException {
        return parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<JsonValue> parsson(byte[] json) {
        try (var reader = ScimJson.createReader(new ByteArrayInputStream(json))) {
            return reader.readArray();
        }
    }

    private static void assertReadAsParssonReads(String json) throws IOException {
        assertReadAsParssonReads(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertReadAsParssonReads(byte[] json) throws IOException {
        List<JsonValue> expected = parsson(json);
        assertThat(parse(new ByteArrayInputStream(json))).isEqualTo(expected);
        assertThat(parse(trickle(json))).isEqualTo(expected);
    }

    @Test
    void readsWhatParssonReadsInTheCompactForms() throws IOException {
        String json = """
                [{"userName":"bjensen","active":true,"n":1.5,"none":null,"off":false,
                  "emails":[{"value":"b@example.com","type":"work","primary":true}],"nested":[[1,"x"],[]],"e":{}}]""";
        assertReadAsParssonReads(json);
        JsonObject resource = parse(json).getFirst();
        assertThat(resource).isInstanceOf(CompactJsonObject.class);
        assertThat(resource.getJsonArray("emails")).isInstanceOf(CompactJsonArray.class);
        assertThat(resource.get("active")).isSameAs(JsonValue.TRUE);
        assertThat(resource.get("off")).isSameAs(JsonValue.FALSE);
        assertThat(resource.get("none")).isSameAs(JsonValue.NULL);
    }

    @Test
    void numbersAreTheOnesParssonMakes() throws IOException {
        String[] numbers = {"0", "-0", "-1", "7", "1.5", "1e3", "2E+2", "1E-7", "0.0", "-0.0", "3.14159e-10", "1E400",
            "123456789", "-123456789", "1234567890", "-2147483648", "123456789012345678", "1234567890123456789",
            "-9223372036854775808", "12345678901234567890", "-12345678901234567890.5"};
        String json = "[{\"n\":[" + String.join(",", numbers) + "]}]";
        assertReadAsParssonReads(json);
        List<JsonValue> ours = parse(json).getFirst().getJsonArray("n");
        List<JsonValue> theirs = ((JsonObject) parsson(json.getBytes(StandardCharsets.UTF_8)).getFirst()).getJsonArray("n");
        for (int i = 0; i < numbers.length; i++) {
            JsonNumber mine = (JsonNumber) ours.get(i);
            JsonNumber parssons = (JsonNumber) theirs.get(i);
            assertThat(mine).as(numbers[i]).isEqualTo(parssons).hasSameHashCodeAs(parssons).hasSameClassAs(parssons);
            assertThat(mine.toString()).as(numbers[i]).isEqualTo(parssons.toString());
            assertThat(mine.isIntegral()).as(numbers[i]).isEqualTo(parssons.isIntegral());
            assertThat(mine.intValue()).as(numbers[i]).isEqualTo(parssons.intValue());
            assertThat(mine.bigDecimalValue()).as(numbers[i]).isEqualTo(parssons.bigDecimalValue());
        }
        assertThat(ours.get(4).toString()).isEqualTo("1.5");
        assertThat(ours.get(5).toString()).isEqualTo("1E+3");
        assertThat(((JsonNumber) ours.get(19)).isIntegral()).isTrue();
    }

    @Test
    void stringsWithEveryEscapeAndUnicodeAreTheOnesParssonMakes() throws IOException {
        String json = """
                [{"escapes":"\\" \\\\ \\/ \\b \\f \\n \\r \\t","hex":"\\u0041\\u00e9\\u20AC\\ud83d\\ude00 \\u0000",
                  "lone":"\\uD800x","raw":"é € 😀 日本語","mixed":"é\\n😀\\u0041","n\\u00e4me":1,"ascii":"plain"}]""";
        assertReadAsParssonReads(json);
        JsonObject resource = parse(json).getFirst();
        assertThat(resource.getString("escapes")).isEqualTo("\" \\ / \b \f \n \r \t");
        assertThat(resource.getString("hex")).isEqualTo("Aé€😀 \0");
        assertThat(resource.getString("lone")).isEqualTo("\uD800x");
        assertThat(resource.getString("raw")).isEqualTo("é € 😀 日本語");
        assertThat(resource.getString("mixed")).isEqualTo("é\n😀A");
        assertThat(resource.getInt("näme")).isEqualTo(1);
    }

    @Test
    void whateverEndsOrBreaksAStringIsFoundAtEveryOffsetOfTheEightBytesScannedAtOnce() throws IOException {
        for (int k = 0; k < 20; k++) {
            String run = "a".repeat(k);
            String json = "[{\"" + run + "\":\"" + run + "\",\"e" + run + "\":\"" + run + "\\\"" + run + "\",\"u" + run + "\":\""
                    + run + "é😀" + run + "\"}]";
            assertReadAsParssonReads(json);
            assertThat(parse(json).getFirst().getString("e" + run)).isEqualTo(run + "\"" + run);
            assertInvalid("[{\"a\": \"" + run + "\u0001\"}]", "a control character in a string must be escaped", 1, 9 + k);
        }
    }

    @Test
    void whitespaceAnywhereEmptyContainersAndDuplicateNames() throws IOException {
        String json = " \n\t[ \r\n { \"a\" : [ 1 , { } , [ ] , [ [ ] ] ] , \"b\" : { \"c\" : null } , \"a\" : \"again\" } \n , {}\t] \r\n ";
        assertReadAsParssonReads(json);
        List<JsonObject> resources = parse(json);
        assertThat(resources).hasSize(2);
        assertThat(resources.getFirst().keySet()).containsExactly("a", "b");
        assertThat(resources.getFirst().getString("a")).isEqualTo("again");
        assertThat(resources.getLast()).isEmpty();
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void aByteOrderMarkIsSkippedAsParssonSkipsIt() throws IOException {
        byte[] json = "\uFEFF[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
        assertReadAsParssonReads(json);
        assertThat(parse(new ByteArrayInputStream(json))).hasSize(1);
    }

    @Test
    void largeObjectsArraysAndDumpsLongerThanTheBuffer() throws IOException {
        String members = IntStream.range(0, 40).mapToObj(i -> "\"m" + i + "\":" + i).collect(Collectors.joining(","));
        String elements = IntStream.range(0, 100).mapToObj(i -> "\"e" + i + "\"").collect(Collectors.joining(","));
        String huge = "é€😀x".repeat(40_000);
        StringBuilder json = new StringBuilder("[{").append(members).append(",\"list\":[").append(elements)
                .append("],\"huge\":\"").append(huge).append("\"}");
        for (int i = 0; i < 2_000; i++) {
            json.append(",\n{\"id\":\"").append(i).append("\",\"userName\":\"user").append(i).append("\",\"n\":").append(i * 1.25)
                    .append(",\"title\":\"Ing\\u00e9nieur\",\"emails\":[{\"value\":\"u").append(i).append("@example.com\"}]}");
        }
        json.append("]");
        assertThat(json.length()).isGreaterThan(3 * (1 << 16));
        assertReadAsParssonReads(json.toString());
        List<JsonObject> resources = parse(json.toString());
        assertThat(resources).hasSize(2_001);
        assertThat(resources.getFirst().getString("huge")).isEqualTo(huge);
        assertThat(resources.getFirst().getJsonArray("list")).hasSize(100);
        assertThat(resources.getLast().getString("userName")).isEqualTo("user1999");
    }

    @Test
    void aShortValueThatRepeatsIsOneInstanceALongOneIsNot() throws IOException {
        List<JsonObject> two = parse("[{\"type\":\"work\",\"id\":\"" + LONG + "\",\"etag\":\"W/\\\"1\\\"\",\"city\":\"Zürich\"},"
                + "{\"type\":\"work\",\"id\":\"" + LONG + "\",\"etag\":\"W/\\\"1\\\"\",\"city\":\"Z\\u00fcrich\"}]");
        JsonObject first = two.getFirst();
        JsonObject second = two.getLast();
        assertThat(second.get("type")).isSameAs(first.get("type"));
        assertThat(second.get("etag")).isSameAs(first.get("etag"));
        assertThat(second.get("city")).isSameAs(first.get("city"));
        assertThat(second.getString("city")).isEqualTo("Zürich");
        assertThat(second.get("id")).isEqualTo(first.get("id")).isNotSameAs(first.get("id"));

        List<JsonObject> spelledTwoWays = parse("[{\"type\":\"work\"},{\"type\":\"w\\u006Frk\"},{\"type\":\"work\"}]");
        assertThat(spelledTwoWays.get(1).get("type")).isSameAs(spelledTwoWays.get(0).get("type"))
                .isSameAs(spelledTwoWays.get(2).get("type"));
    }

    @Test
    void everyNameIsOneStringHoweverItIsWrittenAndHoweverManyThereAre() throws IOException {
        String many = IntStream.range(0, 1_000).mapToObj(i -> "\"name" + i + "\":" + i).collect(Collectors.joining(","));
        List<JsonObject> resources = parse("[{\"userName\":\"a\",\"größe\":1,\"x\":{" + many + "}},"
                + "{\"user\\u004eame\":\"b\",\"gr\\u00f6\\u00dfe\":2,\"x\":{" + many + "}}]");
        List<String> first = new ArrayList<>(resources.getFirst().keySet());
        List<String> second = new ArrayList<>(resources.getLast().keySet());
        assertThat(second).isEqualTo(first).containsExactly("userName", "größe", "x");
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isSameAs(first.get(i));
        }
        List<String> firstInner = new ArrayList<>(resources.getFirst().getJsonObject("x").keySet());
        List<String> secondInner = new ArrayList<>(resources.getLast().getJsonObject("x").keySet());
        assertThat(firstInner).hasSize(1_000);
        for (int i = 0; i < firstInner.size(); i++) {
            assertThat(secondInner.get(i)).isEqualTo("name" + i).isSameAs(firstInner.get(i));
        }
    }

    // Faults: each with its line and column, in chars.

    private static void assertInvalid(byte[] json, String why, long line, long column) {
        for (InputStream in : List.of(new ByteArrayInputStream(json), trickle(json))) {
            assertThatThrownBy(() -> parse(in)).isInstanceOfSatisfying(DumpParser.InvalidJsonException.class, e -> {
                assertThat(e.getMessage()).isEqualTo(why);
                assertThat(e.line()).as("line").isEqualTo(line);
                assertThat(e.column()).as("column").isEqualTo(column);
            });
        }
    }

    private static void assertInvalid(String json, String why, long line, long column) {
        assertInvalid(json.getBytes(StandardCharsets.UTF_8), why, line, column);
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aTruncatedDumpIsInvalidWhereItEnds() {
        assertInvalid("[{\"id\": ", "the file ends where a JSON value should be", 1, 9);
        assertInvalid("[{\"id\": \"ab", "the file ends inside a string", 1, 12);
        assertInvalid("[{\"id\": \"ab\\", "the file ends inside a string", 1, 13);
        assertInvalid("[{\"a\": tru", "expected true", 1, 11);
        assertInvalid("[{\"a\": 1", "the file ends where ',' or '}' should be", 1, 9);
        assertInvalid("[{\"a\"", "the file ends where ':' should be", 1, 6);
        assertInvalid("[{", "the file ends where a member name should be", 1, 3);
        assertInvalid("[{},\n{}", "the file ends where ',' or ']' should be", 2, 3);
        assertInvalid("[{},", "the file ends where a JSON value should be", 1, 5);
        assertInvalid("[", "the file ends where a JSON value should be", 1, 2);
    }

    @Test
    void onlyWhitespaceMayFollowTheClosingBracket() throws IOException {
        assertInvalid("[{}] x", "nothing but whitespace may follow the dump's closing ']'", 1, 6);
        assertInvalid("[{}]\n\n  ]", "nothing but whitespace may follow the dump's closing ']'", 3, 3);
        assertThat(parse("[{}] \n\t\r\n")).hasSize(1);
    }

    @Test
    void missingPunctuationIsInvalidWhereItShouldBe() {
        assertInvalid("[{\"a\" 1}]", "expected ':'", 1, 7);
        assertInvalid("[{\"a\": 1 \"b\": 2}]", "expected ',' or '}'", 1, 10);
        assertInvalid("[{} {}]", "expected ',' or ']'", 1, 5);
        assertInvalid("[{\"a\": [1 2]}]", "expected ',' or ']'", 1, 11);
        assertInvalid("[{a: 1}]", "expected a member name", 1, 3);
        assertInvalid("[{\"a\": 1,}]", "expected a member name", 1, 10);
        assertInvalid("[,{}]", "expected a JSON value", 1, 2);
        assertInvalid("[{},]", "expected a JSON value", 1, 5);
        assertInvalid("[{\"a\": [1,]}]", "expected a JSON value", 1, 11);
        assertInvalid("[{\"a\": +1}]", "expected a JSON value", 1, 8);
        assertInvalid("[{\"a\": nul}]", "expected null", 1, 11);
        assertInvalid("[{\"a\": fals }]", "expected false", 1, 12);
    }

    @Test
    void numbersOutsideJsonsGrammarAreInvalid() {
        assertInvalid("[{\"a\": -}]", "expected a digit", 1, 9);
        assertInvalid("[{\"a\": 01}]", "not a number", 1, 9);
        assertInvalid("[{\"a\": 1.}]", "expected a digit", 1, 10);
        assertInvalid("[{\"a\": 1.e5}]", "expected a digit", 1, 10);
        assertInvalid("[{\"a\": 1e}]", "expected a digit", 1, 10);
        assertInvalid("[{\"a\": 1e+}]", "expected a digit", 1, 11);
        assertInvalid("[{\"a\": 1-2}]", "not a number", 1, 9);
        assertInvalid("[{\"a\": 1.5.5}]", "not a number", 1, 11);
    }

    @Test
    void badEscapesAndRawControlCharactersAreInvalid() {
        assertInvalid("[{\"a\": \"\\q\"}]", "unknown escape", 1, 9);
        assertInvalid("[{\"a\": \"\\u12G4\"}]", "expected four hex digits after \\u", 1, 13);
        assertInvalid("[{\"a\": \"\\u12\"}]", "expected four hex digits after \\u", 1, 13);
        assertInvalid("[{\"a\": \"x\ty\"}]", "a control character in a string must be escaped", 1, 10);
        assertInvalid("[{\"a\": \"é\nb\"}]", "a control character in a string must be escaped", 1, 10);
        assertInvalid("[{\"a\u0001\": 1}]", "a control character in a string must be escaped", 1, 5);
    }

    @Test
    void bytesThatAreNotUtf8AreInvalidNotReplaced() {
        String before = "[{\"a\": \"é";
        assertInvalid(bytes(before, new int[] {0xFF}, "\"}]"), "not UTF-8", 1, 10);
        assertInvalid(bytes(before, new int[] {0x80}, "\"}]"), "not UTF-8", 1, 10);
        assertInvalid(bytes(before, new int[] {0xC0, 0xAF}, "\"}]"), "not UTF-8", 1, 10); // overlong "/"
        assertInvalid(bytes(before, new int[] {0xED, 0xA0, 0x80}, "\"}]"), "not UTF-8", 1, 10); // a surrogate
        assertInvalid(bytes(before, new int[] {0xF4, 0x90, 0x80, 0x80}, "\"}]"), "not UTF-8", 1, 10); // above U+10FFFF
        assertInvalid(bytes(before, new int[] {0xE2, 0x82}, "\"}]"), "not UTF-8", 1, 10); // cut short by the quote
        assertInvalid(bytes(before, new int[] {0xE2, 0x41, 0x41}, "\"}]"), "not UTF-8", 1, 10);
        assertInvalid(bytes("[{\"a\": ", new int[] {0xC3, 0xA9}, "}]"), "expected a JSON value", 1, 8);
    }

    @Test
    void columnsCountCharsAsParssonDoesAfterTextOfManyBytes() {
        String json = "[{\"a\": \"é😀日\", \"b\": x}]";
        assertInvalid(json, "expected a JSON value", 1, 21);
        assertThatThrownBy(() -> parsson(json.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(JsonParsingException.class,
                e -> assertThat(e.getLocation().getColumnNumber()).isEqualTo(21));
        assertInvalid("[{\"a\": \"é😀日\"},\n {\"b\": \"日\", \"c\": x}]", "expected a JSON value", 2, 18);
        assertInvalid("\uFEFF[x]", "expected a JSON value", 1, 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1_000_000})
    void nestingDeeperThanTheLimitIsInvalidNotAStackOverflow(int beyond) throws IOException {
        int arrays = DumpParser.MAX_DEPTH - 2; // the dump's array and the resource are two levels
        String deepest = "[{\"a\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}]";
        assertThat(parse(deepest).getFirst().getJsonArray("a")).hasSize(1);
        String deeper = "[{\"a\":" + "[".repeat(arrays + beyond) + "]".repeat(arrays + beyond) + "}]";
        assertInvalid(deeper, "more than 100 arrays and objects inside each other", 1, 7 + arrays);
        assertInvalid("[{\"a\":" + "{\"b\":".repeat(arrays + beyond), "more than 100 arrays and objects inside each other",
                1, 7 + 5L * arrays);
    }

    @Test
    void aDocumentOtherThanAnArrayIsNoDump() throws IOException {
        for (String other : List.of("{}", "\"x\"", "1", "null", "", "  \n")) {
            assertThat(new DumpParser(new ByteArrayInputStream(other.getBytes(StandardCharsets.UTF_8))).openArray())
                    .as(other).isFalse();
        }
        assertThatThrownBy(() -> new DumpParser(new ByteArrayInputStream("\n x".getBytes(StandardCharsets.UTF_8))).openArray())
                .isInstanceOfSatisfying(DumpParser.InvalidJsonException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("expected a JSON value");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(2);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "[]", "null", "true", "-2"})
    void anElementOtherThanAnObjectIsToldApart(String element) throws IOException {
        DumpParser parser = new DumpParser(new ByteArrayInputStream(("[{\"a\":1}, " + element + "]").getBytes(StandardCharsets.UTF_8)));
        assertThat(parser.openArray()).isTrue();
        assertThat(parser.nextObject()).isEqualTo(ScimJson.createObjectBuilder().add("a", 1).build());
        assertThatThrownBy(parser::nextObject).isInstanceOf(DumpParser.NotAnObjectException.class);
    }
}
