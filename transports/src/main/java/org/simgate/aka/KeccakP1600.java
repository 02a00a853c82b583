package org.simgate.aka;

/**
 * The Keccak-p[1600, 24] permutation (Keccak-f[1600], FIPS 202 §3.2) that TUAK iterates
 * (TS 35.231 §6.3). The state is 25 lanes of 64 bits; bytes map to lanes little-endian, lane
 * {@code x + 5y} holding bytes {@code 8(x + 5y) .. 8(x + 5y) + 7}, as TS 35.232's test data has it.
 *
 * <p>Written here rather than taken from a library: the JDK exposes only whole SHA-3 digests, and
 * TUAK needs the bare permutation, iterated, on a state it lays out itself.
 */
final class KeccakP1600 {
    static final int STATE_BYTES = 200;
    private static final int ROUNDS = 24;

    /** ι: the round constants RC[i_r]. */
    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };
    /** ρ offsets, in the order π visits the lanes starting from lane 1. */
    private static final int[] RHO = {
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    };
    /** π: the lane each step of the walk moves to. */
    private static final int[] PI = {
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    };

    private KeccakP1600() {
    }

    /** Applies the permutation {@code times} times to the 200-byte state, in place. */
    static void permute(byte[] state, int times) {
        if (state.length != STATE_BYTES) {
            throw new IllegalArgumentException("Keccak-p[1600] state must be 200 bytes");
        }
        long[] lanes = new long[25];
        for (int i = 0; i < 25; i++) {
            lanes[i] = lane(state, 8 * i);
        }
        for (int n = 0; n < times; n++) {
            permute(lanes);
        }
        for (int i = 0; i < 25; i++) {
            long v = lanes[i];
            for (int b = 0; b < 8; b++) {
                state[8 * i + b] = (byte) v;
                v >>>= 8;
            }
        }
    }

    /** The 24 rounds θ ρ π χ ι on 25 lanes, in place. */
    static void permute(long[] a) {
        long[] c = new long[5];
        for (int round = 0; round < ROUNDS; round++) {
            // θ
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[y + x] ^= d;
                }
            }
            // ρ and π together
            long carried = a[1];
            for (int i = 0; i < 24; i++) {
                int to = PI[i];
                long next = a[to];
                a[to] = Long.rotateLeft(carried, RHO[i]);
                carried = next;
            }
            // χ
            for (int y = 0; y < 25; y += 5) {
                long a0 = a[y];
                long a1 = a[y + 1];
                long a2 = a[y + 2];
                long a3 = a[y + 3];
                long a4 = a[y + 4];
                a[y] = a0 ^ (~a1 & a2);
                a[y + 1] = a1 ^ (~a2 & a3);
                a[y + 2] = a2 ^ (~a3 & a4);
                a[y + 3] = a3 ^ (~a4 & a0);
                a[y + 4] = a4 ^ (~a0 & a1);
            }
            // ι
            a[0] ^= ROUND_CONSTANTS[round];
        }
    }

    private static long lane(byte[] state, int offset) {
        long v = 0;
        for (int b = 7; b >= 0; b--) {
            v = (v << 8) | (state[offset + b] & 0xff);
        }
        return v;
    }
}
