package org.simgate.e2e.pcsc;

import java.security.SecureRandom;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.transport.Hex;

/**
 * The subscriber of the tests' software USIMs (TS 35.208 test set 1: public keys) and its
 * authentication centre, which draws fresh vectors with increasing SQNs as an HSS would.
 */
final class Card {
    static final String IMSI = "001010000000001";
    static final String ICCID = "8988211000000000011";
    static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    static final String ATR = "3B9F96801FC78031E073FE21136773696D67617465B8";
    static final String USIM_AID = "A0000000871002FFFFFFFF8907090000";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final AuthenticationCentre centre = new AuthenticationCentre(Milenage.withOpc(Hex.decode(K), Hex.decode(OPC)));
    private long sqn = 32;

    synchronized AuthenticationVector nextVector() {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        sqn = AuthenticationCentre.nextSqn(sqn);
        return centre.generate(rand, sqn, new byte[] {(byte) 0x80, 0});
    }

    static String authBody(AuthenticationVector vector) {
        return "{\"rand\":\"" + Hex.lower(vector.rand()) + "\",\"autn\":\"" + Hex.lower(vector.autn()) + "\"}";
    }
}
