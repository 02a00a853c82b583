package org.simgate.aka.auc;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.aka.GsmConversion;

/**
 * The home network's authentication centre for a set of subscribers: authentication vectors with
 * fresh SQNs, resynchronisation from AUTS, GSM triplets. Thread-safe; one subscriber's requests are
 * serialised, different subscribers' run in parallel.
 *
 * <p>SQN = SEQ ‖ IND with a 5-bit IND (TS 33.102 Annex C.3.2). Each vector takes the subscriber's
 * next SEQ and the next IND in turn (0..31), so vectors used out of order are still fresh on the
 * card, and SEQ alone always grows. SEQs are taken from a block reserved ahead in
 * {@link SqnReservations} and written down before the first of them goes out: a crash never makes
 * this AuC send an SQN twice.
 *
 * <p>Resynchronisation (§6.3.5): SQN_MS is recovered from AUTS only when MAC-S verifies; SEQ then
 * moves past SEQ_MS. It never moves back — unless this AuC is more than Δ = 2^28 SEQs ahead of the
 * card, which the card would refuse for ever (Annex C.2.2): then it restarts right after SEQ_MS.
 */
public final class HomeAuc {
    /** SEQs reserved at a time: one file write per this many vectors of a subscriber. */
    public static final long BLOCK = 1024;
    /** The card's Δ (Annex C.2.2): how far ahead of its highest SEQ it accepts one. */
    static final long DELTA = 1L << 28;
    /** 43 bits of SEQ beside 5 of IND. */
    static final long SEQ_LIMIT = 1L << (48 - AuthenticationCentre.IND_BITS);
    private static final int IND_VALUES = 1 << AuthenticationCentre.IND_BITS;
    private static final int RAND_BYTES = 16;
    private static final int GSM_CONVERSION_BYTES = 16;

    private final Map<String, Sequence> subscribers;
    private final SqnReservations reservations;
    private final Supplier<byte[]> rands;

    /** One subscriber's state; every field is guarded by the object's monitor. */
    private static final class Sequence {
        final AucSubscriber subscriber;
        /** Made at first use: ten thousand subscribers need not hold ten thousand ciphers from the start. */
        private AuthenticationCentre centre;
        long nextSeq;
        int nextInd;
        long reservedUpTo;

        Sequence(AucSubscriber subscriber, long nextSeq, int nextInd) {
            this.subscriber = subscriber;
            this.nextSeq = nextSeq;
            this.nextInd = nextInd;
        }

        AuthenticationCentre centre() {
            if (centre == null) {
                centre = new AuthenticationCentre(subscriber.keys().algorithm());
            }
            return centre;
        }
    }

    /** An AuC drawing RAND from a {@link SecureRandom}. */
    public HomeAuc(Collection<AucSubscriber> subscribers, SqnReservations reservations) throws IOException {
        this(subscribers, reservations, secureRands());
    }

    /**
     * Reserves a first block of SEQs for every subscriber (one write of the reservations) and is ready.
     *
     * @param rands 16 fresh random bytes per call (tests give published RANDs)
     * @throws IOException the reservations could not be written: no vector may go out
     */
    public HomeAuc(Collection<AucSubscriber> subscribers, SqnReservations reservations, Supplier<byte[]> rands)
            throws IOException {
        this.reservations = reservations;
        this.rands = rands;
        Map<String, Sequence> byImsi = new HashMap<>();
        Map<String, Long> firstBlocks = new HashMap<>();
        for (AucSubscriber subscriber : subscribers) {
            long first = subscriber.firstSqn() >>> AuthenticationCentre.IND_BITS;
            long seq = Math.max(first, reservations.reservedFrom(subscriber.imsi()));
            Sequence sequence = new Sequence(subscriber, seq,
                    (int) (subscriber.firstSqn() & (IND_VALUES - 1)));
            if (byImsi.put(subscriber.imsi(), sequence) != null) {
                throw new IllegalArgumentException("subscriber " + subscriber.imsi() + " is listed twice");
            }
            sequence.reservedUpTo = Math.min(seq + BLOCK, SEQ_LIMIT);
            firstBlocks.put(subscriber.imsi(), sequence.reservedUpTo);
        }
        reservations.reserve(firstBlocks);
        this.subscribers = Map.copyOf(byImsi);
    }

    /** Whether this AuC holds the subscriber. */
    public boolean knows(String imsi) {
        return subscribers.containsKey(imsi);
    }

    /** How many subscribers this AuC holds. */
    public int size() {
        return subscribers.size();
    }

    /**
     * A vector with a fresh RAND and the subscriber's next SQN.
     *
     * @throws IOException a new block of SEQs was needed and could not be written down
     * @throws IllegalStateException the subscriber's SEQ space is used up (re-key the card)
     */
    public AuthenticationVector vector(String imsi) throws UnknownSubscriberException, IOException {
        Sequence s = sequence(imsi);
        byte[] rand = rand();
        synchronized (s) {
            if (s.nextSeq >= SEQ_LIMIT) {
                throw new IllegalStateException("SQN space of subscriber " + imsi + " is used up: re-key the card");
            }
            if (s.nextSeq >= s.reservedUpTo) {
                long upTo = Math.min(s.nextSeq + BLOCK, SEQ_LIMIT);
                reservations.reserve(Map.of(imsi, upTo));
                s.reservedUpTo = upTo;
            }
            long sqn = (s.nextSeq << AuthenticationCentre.IND_BITS) | s.nextInd;
            AuthenticationVector vector = s.centre().generate(rand, sqn, s.subscriber.amf());
            s.nextSeq++;
            s.nextInd = (s.nextInd + 1) % IND_VALUES;
            return vector;
        }
    }

    /**
     * Takes the card's SQN_MS from the AUTS it answered to {@code rand} and moves this subscriber's
     * SEQ past it, so that the next vector is fresh on the card.
     *
     * @throws AutsRejectedException MAC-S does not verify (not this subscriber's card, or another RAND):
     *                               nothing changes
     */
    public void resynchronise(String imsi, byte[] rand, byte[] auts)
            throws UnknownSubscriberException, AutsRejectedException, IOException {
        Sequence s = sequence(imsi);
        synchronized (s) {
            long seqMs = s.centre().resynchronise(rand, auts) >>> AuthenticationCentre.IND_BITS;
            long next = seqMs + 1;
            if (next > s.nextSeq || s.nextSeq - seqMs > DELTA) {
                s.nextSeq = next;
            }
            if (s.nextSeq >= s.reservedUpTo) {
                long upTo = Math.min(s.nextSeq + BLOCK, SEQ_LIMIT);
                reservations.reserve(Map.of(imsi, upTo));
                s.reservedUpTo = upTo;
            }
        }
    }

    /**
     * Up to {@code count} GSM triplets, each from a fresh RAND through the subscriber's f2..f5 and
     * the conversion functions c2 and c3 (TS 33.102 §6.8.1.2): what a USIM answers in GSM context.
     * They carry no SQN, so they take none.
     */
    public List<GsmTriplet> triplets(String imsi, int count) throws UnknownSubscriberException {
        if (count < 1) {
            throw new IllegalArgumentException("ask for at least one triplet");
        }
        Sequence s = sequence(imsi);
        List<GsmTriplet> triplets = new ArrayList<>(count);
        synchronized (s) {
            for (int i = 0; i < count; i++) {
                byte[] rand = rand();
                AkaOutput out = s.subscriber.keys().algorithm().f2345(rand);
                if (out.res().length > GSM_CONVERSION_BYTES || out.ck().length != GSM_CONVERSION_BYTES
                        || out.ik().length != GSM_CONVERSION_BYTES) {
                    // c2 and c3 are defined on 128-bit values; the USIM refuses the GSM context likewise
                    throw new IllegalStateException("subscriber " + imsi + " has TUAK output sizes with no GSM "
                            + "conversion (c2/c3 take RES of at most 128 bits and 128-bit CK and IK)");
                }
                triplets.add(new GsmTriplet(rand, GsmConversion.c2(out.res()), GsmConversion.c3(out.ck(), out.ik())));
            }
        }
        return triplets;
    }

    private Sequence sequence(String imsi) throws UnknownSubscriberException {
        Sequence s = imsi == null ? null : subscribers.get(imsi);
        if (s == null) {
            throw new UnknownSubscriberException(imsi);
        }
        return s;
    }

    private byte[] rand() {
        byte[] rand = rands.get();
        if (rand == null || rand.length != RAND_BYTES) {
            throw new IllegalStateException("the RAND source must give 16 bytes");
        }
        return rand;
    }

    private static Supplier<byte[]> secureRands() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] rand = new byte[RAND_BYTES];
            random.nextBytes(rand);
            return rand;
        };
    }
}
