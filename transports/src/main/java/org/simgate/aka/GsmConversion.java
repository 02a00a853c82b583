package org.simgate.aka;

/**
 * The conversion functions of TS 33.102 §6.8.1.2 that let a USIM answer GSM authentication:
 * c2 (RES → SRES) and c3 (CK, IK → Kc).
 */
public final class GsmConversion {
    private GsmConversion() {
    }

    /** c2: SRES = XRES1 ⊕ XRES2 ⊕ XRES3 ⊕ XRES4, the 32-bit words of RES zero-padded to 128 bits. */
    public static byte[] c2(byte[] res) {
        byte[] sres = new byte[4];
        for (int i = 0; i < res.length && i < 16; i++) {
            sres[i % 4] ^= res[i];
        }
        return sres;
    }

    /** c3: Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2, the 64-bit halves of CK and IK. */
    public static byte[] c3(byte[] ck, byte[] ik) {
        byte[] kc = new byte[8];
        for (int i = 0; i < 8; i++) {
            kc[i] = (byte) (ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8]);
        }
        return kc;
    }
}
