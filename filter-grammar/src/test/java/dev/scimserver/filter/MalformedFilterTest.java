package dev.scimserver.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed filters fail with a FilterParseException whose message says what and where. */
class MalformedFilterTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // empty
                Arguments.of(null, "empty filter", 1),
                Arguments.of("", "empty filter", 1),
                Arguments.of(" \t\n ", "empty filter", 1),
                // unbalanced parentheses and brackets, both directions
                Arguments.of("(userName eq \"x\"", "unbalanced parenthesis: '(' at column 1 is never closed", 1),
                Arguments.of("((a pr) and b pr", "unbalanced parenthesis: '(' at column 1 is never closed", 1),
                Arguments.of("a pr and (b pr", "unbalanced parenthesis: '(' at column 10 is never closed", 10),
                Arguments.of("userName eq \"x\")", "unbalanced parenthesis: ')' at column 16 has no matching '('", 16),
                Arguments.of("(a pr))", "unbalanced parenthesis: ')' at column 7 has no matching '('", 7),
                Arguments.of("emails[type eq \"x\"", "unbalanced bracket: '[' at column 7 is never closed", 7),
                Arguments.of("type eq \"x\"]", "unbalanced bracket: ']' at column 12 has no matching '['", 12),
                Arguments.of("emails[type eq \"x\")", "')' at column 19 closes '[' at column 7", 19),
                Arguments.of("(emails[type eq \"x\"))", "')' at column 20 closes '[' at column 8", 20),
                Arguments.of("userName eq \")\" and (a pr", "'(' at column 21 is never closed", 21),
                // operators
                Arguments.of("userName eqq \"x\"", "unknown operator 'eqq' at column 10", 10),
                Arguments.of("userName equals \"x\"", "unknown operator 'equals' at column 10", 10),
                Arguments.of("userName \"x\"", "expected an operator at column 10 after 'userName'", 10),
                Arguments.of("userName", "missing operator at column 9 after 'userName'", 9),
                Arguments.of("userName = \"x\"", "unexpected character '=' at column 10", 10),
                Arguments.of("title pr \"x\"", "'pr' takes no value (column 7)", 7),
                Arguments.of("title pr 42", "'pr' takes no value (column 7)", 7),
                Arguments.of("title pr true and x pr", "'pr' takes no value (column 7)", 7),
                // values
                Arguments.of("userName eq", "missing value at column 12 after 'eq'", 12),
                Arguments.of("userName eq and title pr", "expected a value at column 13 after 'eq'", 13),
                Arguments.of("userName eq (\"x\")", "expected a value at column 13 after 'eq'", 13),
                Arguments.of("userName eq bjensen", "value 'bjensen' at column 13 is not a JSON literal", 13),
                Arguments.of("x eq 'single'", "value ''single'' at column 6 is not a JSON literal", 6),
                Arguments.of("x eq 01", "value '01' at column 6 is not a JSON literal", 6),
                Arguments.of("x eq +1", "value '+1' at column 6 is not a JSON literal", 6),
                Arguments.of("x eq 1.", "value '1.' at column 6 is not a JSON literal", 6),
                // strings
                Arguments.of("userName eq \"bjensen", "unterminated string starting at column 13", 13),
                Arguments.of("userName eq \"bjensen\\\"", "unterminated string starting at column 13", 13),
                Arguments.of("userName eq \"a\\", "unterminated string starting at column 13", 13),
                Arguments.of("userName eq \"a\\qb\"", "bad escape '\\q' in string at column 15", 15),
                Arguments.of("userName eq \"\\u12G4\"", "bad escape in string at column 14: \\u must be followed by 4 hex digits", 14),
                Arguments.of("userName eq \"\\u12\"", "\\u must be followed by 4 hex digits", 14),
                Arguments.of("userName eq \"a\u0001\"", "control character U+0001 in string at column 15", 15),
                // trailing garbage
                Arguments.of("userName eq \"bjensen\" foo", "unexpected 'foo' at column 23 after a complete filter", 23),
                Arguments.of("a pr b pr", "unexpected 'b' at column 6 after a complete filter", 6),
                Arguments.of("emails[type eq \"work\"].value eq \"x\"", "unexpected '.' at column 23 after a complete filter", 23),
                Arguments.of("(a pr foo)", "unexpected 'foo' at column 7; expected 'and', 'or' or ')'", 7),
                Arguments.of("x[a pr foo]", "unexpected 'foo' at column 8; expected 'and', 'or' or ']'", 8),
                // logical operators and grouping
                Arguments.of("title pr and", "'and' at column 10 is missing its right operand", 10),
                Arguments.of("title pr or", "'or' at column 10 is missing its right operand", 10),
                Arguments.of("title pr and or x pr", "'and' at column 10 is missing its right operand: found 'or' at column 14", 10),
                Arguments.of("and title pr", "'and' at column 1 is missing its left operand", 1),
                Arguments.of("(or title pr)", "'or' at column 2 is missing its left operand", 2),
                Arguments.of("title pr and ()", "expected an attribute path, '(' or 'not' at column 15 after '('", 15),
                Arguments.of("not title pr", "'not' at column 1 must be followed by '('", 5),
                Arguments.of("not", "'not' at column 1 must be followed by '(', found the end of the text", 4),
                Arguments.of("\"x\" eq userName", "expected an attribute path, '(' or 'not' at column 1", 1),
                // attribute paths
                Arguments.of("a.b.c pr", "invalid attribute path 'a.b.c' at column 1: only one sub-attribute is allowed", 1),
                Arguments.of("name. pr", "invalid attribute path 'name.' at column 1", 1),
                Arguments.of("x pr and name:givenName pr", "'name' is not a schema URN", 10),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User: pr", "an attribute name must follow the schema URN", 1),
                Arguments.of("name.given$Name pr", "'given$Name' is not a valid attribute name", 1),
                Arguments.of("1abc pr", "expected an attribute path, '(' or 'not' at column 1, found '1'", 1),
                Arguments.of("userName eq \"x\" and é pr", "unexpected character 'é' at column 21", 21),
                // a value path inside a value path
                Arguments.of("emails[type[value eq \"x\"]]", "nested value paths are not allowed (column 8)", 8),
                Arguments.of("emails[type eq \"work\" and value[x pr]]", "nested value paths are not allowed (column 27)", 27),
                Arguments.of("emails[not (a[b pr])]", "nested value paths are not allowed (column 13)", 13));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void isRejectedWithMessageAndColumn(String text, String message, int column) {
        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parseFilter(text))
                .withMessageContaining(message)
                .satisfies(e -> assertThat(e.column()).isEqualTo(column));
    }
}
