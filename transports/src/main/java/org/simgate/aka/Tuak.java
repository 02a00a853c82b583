package org.simgate.aka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * TUAK (3GPP TS 35.231): the authentication functions built on Keccak-p[1600], with K of 128 or
 * 256 bits, TOPc of 256 bits, and output sizes the operator picks per card: MAC 64/128/256 bits,
 * RES 32/64/128/256, CK and IK 128/256 each, and the permutation iterated once or more.
 *
 * <p>Every function fills one 1600-bit state (TS 35.231 §6.2, laid out as TS 35.233's data and
 * libosmocore's {@code tuak_core} have it): TOPc (or TOP when computing TOPc) ‖ INSTANCE ‖
 * "TUAK1.0" ‖ RAND ‖ AMF ‖ SQN ‖ K (zero-padded to 256 bits) ‖ padding, each field byte-reversed
 * because the specification numbers bits from the other end, permutes it and reads its outputs
 * from the start of the state, reversed back. INSTANCE says which function runs and with which
 * sizes, so the sizes change every output, not just its length.
 *
 * <p>Not thread-safe by contract ({@link AkaAlgorithm}); it holds no mutable state, though.
 */
public final class Tuak implements AkaAlgorithm {

    /**
     * The output sizes a TUAK card is personalised with, in bits (TS 35.231 §6; on a card, the
     * parameters byte of EF.USIM_AUTH_KEY).
     */
    public record Lengths(int macBits, int resBits, int ckBits, int ikBits) {
        /** The sizes 3GPP networks use today: 64-bit MAC and RES, 128-bit CK and IK. */
        public static final Lengths DEFAULT = new Lengths(64, 64, 128, 128);

        public Lengths {
            oneOf("MAC", macBits, 64, 128, 256);
            oneOf("RES", resBits, 32, 64, 128, 256);
            oneOf("CK", ckBits, 128, 256);
            oneOf("IK", ikBits, 128, 256);
        }
    }

    private static final byte[] ALGORITHM_NAME = "TUAK1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_AMF = new byte[2];
    private static final byte[] ZERO_SQN = new byte[6];
    private static final byte[] ZERO_RAND = new byte[16];
    private static final int AK_OFFSET = 96;
    private static final int AK_BYTES = 6;

    private final byte[] k;
    private final byte[] topc;
    private final Lengths lengths;
    private final int iterations;

    private Tuak(byte[] k, byte[] topc, Lengths lengths, int iterations) {
        requireKey(k);
        requireLength("TOPc", topc, 32);
        if (lengths == null) {
            throw new IllegalArgumentException("TUAK lengths missing");
        }
        if (iterations < 1 || iterations > 255) {
            throw new IllegalArgumentException("Keccak iterations must be 1 to 255, got " + iterations);
        }
        this.k = k.clone();
        this.topc = topc.clone();
        this.lengths = lengths;
        this.iterations = iterations;
    }

    /** TUAK from K and TOPc, as cards store it. */
    public static Tuak withTopc(byte[] k, byte[] topc, Lengths lengths, int iterations) {
        return new Tuak(k, topc, lengths, iterations);
    }

    /** TUAK from K and the operator's TOP; TOPc is derived with the same number of iterations. */
    public static Tuak withTop(byte[] k, byte[] top, Lengths lengths, int iterations) {
        return new Tuak(k, topcFromTop(k, top, iterations), lengths, iterations);
    }

    /** TOPc = the first 256 bits of Keccak over TOP, INSTANCE 0 (plus the K-size bit) and K (§6.3). */
    public static byte[] topcFromTop(byte[] k, byte[] top, int iterations) {
        requireKey(k);
        requireLength("TOP", top, 32);
        if (iterations < 1) {
            throw new IllegalArgumentException("Keccak iterations must be at least 1");
        }
        byte[] state = state(top, keyBit(k), ZERO_RAND, ZERO_AMF, ZERO_SQN, k, iterations);
        return reversed(state, 0, 32);
    }

    public Lengths lengths() {
        return lengths;
    }

    @Override
    public byte[] f1(byte[] rand, byte[] sqn, byte[] amf) {
        return mac(rand, sqn, amf, 0x00);
    }

    @Override
    public byte[] f1star(byte[] rand, byte[] sqn, byte[] amf) {
        return mac(rand, sqn, amf, 0x80);
    }

    @Override
    public AkaOutput f2345(byte[] rand) {
        requireLength("RAND", rand, 16);
        int instance = 0x40 | resBit(lengths.resBits()) | (lengths.ckBits() == 256 ? 0x04 : 0)
                | (lengths.ikBits() == 256 ? 0x02 : 0) | keyBit(k);
        byte[] out = state(topc, instance, rand, ZERO_AMF, ZERO_SQN, k, iterations);
        return new AkaOutput(reversed(out, 0, lengths.resBits() / 8), reversed(out, 32, lengths.ckBits() / 8),
                reversed(out, 64, lengths.ikBits() / 8), reversed(out, AK_OFFSET, AK_BYTES));
    }

    @Override
    public byte[] f5star(byte[] rand) {
        requireLength("RAND", rand, 16);
        byte[] out = state(topc, 0xC0 | keyBit(k), rand, ZERO_AMF, ZERO_SQN, k, iterations);
        return reversed(out, AK_OFFSET, AK_BYTES);
    }

    private byte[] mac(byte[] rand, byte[] sqn, byte[] amf, int star) {
        requireLength("RAND", rand, 16);
        requireLength("SQN", sqn, 6);
        requireLength("AMF", amf, 2);
        int macBits = lengths.macBits();
        int instance = star | (macBits == 64 ? 0x08 : macBits == 128 ? 0x10 : 0x20) | keyBit(k);
        byte[] out = state(topc, instance, rand, amf, sqn, k, iterations);
        return reversed(out, 0, macBits / 8);
    }

    /** Lays out the 200-byte input of TS 35.231 §6.2 and permutes it {@code iterations} times. */
    private static byte[] state(byte[] topOrTopc, int instance, byte[] rand, byte[] amf, byte[] sqn, byte[] k,
                                int iterations) {
        byte[] s = new byte[KeccakP1600.STATE_BYTES];
        putReversed(s, 0, topOrTopc);
        s[32] = (byte) instance;
        putReversed(s, 33, ALGORITHM_NAME);
        putReversed(s, 40, rand);
        putReversed(s, 56, amf);
        putReversed(s, 58, sqn);
        putReversed(s, 64, k); // a 128-bit K leaves bytes 80..95 zero
        // the fixed padding of §6.2: bits 768..775 and bit 1087
        s[96] = 0x1F;
        s[135] = (byte) 0x80;
        KeccakP1600.permute(s, iterations);
        return s;
    }

    private static int keyBit(byte[] k) {
        return k.length == 32 ? 0x01 : 0x00;
    }

    private static int resBit(int resBits) {
        return switch (resBits) {
            case 32 -> 0x00;
            case 64 -> 0x08;
            case 128 -> 0x10;
            default -> 0x20;
        };
    }

    private static void putReversed(byte[] target, int at, byte[] value) {
        for (int i = 0; i < value.length; i++) {
            target[at + value.length - 1 - i] = value[i];
        }
    }

    private static byte[] reversed(byte[] state, int at, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = state[at + length - 1 - i];
        }
        return out;
    }

    private static void requireKey(byte[] k) {
        if (k == null || (k.length != 16 && k.length != 32)) {
            throw new IllegalArgumentException("K must be 16 or 32 bytes, got " + (k == null ? "none" : k.length));
        }
    }

    private static void oneOf(String name, int bits, int... allowed) {
        if (Arrays.stream(allowed).noneMatch(a -> a == bits)) {
            throw new IllegalArgumentException(name + " length must be one of " + Arrays.toString(allowed)
                    + " bits, got " + bits);
        }
    }

    private static void requireLength(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            // the value may be a secret: only its length goes in the message
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (value == null ? "none" : value.length));
        }
    }

    @Override
    public String toString() {
        return "Tuak[" + k.length * 8 + "-bit K, " + lengths + ", " + iterations + " iteration(s), keys redacted]";
    }
}
