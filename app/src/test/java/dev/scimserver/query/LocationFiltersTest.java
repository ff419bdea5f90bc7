package dev.scimserver.query;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.filter.Value;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocationFiltersTest {
    private static final ResourceType USER = SchemaRegistry.defaults().resourceType("User");
    private static final String P = "http://h/v2/Users/";
    private static final String ID = "2819c223-7f76";
    private static final String L = P + ID;
    private static final AttributePath LOCATION = AttributePath.of("meta", "location");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("meta.location pr", true),
                Arguments.of("META.Location pr", true),
                Arguments.of("not (meta.location pr)", false),
                // eq / ne
                Arguments.of("meta.location eq \"" + L + "\"", true),
                Arguments.of("META.LOCATION eq \"" + L + "\"", true),
                Arguments.of("meta.location eq \"" + L.toUpperCase(Locale.ROOT) + "\"", false), // caseExact
                Arguments.of("meta.location eq \"" + L + "x\"", false),
                Arguments.of("meta.location eq \"" + P + "\"", false), // the id is never empty
                Arguments.of("meta.location eq \"" + P + "2819c223\"", false),
                Arguments.of("meta.location eq \"\"", false),
                Arguments.of("meta.location eq \"" + ID + "\"", false),
                Arguments.of("meta.location ne \"" + L + "\"", false),
                Arguments.of("meta.location ne \"" + P + "\"", true),
                Arguments.of("meta.location ne \"\"", true),
                // sw
                Arguments.of("meta.location sw \"\"", true),
                Arguments.of("meta.location sw \"http\"", true),
                Arguments.of("meta.location sw \"" + P + "\"", true),
                Arguments.of("meta.location sw \"" + P + "2819\"", true),
                Arguments.of("meta.location sw \"" + L + "\"", true),
                Arguments.of("meta.location sw \"" + L + "0\"", false), // longer than L
                Arguments.of("meta.location sw \"" + P + "x\"", false),
                Arguments.of("meta.location sw \"https\"", false),
                Arguments.of("meta.location sw \"Users\"", false),
                // ew
                Arguments.of("meta.location ew \"\"", true),
                Arguments.of("meta.location ew \"7f76\"", true),
                Arguments.of("meta.location ew \"/" + ID + "\"", true), // spans the prefix's end
                Arguments.of("meta.location ew \"Users/" + ID + "\"", true),
                Arguments.of("meta.location ew \"" + L + "\"", true),
                Arguments.of("meta.location ew \"x" + L + "\"", false), // longer than L
                Arguments.of("meta.location ew \"" + P + "\"", false), // a suffix of P, but the id follows
                Arguments.of("meta.location ew \"/\"", false),
                Arguments.of("meta.location ew \"Users/\"", false),
                Arguments.of("meta.location ew \"Users/7f76\"", false),
                // co
                Arguments.of("meta.location co \"\"", true),
                Arguments.of("meta.location co \"Users\"", true),
                Arguments.of("meta.location co \"" + P + "\"", true),
                Arguments.of("meta.location co \"Users/28\"", true), // spans the prefix's end and the id's start
                Arguments.of("meta.location co \"s/2819c\"", true),
                Arguments.of("meta.location co \"c223-7f\"", true),
                Arguments.of("meta.location co \"" + L + "\"", true),
                Arguments.of("meta.location co \"" + L + "x\"", false),
                Arguments.of("meta.location co \"Users/29\"", false),
                Arguments.of("meta.location co \"Groups\"", false),
                Arguments.of("meta.location co \"users\"", false), // caseExact
                // gt / ge / lt / le
                Arguments.of("meta.location gt \"\"", true),
                Arguments.of("meta.location le \"\"", false),
                Arguments.of("meta.location gt \"" + P + "\"", true),
                Arguments.of("meta.location le \"" + P + "\"", false),
                Arguments.of("meta.location gt \"" + L + "\"", false),
                Arguments.of("meta.location ge \"" + L + "\"", true),
                Arguments.of("meta.location lt \"" + L + "\"", false),
                Arguments.of("meta.location le \"" + L + "\"", true),
                Arguments.of("meta.location lt \"" + L + "0\"", true), // longer than L
                Arguments.of("meta.location gt \"" + P + "3\"", false),
                Arguments.of("meta.location lt \"" + P + "3\"", true),
                Arguments.of("meta.location gt \"http://h/v2/Groups/zzz\"", true), // decided inside the prefix
                Arguments.of("meta.location lt \"http://h/v2/Zebra\"", true),
                Arguments.of("meta.location ge \"http://h/v2/Zebra\"", false),
                Arguments.of("meta.location gt \"http\"", true), // a proper prefix of P
                Arguments.of("meta.location le \"http\"", false),
                Arguments.of("meta.location lt \"i\"", true),
                Arguments.of("meta.location ge \"i\"", false),
                // meta[...] on the single-valued meta
                Arguments.of("meta[location sw \"http://h/\" and resourceType eq \"User\"]", true),
                Arguments.of("meta[location sw \"http://h/\" and resourceType eq \"Group\"]", false),
                Arguments.of("META[Location eq \"" + L + "\"]", true),
                Arguments.of("meta[location pr]", true),
                Arguments.of("meta[not (location co \"Groups\") or version eq \"x\"]", true),
                Arguments.of("meta[location eq \"x\"]", false),
                // mixed with other attributes
                Arguments.of("userName eq \"x\" and meta.location co \"Users/28\"", true),
                Arguments.of("userName eq \"y\" or meta.location co \"Groups\"", false));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cases")
    void matchesTheLocationAResponseShows(String text, boolean expected) {
        Filter rewritten = LocationFilters.rewrite(ScimFilters.parseFilter(text), P);
        assertThat(rewritten.toString().toLowerCase(Locale.ROOT)).doesNotContain("location").doesNotContain("[");
        assertThat(matches(rewritten, ID)).isEqualTo(expected);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("meta.location pr", "id pr"),
                Arguments.of("meta.location eq \"" + P + "abc\"", "id eq \"abc\""),
                Arguments.of("meta.location eq \"abc\"", "not (id pr)"),
                Arguments.of("meta.location ne \"" + P + "abc\"", "id ne \"abc\""),
                Arguments.of("meta.location sw \"http://h\"", "id pr"),
                Arguments.of("meta.location sw \"" + P + "ab\"", "id sw \"ab\""),
                Arguments.of("meta.location ew \"s/ab\"", "(id ew \"s/ab\") or (id eq \"ab\")"),
                Arguments.of("meta.location co \"s/ab\"", "(id co \"s/ab\") or (id sw \"ab\")"),
                Arguments.of("meta.location co \"v2\"", "id pr"),
                Arguments.of("meta.location gt \"" + P + "abc\"", "id gt \"abc\""),
                Arguments.of("meta.location lt \"http://h/v2/A\"", "not (id pr)"),
                Arguments.of("meta[location eq \"" + P + "a\" and version pr]", "(id eq \"a\") and (meta.version pr)"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("shapes")
    void rewritesToFiltersOnId(String text, String expected) {
        assertThat(LocationFilters.rewrite(ScimFilters.parseFilter(text), P).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untouched")
    void leavesOtherFiltersAsTheyAre(String text) {
        Filter filter = ScimFilters.parseFilter(text);
        assertThat(LocationFilters.rewrite(filter, P)).isSameAs(filter);
    }

    static Stream<String> untouched() {
        return Stream.of(
                "userName eq \"x\"",
                "meta.version pr and not (meta.resourceType eq \"User\")",
                "meta.location eq 5", // not a string: the compiler refuses it as before
                "meta.location eq null",
                "urn:ietf:params:scim:schemas:core:2.0:User:meta.location pr",
                "emails[type eq \"work\"]",
                "meta[version pr]",
                "meta[location eq \"x\" and nope eq \"y\"]"); // the compiler's error on 'nope' is kept
    }

    @Test
    void nonStringValuesStillGetTheCompilersError() {
        Filter filter = LocationFilters.rewrite(ScimFilters.parseFilter("meta.location eq 5"), P);
        assertThatThrownBy(() -> FilterCompiler.compile(filter, USER))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("quoted string"));
    }

    /** The rewritten filter, compiled and run on a stored body, agrees with the operator applied to P + id. */
    @Test
    void agreesWithComparingTheLocationItself() {
        Random random = new Random(20240531);
        int checked = 0;
        for (int round = 0; round < 250; round++) {
            String prefix = "http://" + pick(random, "h", "a", "s", "host.example") + pick(random, "", ":8080")
                    + pick(random, "/v2", "", "/scim/v2") + "/" + pick(random, "Users", "Groups", "ab", "s") + "/";
            String id = random.nextBoolean() ? new UUID(random.nextLong(), random.nextLong()).toString() : word(random, 1 + random.nextInt(4));
            String location = prefix + id;
            JsonObject body = body(id);
            for (int n = 0; n < 4; n++) {
                String value = value(random, prefix, id);
                for (CompareOperator op : CompareOperator.values()) {
                    boolean expected = direct(op, location, value);
                    Filter plain = new Filter.Compare(LOCATION, op, new Value.Str(value));
                    Filter bracketed = new Filter.ValuePath(AttributePath.of("meta"),
                            new Filter.Compare(AttributePath.of("location"), op, new Value.Str(value)));
                    assertThat(matches(LocationFilters.rewrite(plain, prefix), body))
                            .as("%s %s %s (id %s)", location, op.symbol(), value, id).isEqualTo(expected);
                    assertThat(matches(LocationFilters.rewrite(bracketed, prefix), body))
                            .as("meta[location %s %s] on %s", op.symbol(), value, location).isEqualTo(expected);
                    checked++;
                }
            }
            assertThat(matches(LocationFilters.rewrite(new Filter.Present(LOCATION), prefix), body)).isTrue();
        }
        assertThat(checked).isEqualTo(250 * 4 * CompareOperator.values().length);
    }

    @Test
    void longChainsDoNotRecursePerOperand() {
        Filter other = new Filter.Compare(AttributePath.of("userName"), CompareOperator.EQ, new Value.Str("y"));
        Filter location = new Filter.Compare(LOCATION, CompareOperator.CO, new Value.Str("Users/28"));
        Filter or = other;
        Filter and = other;
        for (int i = 1; i < 10_000; i++) {
            or = new Filter.Or(or, i == 5_000 ? location : other);
            and = new Filter.And(and, other);
        }
        Filter rewritten = LocationFilters.rewrite(or, P);
        assertThat(rewritten).isNotSameAs(or);
        assertThat(matches(rewritten, ID)).isTrue();
        assertThat(matches(rewritten, "3")).isFalse();
        assertThat(LocationFilters.rewrite(and, P)).isSameAs(and);
    }

    private static boolean matches(Filter filter, String id) {
        return matches(filter, body(id));
    }

    private static boolean matches(Filter filter, JsonObject body) {
        return FilterCompiler.compile(filter, USER).predicate().test(body);
    }

    /** A stored User: like every stored resource, its meta has no location. */
    private static JsonObject body(String id) {
        return Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaRegistry.USER))
                .add("id", id)
                .add("userName", "x")
                .add("meta", Json.createObjectBuilder().add("resourceType", "User")
                        .add("created", "2024-01-31T00:00:00Z").add("lastModified", "2024-01-31T00:00:00Z").add("version", "W/\"1\""))
                .build();
    }

    /** A value made of pieces of the prefix and the id, so that it often overlaps their boundary. */
    private static String value(Random random, String prefix, String id) {
        String location = prefix + id;
        return switch (random.nextInt(6)) {
            case 0 -> location.substring(random.nextInt(location.length() + 1)); // a suffix
            case 1 -> location.substring(0, random.nextInt(location.length() + 1)); // a prefix
            case 2 -> {
                int from = random.nextInt(location.length() + 1);
                yield location.substring(from, from + random.nextInt(location.length() - from + 1)); // a piece
            }
            case 3 -> prefix.substring(random.nextInt(prefix.length() + 1)) + word(random, random.nextInt(3));
            case 4 -> location.substring(0, random.nextInt(location.length() + 1)) + word(random, 1 + random.nextInt(2));
            default -> word(random, random.nextInt(3)) + location.substring(random.nextInt(location.length() + 1));
        };
    }

    private static String word(Random random, int length) {
        String alphabet = "ab/s0~"; // few letters, so that pieces overlap; '0' and '~' sort around the rest
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static boolean direct(CompareOperator op, String location, String value) {
        return switch (op) {
            case EQ -> location.equals(value);
            case NE -> !location.equals(value);
            case CO -> location.contains(value);
            case SW -> location.startsWith(value);
            case EW -> location.endsWith(value);
            case GT -> location.compareTo(value) > 0;
            case GE -> location.compareTo(value) >= 0;
            case LT -> location.compareTo(value) < 0;
            case LE -> location.compareTo(value) <= 0;
        };
    }
}
