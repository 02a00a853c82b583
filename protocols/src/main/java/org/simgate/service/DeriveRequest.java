package org.simgate.service;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a client asks the gateway to derive from the card's answer, as the mobile equipment
 * would: any of 5G AKA, EAP-AKA' and EPS, each null when not asked for. Every input is checked
 * here, when the request is made, so that a malformed one is refused before the card is touched:
 * a wrong serving network name gives a wrong key, never an error, so it must not get that far.
 *
 * <p>Messages name the field in the JSON API's words and never repeat a value except digits the
 * check has already accepted (so that "write mnc001" can be said).
 */
public record DeriveRequest(FiveG fiveG, EapAkaPrime eapAkaPrime, Eps eps, Gba gba) {

    public DeriveRequest {
        if (fiveG == null && eapAkaPrime == null && eps == null && gba == null) {
            throw new IllegalArgumentException("derive: ask for at least one of 5g, eap_aka_prime, eps, gba");
        }
    }

    /** Without GBA. */
    public DeriveRequest(FiveG fiveG, EapAkaPrime eapAkaPrime, Eps eps) {
        this(fiveG, eapAkaPrime, eps, null);
    }

    /**
     * GBA_ME (TS 33.220): Ks_NAF for one NAF and the B-TID that names Ks.
     *
     * @param nafFqdn      the NAF's FQDN
     * @param uaProtocolId its Ua security protocol identifier (TS 33.220 Annex H), 5 octets
     * @param impi         the IMS private identity, user@realm; its realm names the BSF of the B-TID
     */
    public record Gba(String nafFqdn, byte[] uaProtocolId, String impi) {
        private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

        public Gba {
            if (nafFqdn == null || nafFqdn.length() > 253 || !FQDN.matcher(nafFqdn).matches()) {
                throw new IllegalArgumentException("naf_id: must be <NAF FQDN>|<Ua security protocol id, 10 hex digits>");
            }
            if (uaProtocolId == null || uaProtocolId.length != 5) {
                throw new IllegalArgumentException("naf_id: the Ua security protocol identifier after | must be 5 octets"
                        + " (10 hex digits, TS 33.220 Annex H)");
            }
            uaProtocolId = uaProtocolId.clone();
            if (impi == null || impi.isEmpty()) {
                throw new IllegalArgumentException("impi: missing");
            }
            int at = impi.lastIndexOf('@');
            if (at <= 0 || at == impi.length() - 1 || impi.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw new IllegalArgumentException("impi: must be user@realm (TS 23.003 §13.3)");
            }
        }

        /** {@code "<FQDN>|<hex>"} as the JSON API writes naf_id. */
        public static Gba parse(String nafId, String impi) {
            int bar = nafId == null ? -1 : nafId.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("naf_id: must be <NAF FQDN>|<Ua security protocol id, 10 hex digits>");
            }
            byte[] ua;
            try {
                ua = java.util.HexFormat.of().parseHex(nafId.substring(bar + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("naf_id: the Ua security protocol identifier after | must be hex");
            }
            return new Gba(nafId.substring(0, bar), ua, impi);
        }

        @Override
        public byte[] uaProtocolId() {
            return uaProtocolId.clone();
        }

        /** naf_id as the JSON API writes it. */
        public String nafIdText() {
            return nafFqdn + "|" + java.util.HexFormat.of().formatHex(uaProtocolId);
        }
    }

    /**
     * 5G AKA (TS 33.501 Annex A): RES*, KAUSF, KSEAF, and KAMF when a SUPI is given.
     *
     * @param servingNetworkName {@code 5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org}, MNC of 3 digits
     * @param supi               {@code imsi-<digits>} or {@code nai-<NAI>} (TS 29.503), or null
     * @param abba               the ABBA parameter (TS 33.501 A.7.1); {@code 0000} when not given
     */
    public record FiveG(String servingNetworkName, String supi, byte[] abba) {
        private static final byte[] DEFAULT_ABBA = {0, 0};

        public FiveG {
            String problem = servingNetworkNameProblem(servingNetworkName);
            if (problem != null) {
                throw new IllegalArgumentException("serving_network_name: " + problem);
            }
            if (supi != null) {
                String supiProblem = supiProblem(supi);
                if (supiProblem != null) {
                    throw new IllegalArgumentException("supi: " + supiProblem);
                }
            }
            if (abba == null) {
                abba = DEFAULT_ABBA.clone();
            } else if (abba.length < 2 || abba.length > 255) {
                throw new IllegalArgumentException("abba: must be 2 to 255 bytes of hex (TS 24.501 §9.11.3.10)");
            } else {
                abba = abba.clone();
            }
        }

        @Override
        public byte[] abba() {
            return abba.clone();
        }

        /** What KAMF takes as P0: the IMSI's digits or the NAI, without the type prefix; null without a SUPI. */
        public String supiValue() {
            return supi == null ? null : supi.substring(supi.indexOf('-') + 1);
        }
    }

    /**
     * EAP-AKA' (RFC 9048): CK', IK', K_encr, K_aut, K_re, MSK, EMSK.
     *
     * @param networkName the access network name, e.g. {@code WLAN}, or a 5G serving network name
     * @param identity    the identity the peer used in EAP (the Identity of MK's derivation)
     */
    public record EapAkaPrime(String networkName, String identity) {
        public EapAkaPrime {
            if (networkName == null || networkName.isEmpty()) {
                throw new IllegalArgumentException("network_name: missing");
            }
            if (networkName.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("network_name: longer than 255 bytes");
            }
            if (networkName.startsWith("5G:")) {
                // for 5G the network name is the serving network name (TS 33.501 §6.1.3.1): the same trap
                String problem = servingNetworkNameProblem(networkName);
                if (problem != null) {
                    throw new IllegalArgumentException("network_name: " + problem);
                }
            }
            if (identity == null || identity.isEmpty()) {
                throw new IllegalArgumentException("identity: missing");
            }
            if (identity.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw new IllegalArgumentException("identity: longer than 1024 bytes");
            }
        }
    }

    /**
     * EPS AKA (TS 33.401 A.2): K_ASME for the serving PLMN.
     *
     * @param mcc 3 digits
     * @param mnc 2 or 3 digits, as the PLMN has it (not padded)
     */
    public record Eps(String mcc, String mnc) {
        private static final Pattern PLMN_TWO_DIGIT_MNC = Pattern.compile("([0-9]{3})[fF]([0-9]{2})");

        public Eps {
            if (mcc == null || !mcc.matches("[0-9]{3}")) {
                throw new IllegalArgumentException("mcc: must be 3 digits");
            }
            if (mnc == null || !mnc.matches("[0-9]{2,3}")) {
                throw new IllegalArgumentException("mnc: must be 2 or 3 digits");
            }
        }

        /**
         * From {@code plmn} written as MCC, F, 2-digit MNC ({@code 001f01}). With a 3-digit MNC the
         * order of the digits in such a string is not settled (encoded-nibble order or plain), and a
         * guess would give a silently wrong key, so those PLMNs are given as mcc and mnc.
         */
        public static Eps ofPlmn(String plmn) {
            Matcher m = plmn == null ? null : PLMN_TWO_DIGIT_MNC.matcher(plmn);
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("plmn: must be MCC, f, 2-digit MNC (001f01 for MCC 001, MNC 01);"
                        + " for a 3-digit MNC give mcc and mnc instead");
            }
            return new Eps(m.group(1), m.group(2));
        }
    }

    private static final Pattern SERVING_NETWORK_NAME = Pattern.compile("5G:mnc([0-9]+)\\.mcc([0-9]+)\\.3gppnetwork\\.org");

    /**
     * Null when the name is a 5G serving network name of TS 33.501 §6.1.1.4 with the SN Id of
     * TS 24.501 §9.12.1 for a PLMN, else what is wrong with it.
     */
    public static String servingNetworkNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "missing";
        }
        if (!name.startsWith("5G:")) {
            return "must start with the service code \"5G:\" (TS 33.501 §6.1.1.4)";
        }
        Matcher m = SERVING_NETWORK_NAME.matcher(name);
        if (!m.matches()) {
            return "must be 5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org in lower case, with a 3-digit MNC and MCC"
                    + " (TS 24.501 §9.12.1)";
        }
        String mnc = m.group(1);
        String mcc = m.group(2);
        if (mcc.length() != 3) {
            return "the MCC must have 3 digits, it has " + mcc.length();
        }
        if (mnc.length() == 2) {
            return "the MNC has 2 digits: the serving network name pads it to 3 with a leading zero"
                    + " (TS 24.501 §9.12.1), so write 5G:mnc0" + mnc + ".mcc" + mcc + ".3gppnetwork.org";
        }
        if (mnc.length() != 3) {
            return "the MNC must have 3 digits, it has " + mnc.length();
        }
        return null;
    }

    private static String supiProblem(String supi) {
        if (supi.startsWith("imsi-")) {
            String digits = supi.substring(5);
            return digits.matches("[0-9]{5,15}") ? null : "an imsi- SUPI must have 5 to 15 digits after the prefix";
        }
        if (supi.startsWith("nai-")) {
            return supi.length() > 4 && supi.length() <= 1024 ? null : "an nai- SUPI must have an NAI after the prefix";
        }
        return "must be imsi-<digits> or nai-<NAI> (TS 29.503)";
    }
}
