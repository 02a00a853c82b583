package org.simgate.e2e;

import java.security.SecureRandom;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.transport.Hex;

/**
 * A simulated card the tests put into a slot, and the home network that knows its keys: the
 * public subscriber keys of 3GPP TS 35.208 test sets 1 and 2, as in simgate's default config. The
 * e2e tests' one card: a subscriber's running SQN is {@link org.simgate.e2e.clients.Subscriber}'s.
 */
public record TestCard(String imsi, String iccid, String k, String opc) {

    /** TS 35.208 test set 1, configured with OPc. */
    public static final TestCard SET_1 = new TestCard("001010000000001", "8988211000000000011",
            "465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf");

    /** TS 35.208 test set 2, whose OP the operator gave; OPc = OP xor E_K(OP). */
    public static final TestCard SET_2 = new TestCard("001010000000002", "8988211000000000029",
            "0396eb317b6d1c36f19c1c84cd6ffd16",
            Hex.lower(Milenage.opcFromOp(Hex.decode("0396eb317b6d1c36f19c1c84cd6ffd16"),
                    Hex.decode("ff53bade17df5d4e793073ce9d7579fa"))));

    public static final byte[] AMF = {0, 0};
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * This card as an entry of {@code simgate.slots}.
     *
     * @param slotSettings    HOCON lines for the slot (e.g. {@code allow-apdu = true}), or ""
     * @param simcardSettings HOCON lines for the card (e.g. {@code sqn-check = false}), or ""
     */
    public String inSlot(int id, String slotSettings, String simcardSettings) {
        return "{\n id = " + id + "\n transport = simcard\n " + slotSettings + "\n simcard {\n"
                + "  imsi = \"" + imsi + "\"\n  iccid = \"" + iccid + "\"\n"
                + "  k = \"" + k + "\"\n  opc = \"" + opc + "\"\n  " + simcardSettings + "\n }\n}";
    }

    /** The USIM application's AID on every simulated card. */
    public static final String USIM_AID = "A0000000871002FFFFFFFF8907090000";

    /** The ATR of every simulated card. */
    public static final String ATR = "3b9f96801fc78031e073fe21136773696d67617465b8";

    /** {@code GET /sim-info-api/v1/slot/{n}} of a slot holding this card, byte for byte. */
    public String simInfo() {
        return "{\"imsi\":\"" + imsi + "\",\"iccid\":\"" + iccid + "\",\"atr\":\"" + ATR
                + "\",\"applications\":[\"USIM\",\"ISIM\"]}";
    }

    /** The home network's side: builds challenges and reads AUTS. One per thread (not thread-safe). */
    public AuthenticationCentre network() {
        return new AuthenticationCentre(Milenage.withOpc(Hex.decode(k), Hex.decode(opc)));
    }

    /** A fresh RAND and the AUTN for {@code sqn}, with what the card must answer (XRES, CK, IK, Kc). */
    public AuthenticationVector challenge(long sqn) {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        return network().generate(rand, sqn, AMF);
    }

    /** SQN = SEQ ‖ IND with the 5-bit IND of TS 33.102 Annex C.3.2. */
    public static long sqn(long seq, int ind) {
        return (seq << AuthenticationCentre.IND_BITS) | ind;
    }
}
