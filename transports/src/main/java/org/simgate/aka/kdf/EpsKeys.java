package org.simgate.aka.kdf;

import static org.simgate.aka.kdf.KeyDerivationFunction.concat;
import static org.simgate.aka.kdf.KeyDerivationFunction.requireLength;

/** The EPS AKA key a UE derives from CK and IK (TS 33.401 Annex A.2). */
public final class EpsKeys {
    static final int FC_KASME = 0x10;

    private EpsKeys() {
    }

    /**
     * K_ASME = KDF(CK ‖ IK, FC 0x10, P0 = SN id, P1 = SQN ⊕ AK), with SN id the serving PLMN's
     * MCC and MNC in the three bytes of TS 24.301 §9.9.3.12 (TS 24.008 §10.5.1.3).
     */
    public static byte[] kasme(byte[] ck, byte[] ik, byte[] plmnId, byte[] sqnXorAk) {
        requireLength("PLMN identity", plmnId, 3);
        requireLength("SQN xor AK", sqnXorAk, 6);
        return KeyDerivationFunction.derive(concat(ck, ik), FC_KASME, plmnId, sqnXorAk);
    }

    /**
     * The three bytes of a PLMN identity: MCC digit 2 ‖ digit 1, MNC digit 3 (F for a 2-digit MNC)
     * ‖ MCC digit 3, MNC digit 2 ‖ digit 1 (high nibble ‖ low nibble).
     */
    public static byte[] plmnId(String mcc, String mnc) {
        if (mcc == null || mcc.length() != 3 || !digits(mcc)) {
            throw new IllegalArgumentException("MCC must be 3 digits");
        }
        if (mnc == null || (mnc.length() != 2 && mnc.length() != 3) || !digits(mnc)) {
            throw new IllegalArgumentException("MNC must be 2 or 3 digits");
        }
        int mnc3 = mnc.length() == 3 ? mnc.charAt(2) - '0' : 0xF;
        return new byte[] {
            (byte) (((mcc.charAt(1) - '0') << 4) | (mcc.charAt(0) - '0')),
            (byte) ((mnc3 << 4) | (mcc.charAt(2) - '0')),
            (byte) (((mnc.charAt(1) - '0') << 4) | (mnc.charAt(0) - '0')),
        };
    }

    private static boolean digits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
