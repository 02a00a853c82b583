package org.simgate.aka;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The home network's side of AKA for one subscriber, as an HSS/AuC does it (TS 33.102 §6.3):
 * builds authentication vectors and recovers the card's SQN from AUTS after a synchronisation
 * failure. It keeps no SQN of its own; the caller decides which SQN to use next, normally
 * {@link #nextSqn(long)} of the last one used or of the SQN_MS that {@link #resynchronise} returned.
 *
 * <p>SQN follows TS 33.102 Annex C.3.2: a 48-bit SEQ ‖ IND with an IND of {@value #IND_BITS}
 * bits. Not thread-safe, like the {@link AkaAlgorithm} it holds.
 */
public final class AuthenticationCentre {

    /** Length of IND in SQN = SEQ ‖ IND (Annex C.3.2; 5 bits is what cards and pySim use). */
    public static final int IND_BITS = 5;

    /** The largest 48-bit SQN. */
    public static final long SQN_MAX = (1L << 48) - 1;

    /** The dummy AMF that MAC-S is computed over (TS 33.102 §6.3.3). */
    private static final byte[] RESYNC_AMF = {0, 0};

    private static final int SQN_BYTES = 6;
    private static final int MAC_BYTES = 8;
    private static final int AUTS_BYTES = SQN_BYTES + MAC_BYTES;

    private final AkaAlgorithm algorithm;

    public AuthenticationCentre(AkaAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /**
     * A vector for this RAND, SQN and AMF: AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A, plus XRES, CK and IK.
     *
     * @param rand 16 bytes, which the caller draws from a secure random source
     * @param sqn  0 ..= {@link #SQN_MAX}
     * @param amf  2 bytes
     */
    public AuthenticationVector generate(byte[] rand, long sqn, byte[] amf) {
        if (amf == null || amf.length != 2) {
            throw new IllegalArgumentException("AMF must be 2 bytes");
        }
        byte[] sqnBytes = sqnBytes(sqn);
        byte[] macA = algorithm.f1(rand, sqnBytes, amf);
        AkaOutput out = algorithm.f2345(rand);
        byte[] autn = new byte[16];
        for (int i = 0; i < SQN_BYTES; i++) {
            autn[i] = (byte) (sqnBytes[i] ^ out.ak()[i]);
        }
        System.arraycopy(amf, 0, autn, SQN_BYTES, 2);
        // longer MACs (TUAK may make 128 or 256 bits) are cut to the 64 bits AUTN has room for
        System.arraycopy(macA, 0, autn, SQN_BYTES + 2, MAC_BYTES);
        return new AuthenticationVector(rand, autn, out.res(), out.ck(), out.ik(), sqn, amf);
    }

    /** Whether a card's RES, CK and IK are the ones this vector expects (constant-time compare). */
    public boolean matches(AuthenticationVector vector, byte[] res, byte[] ck, byte[] ik) {
        return vector.mismatches(res, ck, ik, null).isEmpty();
    }

    /**
     * SQN_MS from the AUTS a card answered to RAND: SQN_MS = AUTS[0..6] ⊕ f5*(RAND), accepted only
     * if AUTS[6..14] = f1*(RAND, SQN_MS, AMF 0000). The next SQN to send is then
     * {@link #nextSqn(long) nextSqn(SQN_MS)}.
     *
     * @throws AutsRejectedException when MAC-S does not verify
     */
    public long resynchronise(byte[] rand, byte[] auts) throws AutsRejectedException {
        if (auts == null || auts.length != AUTS_BYTES) {
            throw new IllegalArgumentException("AUTS must be " + AUTS_BYTES + " bytes, got "
                    + (auts == null ? "none" : auts.length));
        }
        byte[] akStar = algorithm.f5star(rand);
        byte[] sqnMs = new byte[SQN_BYTES];
        for (int i = 0; i < SQN_BYTES; i++) {
            sqnMs[i] = (byte) (auts[i] ^ akStar[i]);
        }
        byte[] expected = Arrays.copyOf(algorithm.f1star(rand, sqnMs, RESYNC_AMF), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(auts, SQN_BYTES, AUTS_BYTES))) {
            throw new AutsRejectedException("MAC-S in AUTS does not verify: not from this subscriber's card"
                    + " or not for this RAND");
        }
        return sqnValue(sqnMs);
    }

    /**
     * The next fresh SQN after {@code sqn}: SEQ + 1 with the same IND, i.e. sqn + 2^IND_BITS.
     * After a resynchronisation, SQN_MS carries the highest SEQ the card accepted, so this is
     * fresh for every IND entry of the card's array, and stays within the Δ window of Annex C.2.
     *
     * @throws IllegalStateException when SEQ would run past 48 bits; the card must be re-keyed
     */
    public static long nextSqn(long sqn) {
        long next = sqn + (1L << IND_BITS);
        if (sqn < 0 || next > SQN_MAX) {
            throw new IllegalStateException("SQN space exhausted: no SEQ follows " + Long.toHexString(sqn));
        }
        return next;
    }

    /** SQN as the 6 big-endian bytes that AUTN and AUTS carry. */
    public static byte[] sqnBytes(long sqn) {
        if (sqn < 0 || sqn > SQN_MAX) {
            throw new IllegalArgumentException("SQN must fit in 48 bits");
        }
        byte[] bytes = new byte[SQN_BYTES];
        for (int i = SQN_BYTES - 1; i >= 0; i--) {
            bytes[i] = (byte) sqn;
            sqn >>>= 8;
        }
        return bytes;
    }

    /** SQN from its 6 big-endian bytes. */
    public static long sqnValue(byte[] sqn) {
        if (sqn.length != SQN_BYTES) {
            throw new IllegalArgumentException("SQN must be 6 bytes");
        }
        long value = 0;
        for (byte b : sqn) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }
}
