package org.simgate.subscriber;

import java.util.List;
import java.util.Objects;
import org.simgate.aka.AkaKeys;
import org.simgate.transport.simcard.SimcardProfile;

/**
 * One simulated subscriber: what its USIM/ISIM holds and what the home network's AuC holds for the
 * same card, as a row of the subscriber file ({@link SubscriberFile}) defines it.
 *
 * <p>{@code keys} is the algorithm with its secrets and parameters: Milenage K and OPc (OPc computed
 * from OP when the file gives OP), or TUAK K, TOPc (from TOP), output lengths and Keccak iterations,
 * as a {@code simcard} slot's config has them. {@code amf} is the 16-bit AMF the AuC puts in AUTN
 * (bit 15 is the separation bit EPS, EAP-AKA' and 5G require). {@code sqn} is the subscriber's SQN as
 * the file gives it: the highest SQN the home network has used, as hlr_auc_gw's SQN column (the AuC
 * issues above it); the simulated card does not start from it (its own memory of accepted SQNs starts
 * empty, then persists). {@code mncLength} (2 or 3) says where MCC+MNC end in the IMSI: the file's
 * {@code mnc-length} column, else the file's default (see {@link SubscriberFile}). {@code iccid} is the
 * file's, or derived from the IMSI ({@link #derivedIccid}).
 *
 * <p>The ISIM identities are derived from the IMSI as TS 23.003 §13.3 does for a card without an
 * ISIM: IMPI {@code <IMSI>@ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org} (a 2-digit MNC gets a leading 0),
 * IMPU {@code sip:<IMPI>}, home domain {@code ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org}.
 *
 * <p>Keys never show in {@link #toString()}, and neither equals nor hashCode leaks them.
 */
public record Subscriber(String imsi, AkaKeys keys, int amf, long sqn, int mncLength, String iccid) {
    /** SQN is 48 bits (TS 33.102 §6.3.2). */
    public static final long SQN_LIMIT = 1L << 48;

    public Subscriber {
        Objects.requireNonNull(keys, "keys");
        if (imsi == null || imsi.length() < 6 || imsi.length() > 15 || !digitsOnly(imsi)) {
            throw new IllegalArgumentException("imsi must be 6 to 15 decimal digits");
        }
        if (amf < 0 || amf > 0xFFFF) {
            throw new IllegalArgumentException("amf must be 16 bits");
        }
        if (sqn < 0 || sqn >= SQN_LIMIT) {
            throw new IllegalArgumentException("sqn must be 48 bits");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("mncLength must be 2 or 3, got " + mncLength);
        }
        if (iccid == null) {
            iccid = derivedIccid(imsi);
        } else if (iccid.length() < 18 || iccid.length() > 20 || !digitsOnly(iccid)) {
            throw new IllegalArgumentException("iccid must be 18 to 20 decimal digits");
        }
    }

    /** "milenage" or "tuak". */
    public String algorithm() {
        return keys.name();
    }

    /** The subscriber key K; a copy. */
    public byte[] k() {
        return keys.k();
    }

    /** OPc of a Milenage subscriber (a copy); null for TUAK, which has {@link #topc()}. */
    public byte[] opc() {
        return keys instanceof AkaKeys.MilenageKeys m ? m.opc() : null;
    }

    /** TOPc of a TUAK subscriber (a copy); null for Milenage. */
    public byte[] topc() {
        return keys instanceof AkaKeys.TuakKeys t ? t.topc() : null;
    }

    /** AMF as the two bytes AUTN carries. */
    public byte[] amfBytes() {
        return new byte[] {(byte) (amf >>> 8), (byte) amf};
    }

    /** SQN as the six bytes AUTN carries. */
    public byte[] sqnBytes() {
        byte[] b = new byte[6];
        long v = sqn;
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** The first three digits of the IMSI. */
    public String mcc() {
        return imsi.substring(0, 3);
    }

    /** The {@link #mncLength} digits after the MCC. */
    public String mnc() {
        return imsi.substring(3, 3 + mncLength);
    }

    /** {@code ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org}, the MNC padded to three digits (TS 23.003 §13.2). */
    public String homeDomain() {
        String mnc = mnc();
        return "ims.mnc" + (mnc.length() == 2 ? "0" + mnc : mnc) + ".mcc" + mcc() + ".3gppnetwork.org";
    }

    /** The IMS private identity, {@code <IMSI>@<home domain>} (TS 23.003 §13.3). */
    public String impi() {
        return imsi + "@" + homeDomain();
    }

    /** The temporary IMS public identity, {@code sip:<IMPI>} (TS 23.003 §13.4B). */
    public List<String> impu() {
        return List.of("sip:" + impi());
    }

    /**
     * The software card for this subscriber: USIM and ISIM, SQN checking on, its identities derived as
     * above, Kc in the 3G answer. Its SQN memory is in memory only; a farm gives it a store of its own.
     */
    public SimcardProfile cardProfile() {
        return new SimcardProfile(imsi, iccid, keys, true, null, true, impi(), homeDomain(), impu(), true, mncLength);
    }

    /**
     * An ICCID for a subscriber file without one: {@code 89} (telecom), {@code 99}, the IMSI
     * left-padded with zeros to 15 digits, and the Luhn check digit (ITU-T E.118): 20 digits.
     * Distinct IMSIs give distinct ICCIDs.
     */
    public static String derivedIccid(String imsi) {
        String body = "8999" + "0".repeat(15 - imsi.length()) + imsi;
        return body + luhn(body);
    }

    private static char luhn(String digits) {
        int sum = 0;
        boolean twice = true; // the digit left of the check digit is doubled
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static boolean digitsOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Subscriber[imsi=" + imsi + ", " + keys + ", amf=" + String.format("%04x", amf) + ", sqn="
                + String.format("%012x", sqn) + ", mncLength=" + mncLength + ", iccid=" + iccid + "]";
    }
}
