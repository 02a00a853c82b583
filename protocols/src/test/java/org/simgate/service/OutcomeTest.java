package org.simgate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary each wire had before it was one table: REST status and Retry-After (DESIGN.md),
 * line code (foxyproxy's C0xx), metric and dashboard label (docs/operations.md), REST audit word
 * (docs/security.md) and admin audit word (docs/operations.md). A row that changes here changes a wire.
 */
class OutcomeTest {

    private record Row(SlotException.Kind kind, int status, boolean retryAfter, String lineCode, String metricLabel,
                       String auditWord, String adminAuditWord) {
    }

    private static final Row[] SLOT_FAILURES = {
        new Row(SlotException.Kind.NO_SUCH_SLOT, 404, false, "C083", "internal", "no-such-slot", "no_such_slot"),
        new Row(SlotException.Kind.NO_CARD, 410, false, "C080", "no_card", "no-card", "no_card"),
        new Row(SlotException.Kind.BUSY, 503, true, "C090", "busy", "busy", "busy"),
        new Row(SlotException.Kind.OUT_OF_SERVICE, 503, true, "C090", "out_of_service", "out-of-service",
                "out_of_service"),
        new Row(SlotException.Kind.TRANSPORT_DOWN, 503, true, "C090", "transport_down", "transport-down",
                "transport_down"),
        new Row(SlotException.Kind.TIMEOUT, 504, false, "C090", "timeout", "timeout", "timeout"),
        new Row(SlotException.Kind.FORBIDDEN, 403, false, "C081", "forbidden", "forbidden", "forbidden"),
        new Row(SlotException.Kind.BAD_REQUEST, 400, false, "C084", "bad_request", "bad-request", "bad_request"),
        new Row(SlotException.Kind.CARD_PROTOCOL, 502, false, "C090", "card_protocol", "card-protocol",
                "card_protocol"),
        new Row(SlotException.Kind.INTERNAL, 500, false, "C090", "internal", "internal", "internal"),
    };

    @Test
    void everySlotFailureSaysOnEachWireWhatItSaidBefore() {
        assertEquals(SlotException.Kind.values().length, SLOT_FAILURES.length, "a kind without a row");
        for (Row row : SLOT_FAILURES) {
            Outcome outcome = Outcome.of(row.kind());
            String what = row.kind().name();
            assertEquals(row.status(), outcome.httpStatus(), what);
            assertEquals(row.retryAfter(), outcome.retryAfter(), what);
            assertEquals(row.lineCode(), outcome.lineCode(), what);
            assertEquals(row.metricLabel(), outcome.metricLabel(), what);
            assertEquals(row.metricLabel(), outcome.dashboardLabel(), what);
            assertEquals(row.auditWord(), outcome.auditWord(), what);
            assertEquals(row.adminAuditWord(), outcome.adminAuditWord(), what);
            assertSame(outcome, Outcome.ofFailure(new SlotException(row.kind(), "x")), what);
        }
    }

    @Test
    void aCardsRefusalIsA200WithItsOwnLabelAndNoLineCode() {
        assertAnswer(new AuthResult.SyncFailure(new byte[14]), Outcome.SYNC_FAILURE, "sync_failure", "sync-failure");
        assertAnswer(new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC), Outcome.MAC_FAILURE,
                "mac_failure", "rejected");
        assertAnswer(new AuthResult.Rejected(0x9864, AuthResult.Reason.CONTEXT_NOT_SUPPORTED),
                Outcome.CONTEXT_NOT_SUPPORTED, "card_error", "rejected");
        assertAnswer(new AuthResult.Rejected(0x9865, AuthResult.Reason.KEY_FRESHNESS_FAILURE),
                Outcome.KEY_FRESHNESS_FAILURE, "card_error", "rejected");
        assertAnswer(new AuthResult.Rejected(0x6f00, AuthResult.Reason.CARD_ERROR), Outcome.CARD_ERROR, "card_error",
                "rejected");
        assertAnswer(new AuthResult.Rejected(0x6f00, null), Outcome.CARD_ERROR, "card_error", "rejected");
        assertAnswer(new AuthResult.Success(new byte[8], new byte[16], new byte[16], null), Outcome.SUCCESS, "success",
                "ok");
        assertAnswer(new CardInfo("001010000000001", null, null, null), Outcome.SUCCESS, "success", "ok");
    }

    private static void assertAnswer(Object answer, Outcome expected, String metricLabel, String auditWord) {
        Outcome outcome = Outcome.of(answer, null);
        assertSame(expected, outcome);
        assertEquals(200, outcome.httpStatus());
        assertNull(outcome.lineCode());
        assertEquals(metricLabel, outcome.metricLabel());
        assertEquals(auditWord, outcome.auditWord());
    }

    @Test
    void aFailureIsFoundUnderTheFuturesWrappers() {
        SlotException busy = new SlotException(SlotException.Kind.BUSY, "slot 1 is busy");
        Throwable wrapped = new CompletionException(new ExecutionException(busy));
        assertSame(busy, Outcome.cause(wrapped));
        assertSame(Outcome.BUSY, Outcome.of(null, wrapped));
        assertSame(Outcome.INTERNAL, Outcome.of(null, new CompletionException(new IllegalStateException("bug"))));
        assertSame(Outcome.INTERNAL, Outcome.of(null, new SlotException(null, "no kind")));
        CompletionException empty = new CompletionException((Throwable) null);
        assertSame(empty, Outcome.cause(empty), "a wrapper without a cause is what failed");
    }
}
