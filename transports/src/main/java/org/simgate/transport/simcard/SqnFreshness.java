package org.simgate.transport.simcard;

/**
 * The USIM's memory of accepted sequence numbers, TS 33.102 Annex C.3.2: SQN = SEQ (43 bits) ‖ IND
 * (5 bits), and one highest accepted SEQ per IND value, so that authentication vectors used out of
 * order (one per IND) are still fresh. A SEQ is fresh iff it is above the stored SEQ for its IND and,
 * as Annex C.2.2 allows, at most Δ = 2^28 ahead of SEQ_MS, the highest SEQ accepted so far (a
 * wildly-ahead SQN would otherwise burn the SQN space).
 */
final class SqnFreshness {
    static final int IND_VALUES = 32;
    static final long SEQ_LIMIT = 1L << 43;
    static final long DELTA = 1L << 28;
    private static final int IND_BITS = 5;

    private final long[] seqByInd;
    private long seqMs;

    /** @param seqByInd the stored SEQ for each IND (all zero for a fresh card) */
    SqnFreshness(long[] seqByInd) {
        if (seqByInd.length != IND_VALUES) {
            throw new IllegalArgumentException("need " + IND_VALUES + " SEQ values, got " + seqByInd.length);
        }
        this.seqByInd = seqByInd.clone();
        this.seqMs = highestSeq();
    }

    static long seq(long sqn) {
        return sqn >>> IND_BITS;
    }

    static int ind(long sqn) {
        return (int) (sqn & (IND_VALUES - 1));
    }

    boolean isFresh(long sqn) {
        long seq = seq(sqn);
        return seq > seqByInd[ind(sqn)] && seq - seqMs <= DELTA;
    }

    /**
     * Stores the SQN as accepted. Returns the SEQ it replaced at its IND, or -1 if nothing changed
     * (an SQN at or below the stored one, as accepted with the check off, leaves the memory as it is).
     */
    long accept(long sqn) {
        long seq = seq(sqn);
        int ind = ind(sqn);
        long previous = seqByInd[ind];
        if (seq <= previous) {
            return -1;
        }
        seqByInd[ind] = seq;
        seqMs = Math.max(seqMs, seq);
        return previous;
    }

    /** Takes back an {@link #accept} whose state could not be stored. */
    void undo(long sqn, long previousSeq) {
        seqByInd[ind(sqn)] = previousSeq;
        seqMs = highestSeq();
    }

    /** SQN_MS for AUTS: the highest accepted SQN, SEQ_MS ‖ its IND, or 0 when nothing was accepted yet. */
    long highestAccepted() {
        long best = 0;
        for (int ind = 0; ind < IND_VALUES; ind++) {
            if (seqByInd[ind] > 0) {
                best = Math.max(best, (seqByInd[ind] << IND_BITS) | ind);
            }
        }
        return best;
    }

    long[] snapshot() {
        return seqByInd.clone();
    }

    private long highestSeq() {
        long max = 0;
        for (long seq : seqByInd) {
            max = Math.max(max, seq);
        }
        return max;
    }
}
