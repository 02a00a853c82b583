package org.simgate.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditClockTest {

    private static String format(String instant) {
        StringBuilder line = new StringBuilder();
        AuditClock.append(line, Instant.parse(instant));
        return line.toString();
    }

    @Test
    void utcWithMicroseconds() {
        assertEquals("2026-11-24T09:01:12.345678Z", format("2026-11-24T09:01:12.345678901Z"));
        assertEquals("2026-11-24T09:01:12.000001Z", format("2026-11-24T09:01:12.000001Z"));
        assertEquals("2026-11-24T09:01:12.000000Z", format("2026-11-24T09:01:12Z"));
    }

    @Test
    void theNextSecondIsFormattedAfresh() {
        assertEquals("2026-11-24T09:01:12.500000Z", format("2026-11-24T09:01:12.5Z"));
        assertEquals("2026-11-24T09:01:13.000000Z", format("2026-11-24T09:01:13Z"));
        assertEquals("2026-12-31T23:59:59.999999Z", format("2026-12-31T23:59:59.999999Z"));
        assertEquals("2027-01-01T00:00:00.000000Z", format("2027-01-01T00:00:00Z"));
        assertEquals("2026-11-24T09:01:12.100000Z", format("2026-11-24T09:01:12.1Z"));
    }
}
