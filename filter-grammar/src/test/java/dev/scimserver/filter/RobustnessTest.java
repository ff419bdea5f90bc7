package dev.scimserver.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Arbitrary input either parses or fails with FilterParseException; nothing else escapes or is printed. */
class RobustnessTest {

    /** Fragments that exercise every token kind and many near-misses between them. */
    private static final List<String> PIECES = List.of(
            " ", "  ", "\t", "(", ")", "[", "]", ".", ":", "\"", "\\", "\"x\"", "\"a\\\"b\"", "\"\\u00e9\"", "\\u12",
            "and", "or", "not", "not (", "pr", "eq", "EQ", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "eqq",
            "true", "false", "null", "0", "-1.5e3", "1.", "01", "+1", "userName", "name.givenName", "a.b.c",
            "members.$ref", "$ref", "urn:ietf:params:scim:schemas:core:2.0:User:", "2.0", "O'Malley", "#", "é",
            "😀", "=", "\n", "emails[type eq \"work\"]", "x eq 1");

    @Test
    void randomInputNeverEscapesAsAnythingButFilterParseException() {
        Random random = new Random(7644);
        List<Function<String, ?>> parsers =
                List.of(ScimFilters::parseFilter, ScimFilters::parseFilterLenient, ScimFilters::parsePath);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            for (Function<String, ?> parse : parsers) {
                try {
                    assertThat(parse.apply(text.toString())).isNotNull();
                } catch (FilterParseException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    assertThat(e.column()).isBetween(1, text.codePointCount(0, text.length()) + 1);
                } catch (RuntimeException | StackOverflowError e) {
                    fail("'" + text + "' threw " + e, e);
                }
            }
        }
    }

    @Test
    void errorsAreNeverPrintedToStandardError() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String text : List.of("userName eqq \"x\"", "(a pr", "a pr)", "x eq", "and x pr", "x # 1",
                    "x eq \"abc", "title pr \"x\"", "emails[type[x pr]]", "x[y pr].", "not x")) {
                try {
                    ScimFilters.parseFilter(text);
                } catch (FilterParseException expected) {
                    // the point is what was printed
                }
                try {
                    ScimFilters.parsePath(text);
                } catch (FilterParseException expected) {
                    // the point is what was printed
                }
            }
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
