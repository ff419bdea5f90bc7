package dev.scimserver.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ETagsTest {
    private static final String VERSION = "W/\"3694e05e9dff590\"";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(null, VERSION, false),
                Arguments.of("", VERSION, false),
                Arguments.of(" ", VERSION, false),
                Arguments.of(VERSION, VERSION, true),
                Arguments.of("\"3694e05e9dff590\"", VERSION, true),          // strong header, weak version
                Arguments.of(VERSION, "\"3694e05e9dff590\"", true),          // weak header, strong version
                Arguments.of("\"3694e05e9dff590\"", "\"3694e05e9dff590\"", true),
                Arguments.of("  " + VERSION + "  ", VERSION, true),
                Arguments.of("w/\"3694e05e9dff590\"", VERSION, true),
                Arguments.of("W/\"3694e05e9dff591\"", VERSION, false),
                Arguments.of("W/\"3694E05E9DFF590\"", VERSION, false),       // opaque tags compare exactly
                Arguments.of("3694e05e9dff590", VERSION, false),             // unquoted is not the same tag
                Arguments.of("W/\"a\", " + VERSION, VERSION, true),
                Arguments.of("W/\"a\",W/\"b\"", VERSION, false),
                Arguments.of("W/\"a\", , \"3694e05e9dff590\"", VERSION, true),
                Arguments.of("*", VERSION, true),
                Arguments.of(" * ", VERSION, true),
                Arguments.of("W/\"a\", *", VERSION, true),
                Arguments.of("*", null, true),
                Arguments.of(VERSION, null, false));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource("cases")
    void matches(String header, String version, boolean expected) {
        assertThat(ETags.matches(header, version)).isEqualTo(expected);
    }
}
