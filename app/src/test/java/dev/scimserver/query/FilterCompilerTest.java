package dev.scimserver.query;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterCompilerTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.defaults();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    /** A stored User as the server keeps it. */
    private static final JsonObject BJENSEN = json("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223-7f76-453a-919d-413861904646","externalId":"Ext-1","userName":"BJensen",
             "name":{"familyName":"Jensen","givenName":"Barbara"},"title":"Tour Guide","userType":"Employee","active":true,
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
             "x509Certificates":[{"value":"TUlJRA=="}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"26118915"}},
             "meta":{"resourceType":"User","created":"2011-08-01T18:29:49.793Z","lastModified":"2011-08-01T18:29:49.793Z","version":"W/\\"a\\""}}
            """);

    static Stream<Arguments> cases() {
        return Stream.of(
                // strings: case-insensitive unless caseExact
                Arguments.of("userName eq \"bjensen\"", true),
                Arguments.of("USERNAME EQ \"BJENSEN\"", true),
                Arguments.of("userName ne \"bjensen\"", false),
                Arguments.of("userName co \"jen\"", true),
                Arguments.of("userName sw \"bj\"", true),
                Arguments.of("userName ew \"SEN\"", true),
                Arguments.of("userName gt \"a\"", true),
                Arguments.of("userName lt \"a\"", false),
                Arguments.of("id eq \"2819C223-7F76-453A-919D-413861904646\"", false), // id is caseExact
                Arguments.of("externalId eq \"Ext-1\"", true),
                Arguments.of("externalId eq \"ext-1\"", false), // externalId is caseExact
                Arguments.of("name.familyName eq \"jensen\"", true),
                Arguments.of("title pr", true),
                Arguments.of("nickName pr", false),
                Arguments.of("nickName eq \"x\"", false),
                Arguments.of("nickName ne \"x\"", false), // absent never matches a comparison
                Arguments.of("not (nickName eq \"x\")", true),
                Arguments.of("not (userName eq \"bjensen\")", false),
                // multi-valued: any value
                Arguments.of("emails.value eq \"babs@jensen.org\"", true),
                Arguments.of("emails eq \"bjensen@example.com\"", true),
                Arguments.of("emails.type eq \"other\"", false),
                Arguments.of("emails[type eq \"work\" and value co \"@example.com\"]", true),
                Arguments.of("emails[type eq \"home\" and value co \"@example.com\"]", false),
                Arguments.of("emails[primary eq true]", true),
                Arguments.of("emails pr", true),
                Arguments.of("phoneNumbers pr", false),
                // logic and precedence
                Arguments.of("userName eq \"x\" or title pr and userType eq \"Employee\"", true),
                Arguments.of("(userName eq \"x\" or title pr) and userType eq \"Contractor\"", false),
                // booleans, dates, numbers, extensions
                Arguments.of("active eq true", true),
                Arguments.of("active ne true", false),
                Arguments.of("meta.lastModified gt \"2011-05-13T04:42:34Z\"", true),
                Arguments.of("meta.lastModified lt \"2011-08-01T20:29:49.793+02:00\"", false),
                Arguments.of("meta.lastModified eq \"2011-08-01T20:29:49.793+02:00\"", true),
                Arguments.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"", true),
                Arguments.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915\"", true),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"B\"", true),
                Arguments.of("x509Certificates.value eq \"TUlJRA==\"", true));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cases")
    void evaluates(String filter, boolean expected) {
        assertThat(FilterCompiler.compile(ScimFilters.parseFilter(filter), USER).predicate().test(BJENSEN)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("nope eq \"x\"", "Unknown attribute 'nope'"),
                Arguments.of("name.nope eq \"x\"", "Unknown attribute"),
                Arguments.of("password eq \"secret\"", "never returned"),
                Arguments.of("active gt true", "boolean"),
                Arguments.of("active eq \"maybe\"", "boolean"),
                Arguments.of("x509Certificates.value gt \"A\"", "binary"),
                Arguments.of("userName eq 5", "quoted string"),
                Arguments.of("meta.created gt \"yesterday\"", "not a dateTime"),
                Arguments.of("name eq \"x\"", "complex"),
                Arguments.of("emails[nope eq \"x\"]", "no sub-attribute 'nope'"),
                Arguments.of("title[value eq \"x\"]", "complex attribute"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithInvalidFilter(String filter, String detail) {
        assertThatThrownBy(() -> FilterCompiler.compile(ScimFilters.parseFilter(filter), USER))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                    assertThat(e.detail()).contains(detail);
                });
    }

    @Test
    void acrossTypesAnUnknownAttributeMatchesNothing() {
        JsonObject group = json("{\"id\":\"g\",\"displayName\":\"Admins\"}");
        CompiledFilter compiled = FilterCompiler.compileAcrossTypes(ScimFilters.parseFilter("userName eq \"x\" or displayName eq \"admins\""), GROUP);
        assertThat(compiled.predicate().test(group)).isTrue();
    }

    @Test
    void equalitiesJoinedByAndBecomeIndexHints() {
        CompiledFilter compiled = FilterCompiler.compile(ScimFilters.parseFilter(
                "userName eq \"BJensen\" and (title pr or active eq true) and emails[type eq \"work\" and value eq \"A@B.C\"]"), USER);
        assertThat(compiled.hints()).containsExactlyInAnyOrder(
                new IndexHint("username", "bjensen"),
                new IndexHint("emails.type", "work"),
                new IndexHint("emails.value", "a@b.c"));
        assertThat(FilterCompiler.compile(ScimFilters.parseFilter("userName eq \"a\" or title eq \"b\""), USER).hints()).isEmpty();
        assertThat(FilterCompiler.compile(ScimFilters.parseFilter("members.value eq \"ABC\""), GROUP).hints())
                .containsExactly(new IndexHint("members.value", "abc")); // RFC 7643 makes members.value case-insensitive
    }

    @Test
    void longOrChainsDoNotRecursePerOperand() {
        String filter = String.join(" or ", java.util.Collections.nCopies(600, "title pr"));
        assertThat(FilterCompiler.compile(ScimFilters.parseFilter(filter), USER).predicate().test(BJENSEN)).isTrue();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
