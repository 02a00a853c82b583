package org.simgate.aka.kdf;

import static org.simgate.aka.kdf.KeyDerivationFunction.concat;
import static org.simgate.aka.kdf.KeyDerivationFunction.derive;
import static org.simgate.aka.kdf.KeyDerivationFunction.requireLength;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GBA_ME (TS 33.220): what the mobile equipment derives after bootstrapping with the BSF. Ks = CK ‖ IK
 * (§4.5.2); Ks_NAF = KDF(Ks, FC 0x01, P0 = "gba-me", P1 = RAND, P2 = IMPI, P3 = NAF_Id) (Annex B.3),
 * NAF_Id = the NAF's FQDN ‖ its Ua security protocol identifier (§4.5.2, Annex H: 5 octets); the
 * B-TID the NAF is given names Ks: base64(RAND)@BSF server domain name (§4.5.2, the NAI form of
 * TS 23.003 §16.2).
 */
public final class GbaKeys {
    static final int FC_KS_NAF = 0x01;
    /** Annex H: organisation octet and four octets of protocol. */
    public static final int UA_PROTOCOL_ID_BYTES = 5;
    private static final byte[] GBA_ME = "gba-me".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern IMS_DOMAIN = Pattern.compile("(?:ims\\.)?mnc([0-9]{3})\\.mcc([0-9]{3})\\.3gppnetwork\\.org");

    private GbaKeys() {
    }

    /** Ks_NAF (Ks_ext_NAF in GBA_U terms): 32 bytes. */
    public static byte[] ksNaf(byte[] ck, byte[] ik, byte[] rand, String impi, byte[] nafId) {
        requireLength("RAND", rand, 16);
        return derive(concat(ck, ik), FC_KS_NAF, GBA_ME, rand, impi.getBytes(StandardCharsets.UTF_8), nafId);
    }

    /** NAF_Id = FQDN (UTF-8) ‖ Ua security protocol identifier (5 octets). */
    public static byte[] nafId(String fqdn, byte[] uaProtocolId) {
        requireLength("Ua security protocol identifier", uaProtocolId, UA_PROTOCOL_ID_BYTES);
        return concat(fqdn.getBytes(StandardCharsets.UTF_8), uaProtocolId);
    }

    /** B-TID = base64(RAND)@bsfDomain. */
    public static String bTid(byte[] rand, String bsfDomain) {
        requireLength("RAND", rand, 16);
        return Base64.getEncoder().encodeToString(rand) + "@" + bsfDomain;
    }

    /**
     * The BSF's domain for an IMPI, as TS 23.003 §16.2 builds it from the home network: an IMPI in
     * {@code ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org} (or without {@code ims.}) has its BSF at
     * {@code bsf.mnc<MNC>.mcc<MCC>.pub.3gppnetwork.org}; any other realm, {@code bsf.<realm>}.
     */
    public static String bsfDomain(String impi) {
        int at = impi.lastIndexOf('@');
        String realm = at < 0 ? "" : impi.substring(at + 1);
        Matcher m = IMS_DOMAIN.matcher(realm);
        if (m.matches()) {
            return "bsf.mnc" + m.group(1) + ".mcc" + m.group(2) + ".pub.3gppnetwork.org";
        }
        if (realm.isEmpty()) {
            throw new IllegalArgumentException("an IMPI is user@realm (TS 23.003 §13.3)");
        }
        return "bsf." + realm;
    }
}
