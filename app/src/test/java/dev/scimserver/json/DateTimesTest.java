package dev.scimserver.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateTimesTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "2024-01-31T12:00:00Z",
            "2024-01-31T12:00:00.1Z",
            "2024-01-31T12:00:00.12Z",
            "2024-01-31T12:00:00.123Z",
            "2024-01-31T12:00:00.123456789Z",
            "2024-02-29T23:59:59.999+01:00",
            "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00-14:00",
            "2026-11-29T08:50:27.123+05:30",
            "2024-01-31T12:00Z",
            "2024-01-31T12:00:00+01:00:30",
            "+12024-01-31T12:00:00Z",
            "2024-01-31T12:00:00.Z",
    })
    void readsEveryValidDateTimeAsTheJdkDoes(String text) {
        assertThat(DateTimes.epochMillis(text)).isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2023-02-29T12:00:00Z",
            "2024-13-01T12:00:00Z",
            "2024-01-31T24:00:00Z",
            "2024-01-31T12:60:00Z",
            "2024-01-31T12:00:00",
            "2024-01-31T12:00:00.1234567890Z",
            "2024-01-31T12:00:00+1:00",
            "2024-01-31T12:00:00+19:00",
            "2024-01-31 12:00:00Z",
            "２０２４-01-31T12:00:00Z",
    })
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> DateTimes.epochMillis(text)).isInstanceOf(DateTimeParseException.class);
    }
}
