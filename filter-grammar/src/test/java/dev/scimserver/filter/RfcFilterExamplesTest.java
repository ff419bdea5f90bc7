package dev.scimserver.filter;

import static dev.scimserver.filter.CompareOperator.CO;
import static dev.scimserver.filter.CompareOperator.EQ;
import static dev.scimserver.filter.CompareOperator.GE;
import static dev.scimserver.filter.CompareOperator.GT;
import static dev.scimserver.filter.CompareOperator.LE;
import static dev.scimserver.filter.CompareOperator.LT;
import static dev.scimserver.filter.CompareOperator.NE;
import static dev.scimserver.filter.CompareOperator.SW;
import static dev.scimserver.filter.Trees.CORE_USER;
import static dev.scimserver.filter.Trees.and;
import static dev.scimserver.filter.Trees.attr;
import static dev.scimserver.filter.Trees.cmp;
import static dev.scimserver.filter.Trees.not;
import static dev.scimserver.filter.Trees.or;
import static dev.scimserver.filter.Trees.pr;
import static dev.scimserver.filter.Trees.str;
import static dev.scimserver.filter.Trees.urn;
import static dev.scimserver.filter.Trees.valuePath;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example filter of RFC 7644 §3.4.2.2, with the tree it must produce. */
class RfcFilterExamplesTest {

    static Stream<Arguments> examples() {
        String lastModified = "2011-05-13T04:42:34Z";
        return Stream.of(
                Arguments.of("userName eq \"bjensen\"", cmp("userName", EQ, "bjensen")),
                Arguments.of("name.familyName co \"O'Malley\"", cmp(attr("name", "familyName"), CO, str("O'Malley"))),
                Arguments.of("userName sw \"J\"", cmp("userName", SW, "J")),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                        cmp(urn(CORE_USER, "userName", null), SW, str("J"))),
                Arguments.of("title pr", pr("title")),
                Arguments.of("meta.lastModified gt \"2011-05-13T04:42:34Z\"",
                        cmp(attr("meta", "lastModified"), GT, str(lastModified))),
                Arguments.of("meta.lastModified ge \"2011-05-13T04:42:34Z\"",
                        cmp(attr("meta", "lastModified"), GE, str(lastModified))),
                Arguments.of("meta.lastModified lt \"2011-05-13T04:42:34Z\"",
                        cmp(attr("meta", "lastModified"), LT, str(lastModified))),
                Arguments.of("meta.lastModified le \"2011-05-13T04:42:34Z\"",
                        cmp(attr("meta", "lastModified"), LE, str(lastModified))),
                Arguments.of("title pr and userType eq \"Employee\"",
                        and(pr("title"), cmp("userType", EQ, "Employee"))),
                Arguments.of("title pr or userType eq \"Intern\"",
                        or(pr("title"), cmp("userType", EQ, "Intern"))),
                Arguments.of("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                        cmp("schemas", EQ, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")),
                Arguments.of("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(cmp("userType", EQ, "Employee"),
                                or(cmp("emails", CO, "example.com"),
                                        cmp(attr("emails", "value"), CO, str("example.org"))))),
                Arguments.of("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(cmp("userType", NE, "Employee"),
                                not(or(cmp("emails", CO, "example.com"),
                                        cmp(attr("emails", "value"), CO, str("example.org")))))),
                Arguments.of("userType eq \"Employee\" and (emails.type eq \"work\")",
                        and(cmp("userType", EQ, "Employee"), cmp(attr("emails", "type"), EQ, str("work")))),
                Arguments.of("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                        and(cmp("userType", EQ, "Employee"),
                                valuePath("emails", and(cmp("type", EQ, "work"), cmp("value", CO, "@example.com"))))),
                Arguments.of("emails[type eq \"work\" and value co \"@example.com\"] or "
                                + "ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                        or(valuePath("emails", and(cmp("type", EQ, "work"), cmp("value", CO, "@example.com"))),
                                valuePath("ims", and(cmp("type", EQ, "xmpp"), cmp("value", CO, "@foo.com"))))),
                // §3.4.2.2 on case-insensitivity: these two must be equivalent (names keep their spelling).
                Arguments.of("userName Eq \"john\"", cmp("userName", EQ, "john")),
                Arguments.of("Username eq \"john\"", cmp("Username", EQ, "john")),
                // The RFC prints long examples across lines; a line break is whitespace.
                Arguments.of("userType eq \"Employee\" and emails[type eq \"work\" and\n  value co \"@example.com\"]",
                        and(cmp("userType", EQ, "Employee"),
                                valuePath("emails", and(cmp("type", EQ, "work"), cmp("value", CO, "@example.com"))))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("examples")
    void parsesToTheExpectedTree(String text, Filter expected) {
        assertThat(ScimFilters.parseFilter(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("examples")
    void lenientModeAgreesOnValidFilters(String text, Filter expected) {
        assertThat(ScimFilters.parseFilterLenient(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("examples")
    void canonicalTextParsesBackToTheSameTree(String text, Filter expected) {
        assertThat(ScimFilters.parseFilter(expected.toString())).isEqualTo(expected);
    }
}
