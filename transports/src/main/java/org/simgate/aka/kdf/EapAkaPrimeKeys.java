package org.simgate.aka.kdf;

import static org.simgate.aka.kdf.KeyDerivationFunction.concat;
import static org.simgate.aka.kdf.KeyDerivationFunction.requireLength;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * EAP-AKA' keys (RFC 9048, which obsoletes RFC 5448; TS 33.402 Annex A.2 for CK'/IK'): CK' and IK'
 * bound to the access network name, then the master key MK = PRF'(IK' ‖ CK', "EAP-AKA'" ‖ Identity)
 * split into K_encr, K_aut, K_re, MSK and EMSK. For 5G over non-3GPP access the network name is the
 * serving network name (TS 33.501 §6.1.3.1) and KAUSF is the first 256 bits of EMSK.
 *
 * <p>All outputs are secrets; {@link MasterKeys#toString()} shows none.
 */
public final class EapAkaPrimeKeys {
    static final int FC_CK_IK_PRIME = 0x20;
    private static final byte[] EAP_AKA_PRIME = "EAP-AKA'".getBytes(StandardCharsets.US_ASCII);
    /** K_encr 128 bits, K_aut 256, K_re 256, MSK 512, EMSK 512 (RFC 9048 §3.3). */
    private static final int MK_BYTES = 16 + 32 + 32 + 64 + 64;

    /** CK' and IK', 16 bytes each. */
    public record PrimeKeys(byte[] ckPrime, byte[] ikPrime) {
        @Override
        public String toString() {
            return "PrimeKeys[ck', ik' redacted]";
        }
    }

    /** The keys of RFC 9048 §3.3, in the order MK holds them. */
    public record MasterKeys(byte[] kEncr, byte[] kAut, byte[] kRe, byte[] msk, byte[] emsk) {
        @Override
        public String toString() {
            return "MasterKeys[k_encr, k_aut, k_re, msk, emsk redacted]";
        }
    }

    private EapAkaPrimeKeys() {
    }

    /**
     * CK' ‖ IK' = KDF(CK ‖ IK, FC 0x20, P0 = access network name, P1 = SQN ⊕ AK): CK' is the first
     * 128 bits, IK' the last (RFC 9048 §3.3, TS 33.402 A.2).
     */
    public static PrimeKeys primeKeys(byte[] ck, byte[] ik, String networkName, byte[] sqnXorAk) {
        requireLength("SQN xor AK", sqnXorAk, 6);
        byte[] out = KeyDerivationFunction.derive(concat(ck, ik), FC_CK_IK_PRIME,
                networkName.getBytes(StandardCharsets.UTF_8), sqnXorAk);
        return new PrimeKeys(Arrays.copyOf(out, 16), Arrays.copyOfRange(out, 16, 32));
    }

    /** MK = PRF'(IK' ‖ CK', "EAP-AKA'" ‖ Identity), split (note IK' comes first in the key). */
    public static MasterKeys masterKeys(PrimeKeys prime, String identity) {
        byte[] mk = prfPrime(concat(prime.ikPrime(), prime.ckPrime()),
                concat(EAP_AKA_PRIME, identity.getBytes(StandardCharsets.UTF_8)), MK_BYTES);
        return new MasterKeys(Arrays.copyOfRange(mk, 0, 16), Arrays.copyOfRange(mk, 16, 48),
                Arrays.copyOfRange(mk, 48, 80), Arrays.copyOfRange(mk, 80, 144), Arrays.copyOfRange(mk, 144, 208));
    }

    /**
     * PRF'(K, S) = T1 ‖ T2 ‖ … with Ti = HMAC-SHA-256(K, T(i-1) ‖ S ‖ i), T0 empty, i one byte from 1
     * (RFC 9048 §3.4.1), cut to {@code length} bytes.
     */
    static byte[] prfPrime(byte[] key, byte[] s, int length) {
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        for (int i = 1, at = 0; at < length; i++) {
            previous = KeyDerivationFunction.hmacSha256(key, previous, s, new byte[] {(byte) i});
            int n = Math.min(previous.length, length - at);
            System.arraycopy(previous, 0, out, at, n);
            at += n;
        }
        return out;
    }
}
