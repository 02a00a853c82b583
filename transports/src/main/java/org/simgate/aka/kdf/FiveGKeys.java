package org.simgate.aka.kdf;

import static org.simgate.aka.kdf.KeyDerivationFunction.concat;
import static org.simgate.aka.kdf.KeyDerivationFunction.derive;
import static org.simgate.aka.kdf.KeyDerivationFunction.requireLength;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The 5G AKA keys a UE derives from the card's CK and IK (TS 33.501 Annex A), each with the
 * generic KDF of TS 33.220 Annex B.2. The serving network name is passed as its text and used as
 * its UTF-8 bytes; checking that it is well formed (3-digit MNC) is the caller's job, since a wrong
 * name gives a wrong key, not an error.
 */
public final class FiveGKeys {
    static final int FC_KAUSF = 0x6A;
    static final int FC_RES_STAR = 0x6B;
    static final int FC_KSEAF = 0x6C;
    static final int FC_KAMF = 0x6D;

    private FiveGKeys() {
    }

    /**
     * A.4: RES* (or XRES*) = the 128 least significant bits of KDF(CK ‖ IK, FC 0x6B, P0 = serving
     * network name, P1 = RAND, P2 = RES).
     */
    public static byte[] resStar(byte[] ck, byte[] ik, String servingNetworkName, byte[] rand, byte[] res) {
        requireLength("RAND", rand, 16);
        byte[] out = derive(concat(ck, ik), FC_RES_STAR, utf8(servingNetworkName), rand, res);
        return Arrays.copyOfRange(out, 16, 32);
    }

    /** A.5: HRES* (or HXRES*) = the 128 least significant bits of SHA-256(RAND ‖ RES*). */
    public static byte[] hresStar(byte[] rand, byte[] resStar) {
        requireLength("RAND", rand, 16);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(rand);
            return Arrays.copyOfRange(sha256.digest(resStar), 16, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** A.2: KAUSF = KDF(CK ‖ IK, FC 0x6A, P0 = serving network name, P1 = SQN ⊕ AK). */
    public static byte[] kausf(byte[] ck, byte[] ik, String servingNetworkName, byte[] sqnXorAk) {
        requireLength("SQN xor AK", sqnXorAk, 6);
        return derive(concat(ck, ik), FC_KAUSF, utf8(servingNetworkName), sqnXorAk);
    }

    /** A.6: KSEAF = KDF(KAUSF, FC 0x6C, P0 = serving network name). */
    public static byte[] kseaf(byte[] kausf, String servingNetworkName) {
        requireLength("KAUSF", kausf, 32);
        return derive(kausf, FC_KSEAF, utf8(servingNetworkName));
    }

    /**
     * A.7: KAMF = KDF(KSEAF, FC 0x6D, P0 = SUPI, P1 = ABBA). For an IMSI the SUPI is its digits as
     * text (TS 23.003 §2.2; without the {@code imsi-} prefix of TS 29.503's string form), for an NAI
     * the NAI itself, as open5gs and free5gc use it.
     *
     * @param supiValue the IMSI digits or the NAI, without a type prefix
     */
    public static byte[] kamf(byte[] kseaf, String supiValue, byte[] abba) {
        requireLength("KSEAF", kseaf, 32);
        return derive(kseaf, FC_KAMF, utf8(supiValue), abba);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
