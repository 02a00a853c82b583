package org.simgate.transport.simcard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Milenage;

/**
 * The immutable configuration of one simulated UICC.
 *
 * <p>{@code keys} says which AKA algorithm the card runs (Milenage or TUAK) with its secrets and
 * parameters. {@code stateFile} null keeps the SQN state in memory only (it is lost on restart, so a
 * restarted card accepts SQNs it already answered). The ISIM identities may be null (and {@code impu}
 * empty): they are then derived from the IMSI as TS 23.003 §13.3 does for a card without an ISIM
 * ({@code <IMSI>@ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org}, {@code sip:<IMSI>@…}). {@code kcInAuthResponse}
 * says whether the 3G AUTHENTICATE answer carries the optional Kc (UST service n°27, TS 31.102
 * §7.1.2). {@code mncLength} (2 or 3) is byte 4 of EF.AD and tells readers where MCC+MNC end in the IMSI.
 *
 * <p>The keys are never shown by {@link #toString()}.
 */
public record SimcardProfile(String imsi, String iccid, AkaKeys keys, boolean sqnCheck, Path stateFile,
                             boolean inserted, String impi, String domain, List<String> impu,
                             boolean kcInAuthResponse, int mncLength) {

    /** EF.IMPU records and the transparent ISIM files hold one TLV each; a record is at most 255 bytes. */
    private static final int MAX_IDENTITY_BYTES = 250;

    public SimcardProfile {
        imsi = digits("imsi", imsi, 6, 15);
        iccid = digits("iccid", iccid, 18, 20);
        if (keys == null) {
            throw new IllegalArgumentException("keys missing: a card needs K and its algorithm's constants");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("mncLength must be 2 or 3, got " + mncLength);
        }
        String homeDomain = homeNetworkDomain(imsi, mncLength);
        impi = isBlank(impi) ? imsi + "@" + homeDomain : impi;
        domain = isBlank(domain) ? homeDomain : domain;
        impu = impu == null || impu.isEmpty() ? List.of("sip:" + imsi + "@" + homeDomain) : List.copyOf(impu);
        identity("impi", impi);
        identity("domain", domain);
        for (String uri : impu) {
            identity("impu", uri);
        }
    }

    /** A Milenage card from K and OPc, with every other component as the canonical constructor takes it. */
    public SimcardProfile(String imsi, String iccid, byte[] k, byte[] opc, boolean sqnCheck, Path stateFile,
                          boolean inserted, String impi, String domain, List<String> impu, boolean kcInAuthResponse,
                          int mncLength) {
        this(imsi, iccid, milenage(k, opc), sqnCheck, stateFile, inserted, impi, domain, impu, kcInAuthResponse,
                mncLength);
    }

    /** The components the foundation issue lists, with EF.AD's MNC length at its default of 2. */
    public SimcardProfile(String imsi, String iccid, byte[] k, byte[] opc, boolean sqnCheck, Path stateFile,
                          boolean inserted, String impi, String domain, List<String> impu, boolean kcInAuthResponse) {
        this(imsi, iccid, k, opc, sqnCheck, stateFile, inserted, impi, domain, impu, kcInAuthResponse, 2);
    }

    /** An inserted Milenage card with SQN checking on, state in memory, ISIM identities derived from the IMSI. */
    public static SimcardProfile of(String imsi, String iccid, byte[] k, byte[] opc) {
        return of(imsi, iccid, milenage(k, opc));
    }

    /** As {@link #of(String, String, byte[], byte[])}, for any algorithm. */
    public static SimcardProfile of(String imsi, String iccid, AkaKeys keys) {
        return new SimcardProfile(imsi, iccid, keys, true, null, true, null, null, List.of(), true, 2);
    }

    /** As {@link #of(String, String, byte[], byte[])}, with OPc derived from the operator variant OP. */
    public static SimcardProfile withOp(String imsi, String iccid, byte[] k, byte[] op) {
        return of(imsi, iccid, k, Milenage.opcFromOp(key("k", k), key("op", op)));
    }

    public SimcardProfile withKeys(AkaKeys newKeys) {
        return new SimcardProfile(imsi, iccid, newKeys, sqnCheck, stateFile, inserted, impi, domain, impu,
                kcInAuthResponse, mncLength);
    }

    public SimcardProfile withSqnCheck(boolean check) {
        return new SimcardProfile(imsi, iccid, keys, check, stateFile, inserted, impi, domain, impu,
                kcInAuthResponse, mncLength);
    }

    public SimcardProfile withStateFile(Path file) {
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, file, inserted, impi, domain, impu,
                kcInAuthResponse, mncLength);
    }

    public SimcardProfile withInserted(boolean present) {
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, stateFile, present, impi, domain, impu,
                kcInAuthResponse, mncLength);
    }

    public SimcardProfile withIsim(String privateIdentity, String homeDomain, List<String> publicIdentities) {
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, stateFile, inserted, privateIdentity, homeDomain,
                publicIdentities, kcInAuthResponse, mncLength);
    }

    public SimcardProfile withKcInAuthResponse(boolean kc) {
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, stateFile, inserted, impi, domain, impu, kc,
                mncLength);
    }

    /** Identities that were derived from the IMSI are derived again with the new MNC length; given ones stay. */
    public SimcardProfile withMncLength(int length) {
        String derivedDomain = homeNetworkDomain(imsi, mncLength);
        boolean derivedImpi = impi.equals(imsi + "@" + derivedDomain);
        boolean derivedImpu = impu.equals(List.of("sip:" + imsi + "@" + derivedDomain));
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, stateFile, inserted, derivedImpi ? null : impi,
                domain.equals(derivedDomain) ? null : domain, derivedImpu ? null : impu, kcInAuthResponse, length);
    }

    /** The subscriber key K, whatever the algorithm; a copy. */
    public byte[] k() {
        return keys.k();
    }

    /** OPc of a Milenage card (a copy); null for a TUAK card, which has TOPc instead. */
    public byte[] opc() {
        return keys instanceof AkaKeys.MilenageKeys m ? m.opc() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimcardProfile p && imsi.equals(p.imsi) && iccid.equals(p.iccid)
                && keys.equals(p.keys) && sqnCheck == p.sqnCheck
                && Objects.equals(stateFile, p.stateFile) && inserted == p.inserted && impi.equals(p.impi)
                && domain.equals(p.domain) && impu.equals(p.impu) && kcInAuthResponse == p.kcInAuthResponse
                && mncLength == p.mncLength;
    }

    @Override
    public int hashCode() {
        // the keys stay out of the hash too: a hash of a key is a little of the key
        return Objects.hash(imsi, iccid, sqnCheck, stateFile, inserted, impi, domain, impu, kcInAuthResponse,
                mncLength);
    }

    @Override
    public String toString() {
        return "SimcardProfile[imsi=" + imsi + ", iccid=" + iccid + ", " + keys + ", sqnCheck=" + sqnCheck
                + ", stateFile=" + stateFile + ", inserted=" + inserted + ", impi=" + impi + ", domain=" + domain
                + ", impu=" + impu + ", kcInAuthResponse=" + kcInAuthResponse + ", mncLength=" + mncLength + "]";
    }

    private static String homeNetworkDomain(String imsi, int mncLength) {
        String mcc = imsi.substring(0, 3);
        String mnc = imsi.substring(3, 3 + mncLength);
        return "ims.mnc" + (mnc.length() == 2 ? "0" + mnc : mnc) + ".mcc" + mcc + ".3gppnetwork.org";
    }

    private static String digits(String name, String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + " decimal digits");
        }
        return value;
    }

    private static AkaKeys milenage(byte[] k, byte[] opc) {
        return new AkaKeys.MilenageKeys(key("k", k), key("opc", opc));
    }

    private static byte[] key(String name, byte[] value) {
        if (value == null || value.length != 16) {
            // never the value: only how long it was
            throw new IllegalArgumentException(name + " must be 16 bytes, got "
                    + (value == null ? "none" : value.length + " bytes"));
        }
        return value.clone();
    }

    private static void identity(String name, String value) {
        if (value == null || value.isBlank() || value.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY_BYTES) {
            throw new IllegalArgumentException(name + " must be a non-blank identity of at most " + MAX_IDENTITY_BYTES
                    + " UTF-8 bytes");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
