package dev.scimserver.filter;

import static dev.scimserver.filter.CompareOperator.EQ;
import static dev.scimserver.filter.CompareOperator.EW;
import static dev.scimserver.filter.Trees.ENTERPRISE_USER;
import static dev.scimserver.filter.Trees.and;
import static dev.scimserver.filter.Trees.attr;
import static dev.scimserver.filter.Trees.cmp;
import static dev.scimserver.filter.Trees.urn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PATCH operation paths (RFC 7644 §3.5.2): every example path of the RFC plus URN-qualified ones. */
class PatchPathTest {

    private static final String MEMBER = "2819c223-7f76-453a-919d-413861904646";

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("members", new PatchPath(attr("members"), null, null)),
                Arguments.of("name.familyName", new PatchPath(attr("name", "familyName"), null, null)),
                Arguments.of("userName", new PatchPath(attr("userName"), null, null)),
                Arguments.of("addresses[type eq \"work\"]",
                        new PatchPath(attr("addresses"), cmp("type", EQ, "work"), null)),
                Arguments.of("members[value eq \"" + MEMBER + "\"]",
                        new PatchPath(attr("members"), cmp("value", EQ, MEMBER), null)),
                Arguments.of("members[value eq \"" + MEMBER + "\"].displayName",
                        new PatchPath(attr("members"), cmp("value", EQ, MEMBER), "displayName")),
                Arguments.of("emails[type eq \"work\" and value ew \"example.com\"]",
                        new PatchPath(attr("emails"), and(cmp("type", EQ, "work"), cmp("value", EW, "example.com")), null)),
                Arguments.of("emails[type eq \"work\"].value",
                        new PatchPath(attr("emails"), cmp("type", EQ, "work"), "value")),
                Arguments.of("addresses[type eq \"work\"].streetAddress",
                        new PatchPath(attr("addresses"), cmp("type", EQ, "work"), "streetAddress")),
                Arguments.of("members.$ref", new PatchPath(attr("members", "$ref"), null, null)),
                Arguments.of(ENTERPRISE_USER + ":employeeNumber",
                        new PatchPath(urn(ENTERPRISE_USER, "employeeNumber", null), null, null)),
                Arguments.of(ENTERPRISE_USER + ":manager.value",
                        new PatchPath(urn(ENTERPRISE_USER, "manager", "value"), null, null)),
                // An extension root: the parser cannot know the schemas, so the last URN segment is the
                // attribute and the app resolves fullName() against its registered schemas.
                Arguments.of(ENTERPRISE_USER, new PatchPath(
                        urn("urn:ietf:params:scim:schemas:extension:enterprise:2.0", "User", null), null, null)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("paths")
    void parsesToTheExpectedPath(String text, PatchPath expected) {
        PatchPath path = ScimFilters.parsePath(text);

        assertThat(path).isEqualTo(expected);
        assertThat(ScimFilters.parsePath(path.toString())).isEqualTo(expected);
    }

    @Test
    void extensionRootKeepsItsFullName() {
        assertThat(ScimFilters.parsePath(ENTERPRISE_USER).attribute().fullName()).isEqualTo(ENTERPRISE_USER);
    }

    @Test
    void canonicalTextOfAValuePathWithSubAttribute() {
        assertThat(ScimFilters.parsePath("emails[type EQ \"work\" AND primary eq true].value"))
                .hasToString("emails[(type eq \"work\") and (primary eq true)].value");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "empty path", 1),
                Arguments.of("  ", "empty path", 1),
                Arguments.of(null, "empty path", 1),
                Arguments.of("members eq \"x\"", "unexpected 'eq' at column 9 after a complete path", 9),
                Arguments.of("emails[type eq \"work\"].", "expected a sub-attribute name at column 24 after '.'", 24),
                Arguments.of("emails[type eq \"work\"].value.display", "invalid sub-attribute 'value.display' at column 24", 24),
                Arguments.of("emails[type eq \"work\"]value", "unexpected 'value' at column 23 after a complete path", 23),
                Arguments.of("emails[type eq \"work\"", "unbalanced bracket: '[' at column 7 is never closed", 7),
                Arguments.of("emails[]", "expected an attribute path, '(' or 'not' at column 8 after '['", 8),
                Arguments.of("emails[type[value eq 1]]", "nested value paths are not allowed (column 8)", 8),
                Arguments.of("emails[type eq work]", "value 'work' at column 16 is not a JSON literal", 16),
                Arguments.of("name.", "invalid attribute path 'name.' at column 1", 1),
                Arguments.of("\"members\"", "expected an attribute path at column 1, found '\"members\"'", 1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedPathsAreRejected(String text, String message, int column) {
        assertThatExceptionOfType(FilterParseException.class)
                .isThrownBy(() -> ScimFilters.parsePath(text))
                .withMessageContaining(message)
                .satisfies(e -> assertThat(e.column()).isEqualTo(column));
    }
}
