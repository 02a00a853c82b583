package org.simgate.e2e.clients;

import java.security.SecureRandom;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.aka.Milenage;
import org.simgate.e2e.TestCard;
import org.simgate.transport.Hex;

/**
 * The subscriber whose simulated USIM sits in slot 0 (3GPP TS 35.208 test set 1, public keys), and
 * its home network: fresh vectors with increasing SQNs as an HSS draws them, and resynchronisation
 * from AUTS. Its methods are synchronized: one per test class, any test order.
 */
public final class Subscriber {
    public static final String IMSI = TestCard.SET_1.imsi();
    public static final String K = TestCard.SET_1.k();
    public static final String OPC = TestCard.SET_1.opc();
    /** Its slot: SQN freshness checked (TS 33.102 Annex C), SQN state in memory only. */
    static final String CARD_IN_SLOT_0 = "{ id = 0, transport = simcard, simcard { imsi = \"" + IMSI + "\","
            + " iccid = \"" + TestCard.SET_1.iccid() + "\", k = \"" + K + "\", opc = \"" + OPC + "\", sqn-check = true } }";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AMF = {(byte) 0x80, 0};
    private final AuthenticationCentre centre = new AuthenticationCentre(Milenage.withOpc(Hex.decode(K), Hex.decode(OPC)));
    private long sqn = 32;

    public synchronized AuthenticationVector next() {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        sqn = AuthenticationCentre.nextSqn(sqn);
        return centre.generate(rand, sqn, AMF);
    }

    /** SQN_MS from the card's AUTS for {@code rand}; the next vectors continue after it, as an HSS's would. */
    synchronized long resynchronise(byte[] rand, byte[] auts) throws AutsRejectedException {
        long sqnMs = centre.resynchronise(rand, auts);
        sqn = Math.max(sqn, sqnMs);
        return sqnMs;
    }

    /** Whether RES, CK and IK are what the card had to answer. */
    synchronized boolean answered(AuthenticationVector vector, byte[] res, byte[] ck, byte[] ik) {
        return centre.matches(vector, res, ck, ik);
    }

    /** The body of {@code POST /sim-auth-api/v1/slot/{n}} for this vector. */
    public static String authBody(AuthenticationVector vector) {
        return "{\"rand\":\"" + Hex.lower(vector.rand()) + "\",\"autn\":\"" + Hex.lower(vector.autn()) + "\"}";
    }
}
