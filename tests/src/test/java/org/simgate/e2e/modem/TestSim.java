package org.simgate.e2e.modem;

import java.security.SecureRandom;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.transport.Hex;
import org.simgate.transport.simcard.SimcardProfile;

/** The SIMs of the modem tests: public keys of 3GPP TS 35.208 test sets. */
enum TestSim {
    SET_1("001010000000001", "8988211000000000011", "465b5ce8b199b49faa5f0a2ee238a6bc",
            "cd63cb71954a9f4e48a5994e37a02baf");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AMF = Hex.decode("8000");

    final String imsi;
    final String iccid;
    final String k;
    final String opc;

    TestSim(String imsi, String iccid, String k, String opc) {
        this.imsi = imsi;
        this.iccid = iccid;
        this.k = k;
        this.opc = opc;
    }

    SimcardProfile profile() {
        return SimcardProfile.of(imsi, iccid, Hex.decode(k), Hex.decode(opc));
    }

    /** The same card as a {@code transport = simcard} slot's settings. */
    String simcardSettings() {
        return "imsi = \"" + imsi + "\", iccid = \"" + iccid + "\", k = \"" + k + "\", opc = \"" + opc + "\"";
    }

    /** A fresh RAND and the AUTN for SQN = {@code seq} with IND 0, and what the card must answer. */
    AuthenticationVector challenge(long seq) {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        return new AuthenticationCentre(Milenage.withOpc(Hex.decode(k), Hex.decode(opc)))
                .generate(rand, seq << AuthenticationCentre.IND_BITS, AMF);
    }
}
