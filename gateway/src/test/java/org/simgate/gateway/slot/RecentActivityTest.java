package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotActivity;
import org.simgate.service.SlotException;

class RecentActivityTest {
    /** 12:00:00.000 on some day, so seconds start on a bucket boundary. */
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final RecentActivity activity = new RecentActivity(now::get);

    private static final long MS = 1_000_000;

    private void later(long millis) {
        now.addAndGet(millis);
    }

    @Test
    void nothingYet() {
        SlotActivity nothing = activity.snapshot();
        assertNull(nothing.lastOutcome());
        assertEquals(0, nothing.lastOutcomeMillis());
        assertEquals(0, nothing.operationsPerSecond());
        assertTrue(Double.isNaN(nothing.p50Millis()));
        assertEquals(60, nothing.latencyTrend().length);
        assertFalse(nothing.busy());
    }

    @Test
    void aMinuteOfTrafficGivesRatesQuantilesAndATrend() {
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 98; i++) {
                activity.record("answer", null, 2 * MS);
                activity.authenticated();
            }
            activity.record("answer", null, 40 * MS);
            activity.record("answer", null, 40 * MS);
            later(1000);
        }
        SlotActivity minute = activity.snapshot();
        assertEquals(100, minute.operationsPerSecond(), 0.001);
        assertEquals(98, minute.authenticationsPerSecond(), 0.001);
        assertEquals(2, minute.p50Millis(), 2 * 0.1);
        assertEquals(40, minute.p99Millis(), 40 * 0.1);
        assertEquals(2, minute.latencyTrend()[0], 2 * 0.1);
        assertEquals(2, minute.latencyTrend()[59], 2 * 0.1);
        assertEquals("success", minute.lastOutcome());
    }

    @Test
    void theCurrentSecondWaitsAndAMinuteLaterAllIsForgotten() {
        activity.record("answer", null, 5 * MS);
        assertTrue(Double.isNaN(activity.snapshot().p50Millis()), "the second is not over yet");
        later(1000);
        SlotActivity after = activity.snapshot();
        assertEquals(5, after.p50Millis(), 0.5);
        assertEquals(5, after.latencyTrend()[59], 0.5);
        assertTrue(Double.isNaN(after.latencyTrend()[58]));
        later(60_000);
        SlotActivity forgotten = activity.snapshot();
        assertTrue(Double.isNaN(forgotten.p50Millis()));
        assertEquals(0, forgotten.operationsPerSecond());
        assertEquals("success", forgotten.lastOutcome(), "the last outcome stays until the next");
    }

    @Test
    void aYoungSlotIsMeasuredOverTheSecondsItHasLived() {
        for (int i = 0; i < 10; i++) {
            activity.record("answer", null, MS);
        }
        later(2000);
        assertEquals(5, activity.snapshot().operationsPerSecond(), 0.001);
    }

    @Test
    void outcomesAreTheMetricsLabels() {
        activity.record(new AuthResult.SyncFailure(new byte[14]), null, MS);
        assertEquals("sync_failure", activity.snapshot().lastOutcome());
        activity.record(new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC), null, MS);
        assertEquals("mac_failure", activity.snapshot().lastOutcome());
        activity.record(null, new CompletionException(new SlotException(SlotException.Kind.NO_CARD, "x")), MS);
        assertEquals("no_card", activity.snapshot().lastOutcome());
        activity.record(null, new IllegalStateException(), MS);
        assertEquals("internal", activity.snapshot().lastOutcome());
        assertEquals(now.get(), activity.snapshot().lastOutcomeMillis());
    }

    @Test
    void busyForTwoSecondsAfterAFullQueueRefused() {
        activity.record(null, new SlotException(SlotException.Kind.BUSY, "full"), 0);
        assertTrue(activity.snapshot().busy());
        later(1500);
        activity.record("answer", null, MS);
        assertTrue(activity.snapshot().busy());
        later(600);
        assertFalse(activity.snapshot().busy());
    }

    @Test
    void binsAreFourPerOctaveFromOneMicrosecond() {
        assertEquals(0, RecentActivity.bin(0));
        assertEquals(0, RecentActivity.bin(1_000));
        for (long micros : new long[] {3, 17, 250, 999, 1_000, 12_345, 2_000_000}) {
            double middle = RecentActivity.binMillis(RecentActivity.bin(micros * 1000)) * 1000;
            assertEquals(micros, middle, micros * 0.13, micros + " µs");
        }
        assertEquals(RecentActivity.bin(Long.MAX_VALUE), RecentActivity.bin(Long.MAX_VALUE / 2), "the last bin holds the rest");
    }
}
