package dev.scimserver.store.kit;

import dev.scimserver.schema.SchemaRegistry;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * The filters, sorts and pages obligation 5 of {@link BackendContract} runs over {@link SearchData},
 * as a client sends them (the filter text of {@code ?filter=}). Each answer is checked against the
 * in-memory reference, so the corpus says what is asked, not what comes back.
 */
public final class SearchCorpus {
    private static final String EXT = SchemaRegistry.ENTERPRISE_USER;

    private SearchCorpus() {
    }

    public static Stream<String> userFilters() {
        return Stream.of(
                // strings compare case-insensitively (caseExact false), with every operator
                "userName eq \"bjensen\"", "USERNAME eq \"BJENSEN\"", "userName eq \"ärger\"", "userName eq \"ÄRGER\"",
                "userName ne \"bjensen\"", "userName co \"ER1\"", "userName sw \"user0\"", "userName ew \".ü\"",
                "userName gt \"user150\"", "userName ge \"user150\"", "userName lt \"jsmith\"", "userName le \"jsmith\"",
                "userName gt \"z\"", "userName eq \"o'brien\"", "displayName eq \"babs jensen\"", "displayName co \"\\\"the great\\\"\"",
                "displayName sw \"display\"", "displayName pr", "name.familyName eq \"müller\"", "name.familyName sw \"M\"",
                "name.familyName lt \"n\"", "name.givenName co \"AN\"", "name.formatted pr", "title eq \"tour guide\"",
                "title eq \"STRASSE\"", "title ne \"Engineer\"", "title sw \"engineer \"", "nickName pr", "nickName ne \"babs\"",
                // caseExact: id and externalId
                "id eq \"u-boss\"", "id eq \"U-BOSS\"", "id sw \"G-\"", "id sw \"g-\"", "id gt \"g-100\"", "id lt \"U\"",
                "externalId eq \"X-3\"", "externalId eq \"x-3\"", "externalId co \"-\"", "externalId ne \"Ext-1\"",
                // booleans
                "active eq true", "active eq false", "active ne true", "not (active eq true)", "emails.primary eq true",
                // dateTimes compare in time, across zones; co/sw on their text
                "meta.lastModified gt \"2024-03-10T00:00:00Z\"", "meta.lastModified ge \"2024-03-05T12:00:00+02:00\"",
                "meta.lastModified lt \"2024-03-08T00:00:00.000Z\"", "meta.lastModified le \"2024-03-10T05:00:00Z\"",
                "meta.lastModified eq \"2024-05-01T12:00:00Z\"", "meta.lastModified eq \"2024-03-10T00:00:00-05:00\"",
                "meta.lastModified ne \"2024-05-01T12:00:00Z\"", "meta.lastModified sw \"2024-03-1\"",
                "meta.created ge \"2024-03-01T10:01:00Z\"", "meta.created lt \"2024-03-01T10:00:10Z\"",
                "meta.created gt \"2024-03-01T10:02:00.500Z\" and meta.created le \"2024-03-01T10:02:30Z\"",
                "meta.resourceType eq \"User\"", "meta.version sw \"W/\"",
                // multi-valued: any value matches; a complex attribute named alone compares its value
                "emails eq \"bjensen@example.com\"", "emails.value eq \"JSMITH@EXAMPLE.COM\"", "emails.value co \"example.org\"",
                "emails.value ew \".com\"", "emails.value sw \"u1\"", "emails.value ne \"bjensen@example.com\"",
                "emails.type eq \"work\"", "emails.type ne \"work\"", "emails pr", "not (emails pr)",
                "emails.type eq \"work\" and emails.value co \"home\"", "phoneNumbers.value sw \"+49\"", "phoneNumbers pr",
                "addresses.locality eq \"zürich\"", "addresses.locality eq \"SÃO PAULO\"", "addresses.postalCode gt \"5\"",
                "roles.value eq \"AUDITOR\"",
                // value paths: one element satisfies the whole inner filter
                "emails[type eq \"work\" and value co \"example.com\"]", "emails[type eq \"work\" and primary eq true]",
                "emails[type eq \"home\" or primary eq true]", "emails[not (type eq \"work\")]", "emails[value ew \".org\"]",
                "emails[value co \"x\"] and emails[type eq \"home\"]", "not (emails[type eq \"work\"])",
                "addresses[locality sw \"hol\" and type eq \"work\"]", "name[givenName eq \"anna\" and familyName pr]",
                EXT + ":manager[value eq \"u-boss\"]",
                // absent attributes match no comparison; their negation matches
                "nickName eq \"x\"", "not (nickName eq \"x\")", "profileUrl pr", "title eq null", "not (title pr)",
                // and, or, not, nested
                "userName sw \"user\" and active eq true", "userName sw \"user\" and (active eq true or title pr)",
                "not (userName sw \"user\") or emails[primary eq true]", "not (not (active eq false))",
                "(title pr or nickName pr) and not (active eq true) and userType eq \"employee\"",
                "userType eq \"Employee\" or userType eq \"Contractor\" or id eq \"u-wild\"",
                "not (userType eq \"Employee\" or active pr)",
                // the enterprise extension by its URN, and the core schema's URN
                EXT + ":employeeNumber eq \"701984\"", EXT + ":employeeNumber gt \"5\"", EXT + ":department eq \"sales\"",
                EXT + ":manager.value eq \"U-BOSS\"", "not (" + EXT + ":employeeNumber pr)", EXT + ":department pr",
                SchemaRegistry.USER + ":userName sw \"b\"",
                // LIKE wildcards and backslashes are literal
                "userName co \"%_\"", "userName co \"%\"", "userName sw \"50%_off\\\\s\"", "title co \"_\"",
                "emails.value sw \"under_\"", "displayName ew \"%\"");
    }

    public static Stream<String> groupFilters() {
        return Stream.of("members.value eq \"u-boss\"", "members.value eq \"U-BOSS\"", "members eq \"ä-umlaut\"",
                "members.value eq \"Ä-UMLAUT\"", "members.value eq \"grp-admins\"", "members.value sw \"u-\"",
                "members.value ne \"u-boss\"", "members.type eq \"group\"", "members.type ne \"User\"",
                "members.display eq \"babs jensen\"", "members.display co \"%\"", "members.display pr",
                "not (members.display pr)", "members pr", "not (members pr)",
                "members[value eq \"u-bjensen\" and display eq \"BABS JENSEN\"]", "members[value eq \"u-boss\" and display pr]",
                "members[not (display pr)]", "members[type eq \"Group\" or display eq \"😀smile\"]",
                "displayName eq \"admins\" or members.value eq \"u-wild\"", "displayName co \"%\"", "displayName sw \"n\"",
                "id lt \"grp-m\"", "meta.created gt \"2024-03-01T10:16:45Z\"", SchemaRegistry.GROUP + ":members.value eq \"u-emoji\"");
    }

    /** sortBy and sortOrder: strings (caseExact and not), a dateTime, a boolean, multi-valued attributes, the extension. */
    public static Stream<Arguments> userSorts() {
        return Stream.of("userName", "name.familyName", "displayName", "title", "externalId", "id", "active",
                        "meta.lastModified", "meta.created", "emails.value", "emails.type", "emails", "phoneNumbers.value",
                        "addresses.locality", EXT + ":employeeNumber")
                .flatMap(sortBy -> Stream.of(Arguments.of(sortBy, "ascending"), Arguments.of(sortBy, "descending")));
    }

    public static Stream<Arguments> groupSorts() {
        return Stream.of(Arguments.of("displayName", "ascending"), Arguments.of("displayName", "descending"),
                Arguments.of("members.value", "ascending"), Arguments.of("members.display", "descending"),
                Arguments.of("meta.created", "descending"));
    }

    /** startIndex and count (null: none given, so the server's limit): first, middle, last and past-the-end pages. */
    public static Stream<Arguments> pages() {
        return Stream.of(Arguments.of(1, null), Arguments.of(1, 0), Arguments.of(1, 1), Arguments.of(1, 10),
                Arguments.of(11, 10), Arguments.of(95, 13), Arguments.of(193, 10), Arguments.of(198, 50),
                Arguments.of(199, 5), Arguments.of(500, 10), Arguments.of(2, 3));
    }
}
