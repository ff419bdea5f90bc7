package dev.scimserver.filter;

import static dev.scimserver.filter.Trees.or;
import static dev.scimserver.filter.Trees.pr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile sizes: deep nesting and long input fail cleanly instead of exhausting the stack. */
class LimitsTest {

    static Stream<Arguments> tooDeep() {
        int deep = 10_000;
        int over = ScimFilters.MAX_DEPTH + 1; // the column reported is that of the first opener too many
        return Stream.of(
                Arguments.of("parentheses", "(".repeat(deep) + "x eq 1" + ")".repeat(deep), over),
                Arguments.of("not", "not (".repeat(deep) + "x eq 1" + ")".repeat(deep), over * 5),
                Arguments.of("unclosed parentheses", "(".repeat(deep), over),
                Arguments.of("value paths", "x[".repeat(deep) + "y pr" + "]".repeat(deep), over * 2),
                Arguments.of("one past the limit", "(".repeat(over) + "x pr" + ")".repeat(over), over));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tooDeep")
    void deepNestingIsRejected(String name, String text, int column) {
        for (Function<String, ?> parse : parsers()) {
            assertThatExceptionOfType(FilterParseException.class)
                    .isThrownBy(() -> parse.apply(text))
                    .withMessageContaining("nested too deeply; the limit is " + ScimFilters.MAX_DEPTH)
                    .satisfies(e -> assertThat(e.column()).isEqualTo(column));
        }
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        int depth = ScimFilters.MAX_DEPTH;
        Filter expected = pr("x");
        for (int i = 0; i < depth; i++) {
            expected = new Filter.Not(expected);
        }

        assertThat(ScimFilters.parseFilter("not (".repeat(depth) + "x pr" + ")".repeat(depth))).isEqualTo(expected);
        assertThat(ScimFilters.parseFilter("(".repeat(depth) + "x pr" + ")".repeat(depth))).isEqualTo(pr("x"));
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        String text = "x eq \"" + "(".repeat(1000) + "\\\"[[[" + "\"";

        assertThat(ScimFilters.parseFilter(text))
                .isEqualTo(Trees.cmp("x", CompareOperator.EQ, "(".repeat(1000) + "\"[[["));
    }

    @Test
    void overlongInputIsRejected() {
        String text = "x eq \"" + "a".repeat(ScimFilters.MAX_LENGTH) + "\"";

        for (Function<String, ?> parse : parsers()) {
            assertThatExceptionOfType(FilterParseException.class)
                    .isThrownBy(() -> parse.apply(text))
                    .withMessageContaining("is too long (" + text.length() + " characters); the limit is "
                            + ScimFilters.MAX_LENGTH);
        }
    }

    @Test
    void theLongestChainOfOperandsStillWorks() {
        // About a thousand operands: a left-deep tree far deeper than the nesting limit.
        int count = (ScimFilters.MAX_LENGTH - "a pr".length()) / "a pr or ".length() + 1;
        String text = "a pr or ".repeat(count - 1) + "a pr";
        Filter expected = orChain(count);

        Filter parsed = ScimFilters.parseFilter(text);

        assertThat(text.length()).isLessThanOrEqualTo(ScimFilters.MAX_LENGTH);
        assertThat(parsed).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(parsed).isNotEqualTo(or(expected, pr("a")));
        assertThatCode(parsed::toString).doesNotThrowAnyException();
    }

    @Test
    void canonicalTextOfALongChainParsesBack() {
        Filter chain = orChain(800); // its canonical text, "(a pr) or (a pr) ...", still fits MAX_LENGTH

        assertThat(ScimFilters.parseFilter(chain.toString())).isEqualTo(chain);
    }

    private static Filter orChain(int count) {
        Filter chain = pr("a");
        for (int i = 1; i < count; i++) {
            chain = or(chain, pr("a"));
        }
        return chain;
    }

    @Test
    void quotesInLenientBareWordsCannotHideNesting() {
        String text = "x eq a\"b and " + "(".repeat(10_000) + "y pr" + ")".repeat(10_000);

        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parseFilterLenient(text));
    }

    private static Iterable<Function<String, ?>> parsers() {
        return java.util.List.of(ScimFilters::parseFilter, ScimFilters::parseFilterLenient, ScimFilters::parsePath);
    }

    @Test
    void aNumberBeyondRangeIsAParseErrorNotANumberFormatException() {
        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parseFilter("userName eq 1e9999999999"))
                .withMessageContaining("out of range")
                .satisfies(e -> assertThat(e.column()).isEqualTo(13));
    }
}
