package org.simgate.security.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The audit line's time, {@code 2026-11-24T09:01:12.345678Z} (UTC, microseconds), written without
 * a formatter per line: the date and time up to the second are formatted once a second and
 * shared, the microseconds appended as digits.
 */
final class AuditClock {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** The second last formatted and its text; replaced whole, so a reader sees a matching pair. */
    private record Formatted(long epochSecond, String text) {
    }

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private AuditClock() {
    }

    static void appendNow(StringBuilder line) {
        append(line, Instant.now());
    }

    static void append(StringBuilder line, Instant now) {
        long second = now.getEpochSecond();
        Formatted formatted = last;
        if (formatted.epochSecond() != second) {
            formatted = new Formatted(second, SECOND.format(now));
            last = formatted;
        }
        int micros = now.getNano() / 1_000;
        line.append(formatted.text()).append('.');
        for (int digit = 100_000; digit > 0; digit /= 10) {
            line.append((char) ('0' + micros / digit % 10));
        }
        line.append('Z');
    }
}
