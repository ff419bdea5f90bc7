package dev.scimserver.filter;

import static dev.scimserver.filter.CompareOperator.EQ;
import static dev.scimserver.filter.CompareOperator.GT;
import static dev.scimserver.filter.CompareOperator.SW;
import static dev.scimserver.filter.Trees.and;
import static dev.scimserver.filter.Trees.attr;
import static dev.scimserver.filter.Trees.cmp;
import static dev.scimserver.filter.Trees.num;
import static dev.scimserver.filter.Trees.pr;
import static dev.scimserver.filter.Trees.valuePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lenient mode takes an unquoted comparison value as a string; strict mode rejects it. */
class LenientFilterTest {

    static Stream<Arguments> bareValues() {
        return Stream.of(
                Arguments.of("userName sw O", cmp("userName", SW, "O")),
                Arguments.of("meta.Created gt 2015-10-10T14:38:21Z",
                        cmp(attr("meta", "Created"), GT, new Value.Str("2015-10-10T14:38:21Z"))),
                Arguments.of("userName eq john.doe@example.com and title pr",
                        and(cmp("userName", EQ, "john.doe@example.com"), pr("title"))),
                Arguments.of("(userName eq bjensen)", cmp("userName", EQ, "bjensen")),
                Arguments.of("emails[value eq a@b.c]", valuePath("emails", cmp("value", EQ, "a@b.c"))),
                Arguments.of("x eq O'Malley", cmp("x", EQ, "O'Malley")),
                Arguments.of("x eq 12abc", cmp("x", EQ, "12abc")),
                Arguments.of("x eq f(x", cmp("x", EQ, "f(x")),
                // The same word is a value right after an operator and an attribute name elsewhere.
                Arguments.of("a eq b and b pr", and(cmp("a", EQ, "b"), pr("b"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("bareValues")
    void lenientModeTakesBareWordsAsStrings(String text, Filter expected) {
        assertThat(ScimFilters.parseFilterLenient(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("bareValues")
    void strictModeRejectsBareWords(String text, Filter ignored) {
        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parseFilter(text))
                .withMessageContaining("is not a JSON literal; put strings in double quotes");
    }

    static Stream<Arguments> literalsStayLiterals() {
        return Stream.of(
                Arguments.of("x eq 42", cmp(attr("x"), EQ, num("42"))),
                Arguments.of("x eq -1.5e3", cmp(attr("x"), EQ, num("-1.5e3"))),
                Arguments.of("x eq true", cmp(attr("x"), EQ, new Value.Bool(true))),
                Arguments.of("x eq null", cmp(attr("x"), EQ, new Value.Null())),
                Arguments.of("x eq \"quoted\"", cmp("x", EQ, "quoted")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("literalsStayLiterals")
    void jsonLiteralsKeepTheirTypeInLenientMode(String text, Filter expected) {
        assertThat(ScimFilters.parseFilterLenient(text)).isEqualTo(expected);
    }

    static Stream<Arguments> stillMalformed() {
        return Stream.of(
                Arguments.of("userName eqq O", "unknown operator 'eqq' at column 10"),
                Arguments.of("title pr \"x\"", "'pr' takes no value (column 7)"),
                Arguments.of("userName eq", "missing value at column 12"),
                Arguments.of("userName eq O)", "unbalanced parenthesis: ')' at column 14"),
                Arguments.of("x eq \"O", "unterminated string starting at column 6"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("stillMalformed")
    void lenientModeStillRejectsOtherErrors(String text, String message) {
        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parseFilterLenient(text))
                .withMessageContaining(message);
    }
}
