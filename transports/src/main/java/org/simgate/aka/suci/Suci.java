package org.simgate.aka.suci;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SUCI for an IMSI-type SUPI (TS 33.501 §6.12.2, Annex C; TS 23.003 §2.2B), in the string form of
 * TS 29.503 that cores log and accept: {@code suci-0-<MCC>-<MNC>-<routing indicator>-<protection scheme
 * id>-<home network public key id>-<scheme output>}. The scheme output is the MSIN in clear for the
 * null-scheme, else the hex of ephemeral public key ‖ ciphertext ‖ MAC tag. MCC and MNC are never
 * concealed; only the MSIN is, as packed BCD (low nibble first, F-padded).
 */
public record Suci(String mcc, String mnc, String routingIndicator, ProtectionScheme scheme, int homeNetworkKeyId,
                   String schemeOutput) {

    private static final Pattern TEXT = Pattern.compile(
            "suci-0-([0-9]{3})-([0-9]{2,3})-([0-9]{1,4})-([0-9a-fA-F])-([0-9]{1,3})-([0-9a-fA-F]+)");
    private static final HexFormat HEX = HexFormat.of();

    public Suci {
        if (mcc == null || !mcc.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("MCC must be 3 digits");
        }
        if (mnc == null || !mnc.matches("[0-9]{2,3}")) {
            throw new IllegalArgumentException("MNC must be 2 or 3 digits");
        }
        if (routingIndicator == null || !routingIndicator.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("routing indicator must be 1 to 4 digits");
        }
        if (homeNetworkKeyId < 0 || homeNetworkKeyId > 255) {
            throw new IllegalArgumentException("home network public key id must be 0 to 255");
        }
        if (scheme == ProtectionScheme.NULL_SCHEME && homeNetworkKeyId != 0) {
            throw new IllegalArgumentException("the null-scheme has home network public key id 0");
        }
    }

    /**
     * Conceals the IMSI's MSIN: MCC is its first 3 digits, the MNC the next {@code mncLength} (from
     * EF.AD), the MSIN the rest.
     *
     * @param homeNetworkPublicKey ignored for the null-scheme
     */
    public static Suci conceal(String imsi, int mncLength, String routingIndicator, ProtectionScheme scheme,
                               int homeNetworkKeyId, byte[] homeNetworkPublicKey, SecureRandom random)
            throws SuciException {
        if (imsi == null || !imsi.matches("[0-9]{6,15}")) {
            throw new IllegalArgumentException("IMSI must be 6 to 15 digits");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("MNC length must be 2 or 3");
        }
        String mcc = imsi.substring(0, 3);
        String mnc = imsi.substring(3, 3 + mncLength);
        String msin = imsi.substring(3 + mncLength);
        if (scheme == ProtectionScheme.NULL_SCHEME) {
            return new Suci(mcc, mnc, routingIndicator, scheme, 0, msin);
        }
        byte[] output = Ecies.conceal(scheme, homeNetworkPublicKey, schemeInput(msin), random);
        return new Suci(mcc, mnc, routingIndicator, scheme, homeNetworkKeyId, HEX.formatHex(output));
    }

    /** Reads the string form; IllegalArgumentException saying which part is wrong. */
    public static Suci parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a SUCI of an IMSI: expected suci-0-<MCC>-<MNC>-<routing indicator>"
                    + "-<scheme>-<key id>-<scheme output>");
        }
        ProtectionScheme scheme = ProtectionScheme.of(Integer.parseInt(m.group(4), 16));
        String output = m.group(6);
        if (scheme == ProtectionScheme.NULL_SCHEME && !output.matches("[0-9]+")) {
            throw new IllegalArgumentException("a null-scheme SUCI carries the MSIN's digits");
        }
        if (scheme != ProtectionScheme.NULL_SCHEME && output.length() % 2 != 0) {
            throw new IllegalArgumentException("the scheme output must be whole bytes of hex");
        }
        return new Suci(m.group(1), m.group(2), m.group(3), scheme, Integer.parseInt(m.group(5)),
                scheme == ProtectionScheme.NULL_SCHEME ? output : output.toLowerCase());
    }

    /**
     * The SUPI, as the home network's SIDF recovers it: {@code imsi-<MCC><MNC><MSIN>}.
     *
     * @param homeNetworkPrivateKey the private key of {@link #homeNetworkKeyId}; ignored for the null-scheme
     * @param acceptUncompressed    see {@link Ecies#deconceal}
     */
    public String deconceal(byte[] homeNetworkPrivateKey, boolean acceptUncompressed) throws SuciException {
        if (scheme == ProtectionScheme.NULL_SCHEME) {
            return "imsi-" + mcc + mnc + schemeOutput;
        }
        byte[] plaintext = Ecies.deconceal(scheme, homeNetworkPrivateKey, HEX.parseHex(schemeOutput), acceptUncompressed);
        return "imsi-" + mcc + mnc + msin(plaintext);
    }

    /** The string form, {@code suci-0-…}. */
    @Override
    public String toString() {
        return "suci-0-" + mcc + "-" + mnc + "-" + routingIndicator + "-" + Integer.toHexString(scheme.id()) + "-"
                + homeNetworkKeyId + "-" + schemeOutput;
    }

    /** The MSIN as packed BCD: two digits a byte, the first in the low nibble, an odd count padded with F. */
    static byte[] schemeInput(String msin) {
        byte[] bcd = new byte[(msin.length() + 1) / 2];
        for (int i = 0; i < bcd.length; i++) {
            int low = msin.charAt(2 * i) - '0';
            int high = 2 * i + 1 < msin.length() ? msin.charAt(2 * i + 1) - '0' : 0xF;
            bcd[i] = (byte) ((high << 4) | low);
        }
        return bcd;
    }

    /** The MSIN's digits from packed BCD; an F nibble ends it. */
    static String msin(byte[] bcd) throws SuciException {
        StringBuilder digits = new StringBuilder(bcd.length * 2);
        for (int i = 0; i < bcd.length; i++) {
            for (int nibble : new int[] {bcd[i] & 0x0F, (bcd[i] >> 4) & 0x0F}) {
                if (nibble == 0xF && i == bcd.length - 1) {
                    return digits.toString();
                }
                if (nibble > 9) {
                    throw new SuciException("deconcealed MSIN is not BCD digits");
                }
                digits.append((char) ('0' + nibble));
            }
        }
        return digits.toString();
    }
}
