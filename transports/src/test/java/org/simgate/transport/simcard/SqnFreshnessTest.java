package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TS 33.102 Annex C.3.2: SQN = SEQ ‖ IND, one highest SEQ per IND, and Δ against SEQ_MS (Annex C.2.2). */
class SqnFreshnessTest {
    private final SqnFreshness memory = new SqnFreshness(new long[32]);

    private static long sqn(long seq, int ind) {
        return (seq << 5) | ind;
    }

    @Test
    void aFreshCardAcceptsSeqOneAtAnyIndButNotSeqZero() {
        assertFalse(memory.isFresh(sqn(0, 0)));
        assertFalse(memory.isFresh(sqn(0, 31)));
        assertTrue(memory.isFresh(sqn(1, 0)));
        assertTrue(memory.isFresh(sqn(1, 31)));
        assertEquals(0, memory.highestAccepted());
    }

    @Test
    void eachIndRemembersItsOwnSeq() {
        memory.accept(sqn(5, 3));
        assertFalse(memory.isFresh(sqn(5, 3)), "replay");
        assertFalse(memory.isFresh(sqn(4, 3)), "older, same IND");
        assertTrue(memory.isFresh(sqn(4, 2)), "older SEQ, but unused IND: vectors used out of order");
        assertTrue(memory.isFresh(sqn(6, 3)));
        memory.accept(sqn(4, 2));
        assertFalse(memory.isFresh(sqn(4, 2)));
        assertEquals(sqn(5, 3), memory.highestAccepted(), "SQN_MS = SEQ_MS ‖ its IND");
    }

    @Test
    void aSeqMoreThanDeltaAheadOfSeqMsIsRefused() {
        memory.accept(sqn(100, 0));
        assertTrue(memory.isFresh(sqn(100 + SqnFreshness.DELTA, 1)));
        assertFalse(memory.isFresh(sqn(100 + SqnFreshness.DELTA + 1, 1)));
        memory.accept(sqn(100 + SqnFreshness.DELTA, 1));
        assertTrue(memory.isFresh(sqn(100 + 2 * SqnFreshness.DELTA, 2)), "Δ counts from the new SEQ_MS");
    }

    @Test
    void acceptingAnOlderSeqChangesNothing() {
        memory.accept(sqn(9, 1));
        assertEquals(-1, memory.accept(sqn(9, 1)));
        assertEquals(-1, memory.accept(sqn(2, 1)));
        assertEquals(sqn(9, 1), memory.highestAccepted());
    }

    @Test
    void undoRestoresTheSeqAndSeqMs() {
        memory.accept(sqn(3, 1));
        long previous = memory.accept(sqn(50, 1));
        assertEquals(3, previous);
        memory.undo(sqn(50, 1), previous);
        assertEquals(sqn(3, 1), memory.highestAccepted());
        assertTrue(memory.isFresh(sqn(50, 1)));
        assertTrue(memory.isFresh(sqn(3 + SqnFreshness.DELTA, 1)), "SEQ_MS went back to 3");
    }

    @Test
    void theLargestSqnIsAccepted() {
        SqnFreshness nearTheEnd = new SqnFreshness(seqAt(31, SqnFreshness.SEQ_LIMIT - 2));
        assertTrue(nearTheEnd.isFresh(0xFFFFFFFFFFFFL));
        nearTheEnd.accept(0xFFFFFFFFFFFFL);
        assertEquals(0xFFFFFFFFFFFFL, nearTheEnd.highestAccepted());
        assertFalse(nearTheEnd.isFresh(0xFFFFFFFFFFFFL));
    }

    private static long[] seqAt(int ind, long seq) {
        long[] array = new long[32];
        array[ind] = seq;
        return array;
    }
}
