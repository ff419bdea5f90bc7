package dev.scimserver.filter;

import static dev.scimserver.filter.CompareOperator.EQ;
import static dev.scimserver.filter.Trees.ENTERPRISE_USER;
import static dev.scimserver.filter.Trees.CORE_USER;
import static dev.scimserver.filter.Trees.and;
import static dev.scimserver.filter.Trees.attr;
import static dev.scimserver.filter.Trees.cmp;
import static dev.scimserver.filter.Trees.not;
import static dev.scimserver.filter.Trees.num;
import static dev.scimserver.filter.Trees.or;
import static dev.scimserver.filter.Trees.pr;
import static dev.scimserver.filter.Trees.str;
import static dev.scimserver.filter.Trees.urn;
import static dev.scimserver.filter.Trees.valuePath;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Precedence, associativity, case-insensitivity, literals, attribute paths and whitespace. */
class FilterSyntaxTest {

    static Stream<Arguments> precedenceAndAssociativity() {
        Filter a = pr("a");
        Filter b = pr("b");
        Filter c = pr("c");
        Filter d = pr("d");
        return Stream.of(
                Arguments.of("a pr or b pr and c pr", or(a, and(b, c))),
                Arguments.of("a pr and b pr or c pr", or(and(a, b), c)),
                Arguments.of("a pr and b pr and c pr", and(and(a, b), c)),
                Arguments.of("a pr or b pr or c pr", or(or(a, b), c)),
                Arguments.of("a pr or b pr and c pr or d pr", or(or(a, and(b, c)), d)),
                Arguments.of("(a pr or b pr) and c pr", and(or(a, b), c)),
                Arguments.of("a pr and (b pr and c pr)", and(a, and(b, c))),
                Arguments.of("not (a pr) and b pr", and(not(a), b)),
                Arguments.of("not (a pr) or not (b pr) and c pr", or(not(a), and(not(b), c))),
                Arguments.of("a pr and not (b pr or c pr)", and(a, not(or(b, c)))),
                Arguments.of("not (not (a pr))", not(not(a))),
                Arguments.of("((a pr))", a),
                Arguments.of("x[a pr or b pr and c pr]", valuePath("x", or(a, and(b, c)))),
                Arguments.of("x[not (a pr) and (b pr or c pr)]", valuePath("x", and(not(a), or(b, c)))),
                Arguments.of("x[a pr] and y[b pr] or z[c pr]",
                        or(and(valuePath("x", a), valuePath("y", b)), valuePath("z", c))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("precedenceAndAssociativity")
    void precedenceIsNotThenAndThenOrAndBothAreLeftAssociative(String text, Filter expected) {
        assertThat(ScimFilters.parseFilter(text)).isEqualTo(expected);
    }

    static Stream<Arguments> operators() {
        return Arrays.stream(CompareOperator.values()).flatMap(op -> Stream.of(
                Arguments.of(op.symbol(), op),
                Arguments.of(op.symbol().toUpperCase(Locale.ROOT), op),
                Arguments.of(op.symbol().substring(0, 1).toUpperCase(Locale.ROOT) + op.symbol().substring(1), op)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("operators")
    void comparisonOperatorsAreCaseInsensitive(String spelled, CompareOperator expected) {
        assertThat(ScimFilters.parseFilter("userName " + spelled + " \"x\""))
                .isEqualTo(cmp("userName", expected, "x"));
    }

    static Stream<Arguments> keywordCase() {
        return Stream.of(
                Arguments.of("a PR", pr("a")),
                Arguments.of("a Pr AND b pR", and(pr("a"), pr("b"))),
                Arguments.of("a pr OR b pr", or(pr("a"), pr("b"))),
                Arguments.of("a pr And b pr Or c pr", or(and(pr("a"), pr("b")), pr("c"))),
                Arguments.of("NOT (a pr)", not(pr("a"))),
                Arguments.of("Not (a pr)", not(pr("a"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("keywordCase")
    void logicalKeywordsAndPrAreCaseInsensitive(String text, Filter expected) {
        assertThat(ScimFilters.parseFilter(text)).isEqualTo(expected);
    }

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("\"bjensen\"", str("bjensen")),
                Arguments.of("\"\"", str("")),
                Arguments.of("\"a\\\"b\"", str("a\"b")),
                Arguments.of("\"a\\\\b\"", str("a\\b")),
                Arguments.of("\"a\\/b\"", str("a/b")),
                Arguments.of("\"\\b\\f\\n\\r\\t\"", str("\b\f\n\r\t")),
                Arguments.of("\"\\u00e9\"", str("é")),
                Arguments.of("\"\\u00E9t\\u00e9\"", str("été")),
                Arguments.of("\"\\ud83d\\ude00\"", str("😀")),
                Arguments.of("\"O'Malley (x) [y] and or not\"", str("O'Malley (x) [y] and or not")),
                Arguments.of("\"é😀\"", str("é😀")),
                Arguments.of("true", new Value.Bool(true)),
                Arguments.of("false", new Value.Bool(false)),
                Arguments.of("null", new Value.Null()),
                Arguments.of("TRUE", new Value.Bool(true)), // keywords are case-insensitive, literals too
                Arguments.of("0", num("0")),
                Arguments.of("42", num("42")),
                Arguments.of("-1", num("-1")),
                Arguments.of("1.5", num("1.5")),
                Arguments.of("-0.25", num("-0.25")),
                Arguments.of("1e3", num("1e3")),
                Arguments.of("-1.5e-3", num("-1.5e-3")),
                Arguments.of("2E+10", num("2E+10")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("literals")
    void comparisonValuesAreJsonLiterals(String literal, Value expected) {
        assertThat(ScimFilters.parseFilter("x eq " + literal)).isEqualTo(cmp(attr("x"), EQ, expected));
    }

    static Stream<Arguments> attributePaths() {
        return Stream.of(
                Arguments.of("userName", attr("userName")),
                Arguments.of("name.givenName", attr("name", "givenName")),
                Arguments.of("meta.lastModified", attr("meta", "lastModified")),
                Arguments.of("members.$ref", attr("members", "$ref")),
                Arguments.of("$ref", attr("$ref")),
                Arguments.of("x-custom_attr2", attr("x-custom_attr2")),
                Arguments.of("UsErNaMe", attr("UsErNaMe")),
                Arguments.of(CORE_USER + ":userName", urn(CORE_USER, "userName", null)),
                Arguments.of(CORE_USER + ":name.givenName", urn(CORE_USER, "name", "givenName")),
                Arguments.of(ENTERPRISE_USER + ":manager.value", urn(ENTERPRISE_USER, "manager", "value")),
                Arguments.of(ENTERPRISE_USER + ":employeeNumber", urn(ENTERPRISE_USER, "employeeNumber", null)),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:Group:members.$ref",
                        urn("urn:ietf:params:scim:schemas:core:2.0:Group", "members", "$ref")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("attributePaths")
    void attributePathsSplitIntoUrnNameAndSubAttribute(String path, AttributePath expected) {
        assertThat(ScimFilters.parseFilter(path + " pr")).isEqualTo(new Filter.Present(expected));
        assertThat(expected.fullName()).isEqualTo(path);
        assertThat(expected).hasToString(path);
    }

    static Stream<Arguments> whitespace() {
        Filter expected = and(cmp("userName", EQ, "x"), not(pr("title")));
        return Stream.of(
                Arguments.of("userName eq \"x\" and not (title pr)", expected),
                Arguments.of("  userName   eq\t\"x\"\tand  not   ( title pr )  ", expected),
                Arguments.of("userName eq \"x\"\r\nand not (title pr)", expected),
                Arguments.of("userName eq \"x\" and not(title pr)", expected),
                Arguments.of("(userName eq \"x\")and(not(title pr))", expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("whitespace")
    void extraSpacesTabsAndLineBreaksAreTolerated(String text, Filter expected) {
        assertThat(ScimFilters.parseFilter(text)).isEqualTo(expected);
    }

    @Test
    void keywordsInsideNamesAndStringsAreJustText() {
        assertThat(ScimFilters.parseFilter("notes pr and order eq \"and or not pr\" or prefix co \"eq\""))
                .isEqualTo(or(and(pr("notes"), cmp("order", EQ, "and or not pr")), cmp("prefix", CompareOperator.CO, "eq")));
    }

    @Test
    void canonicalTextParenthesizesEveryOperand() {
        Filter filter = ScimFilters.parseFilter("userName eq \"bjensen\" AND NOT (emails PR)");

        assertThat(filter).hasToString("(userName eq \"bjensen\") and (not (emails pr))");
        assertThat(ScimFilters.parseFilter("emails[type eq \"w\\\"x\\n\"] or x gt -1.5"))
                .hasToString("(emails[type eq \"w\\\"x\\n\"]) or (x gt -1.5)");
    }

    static Stream<Arguments> canonicalText() {
        return Stream.of(
                Arguments.of("a pr and b pr and c pr", "(a pr) and (b pr) and (c pr)"),
                Arguments.of("a pr or b pr or c pr", "(a pr) or (b pr) or (c pr)"),
                Arguments.of("a pr and (b pr and c pr)", "(a pr) and ((b pr) and (c pr))"),
                Arguments.of("a pr or b pr and c pr", "(a pr) or ((b pr) and (c pr))"),
                Arguments.of("a pr and b pr or c pr", "((a pr) and (b pr)) or (c pr)"),
                Arguments.of("(a pr or b pr) and c pr", "((a pr) or (b pr)) and (c pr)"),
                Arguments.of("not (a pr or b pr)", "not ((a pr) or (b pr))"),
                Arguments.of("x eq 1.50 and y eq false and z ne null", "(x eq 1.50) and (y eq false) and (z ne null)"),
                Arguments.of("x eq \"\\u00e9\\t\\u0001\"", "x eq \"\u00e9\\t\\u0001\""),
                Arguments.of("emails[type eq \"work\" and not (primary eq true)]",
                        "emails[(type eq \"work\") and (not (primary eq true))]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("canonicalText")
    void canonicalTextIsStableAndParsesBack(String text, String canonical) {
        Filter filter = ScimFilters.parseFilter(text);

        assertThat(filter).hasToString(canonical);
        assertThat(ScimFilters.parseFilter(canonical)).isEqualTo(filter);
    }

    @Test
    void treesHaveValueEquality() {
        String text = "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]";

        assertThat(ScimFilters.parseFilter(text))
                .isEqualTo(ScimFilters.parseFilter(text))
                .hasSameHashCodeAs(ScimFilters.parseFilter(text));
    }
}
