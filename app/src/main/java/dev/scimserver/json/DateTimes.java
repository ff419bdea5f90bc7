package dev.scimserver.json;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Reads xsd:dateTime values (RFC 7643 §2.3.5) as epoch milliseconds. The shape servers and identity
 * providers write, {@code 2024-01-31T12:00:00[.fraction](Z|±hh:mm)}, is read by hand; anything else
 * goes to {@link OffsetDateTime#parse}, which also decides what is invalid. Every stored resource
 * is placed by its {@code meta.created}, and the JDK's formatter took a tenth of a restore.
 */
public final class DateTimes {
    private DateTimes() {
    }

    /** The instant of {@code text} in epoch milliseconds (fractions below a millisecond dropped). */
    public static long epochMillis(String text) {
        long millis = fastEpochMillis(text);
        return millis != Long.MIN_VALUE ? millis : OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }

    /** The common shape read by hand, or {@link Long#MIN_VALUE} when {@code text} is not in it. */
    private static long fastEpochMillis(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return Long.MIN_VALUE;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE; // the JDK's parser gives the message
        }
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return seconds * 1_000 + millis;
    }

    /** The number in {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
