package org.simgate.aka;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which AKA algorithm a subscriber's card runs, with its secrets and parameters: what an operator
 * personalises into EF.USIM_AUTH_KEY (TS 31.102 §4.2.120) and the AuC holds for the same card.
 * Keys are copied in and out; equals compares them in full, hashCode and toString leave them out.
 */
public sealed interface AkaKeys permits AkaKeys.MilenageKeys, AkaKeys.TuakKeys {

    /** The subscriber key K (16 bytes for Milenage, 16 or 32 for TUAK); a copy. */
    byte[] k();

    /** A fresh algorithm instance for one user (instances are not thread-safe). */
    AkaAlgorithm algorithm();

    /** "milenage" or "tuak", as config files name them. */
    String name();

    /** MILENAGE (TS 35.206) with K and OPc, 16 bytes each. */
    record MilenageKeys(byte[] k, byte[] opc) implements AkaKeys {
        public MilenageKeys {
            k = exactly("K", k, 16);
            opc = exactly("OPc", opc, 16);
        }

        /** OPc derived from the operator variant OP. */
        public static MilenageKeys withOp(byte[] k, byte[] op) {
            return new MilenageKeys(k, Milenage.opcFromOp(k, op));
        }

        @Override
        public byte[] k() {
            return k.clone();
        }

        @Override
        public byte[] opc() {
            return opc.clone();
        }

        @Override
        public AkaAlgorithm algorithm() {
            return Milenage.withOpc(k, opc);
        }

        @Override
        public String name() {
            return "milenage";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MilenageKeys m && Arrays.equals(k, m.k) && Arrays.equals(opc, m.opc);
        }

        @Override
        public int hashCode() {
            return MilenageKeys.class.hashCode(); // a hash of a key is a little of the key
        }

        @Override
        public String toString() {
            return "MilenageKeys[k and opc redacted]";
        }
    }

    /** TUAK (TS 35.231) with K (16 or 32 bytes), TOPc (32 bytes), output sizes and Keccak iterations. */
    record TuakKeys(byte[] k, byte[] topc, Tuak.Lengths lengths, int iterations) implements AkaKeys {
        public TuakKeys {
            if (k == null || (k.length != 16 && k.length != 32)) {
                throw new IllegalArgumentException("K must be 16 or 32 bytes, got "
                        + (k == null ? "none" : k.length + " bytes"));
            }
            k = k.clone();
            topc = exactly("TOPc", topc, 32);
            Objects.requireNonNull(lengths, "lengths");
            if (iterations < 1 || iterations > 255) {
                throw new IllegalArgumentException("keccak iterations must be 1 to 255, got " + iterations);
            }
        }

        /** TOPc derived from the operator's TOP with the same number of iterations. */
        public static TuakKeys withTop(byte[] k, byte[] top, Tuak.Lengths lengths, int iterations) {
            return new TuakKeys(k, Tuak.topcFromTop(k, top, iterations), lengths, iterations);
        }

        @Override
        public byte[] k() {
            return k.clone();
        }

        @Override
        public byte[] topc() {
            return topc.clone();
        }

        @Override
        public AkaAlgorithm algorithm() {
            return Tuak.withTopc(k, topc, lengths, iterations);
        }

        @Override
        public String name() {
            return "tuak";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TuakKeys t && Arrays.equals(k, t.k) && Arrays.equals(topc, t.topc)
                    && lengths.equals(t.lengths) && iterations == t.iterations;
        }

        @Override
        public int hashCode() {
            return Objects.hash(lengths, iterations);
        }

        @Override
        public String toString() {
            return "TuakKeys[" + k.length * 8 + "-bit k and topc redacted, " + lengths + ", iterations=" + iterations
                    + "]";
        }
    }

    private static byte[] exactly(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            // never the value: only how long it was
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (value == null ? "none" : value.length + " bytes"));
        }
        return value.clone();
    }
}
