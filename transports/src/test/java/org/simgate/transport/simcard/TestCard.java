package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.simgate.aka.Milenage;
import org.simgate.transport.Bytes;

/**
 * The card the tests use (TS 35.208 test set 1's K and OPc) and the home network's side of AKA for
 * it: building AUTN, reading AUTS. The network side uses {@link Milenage}, checked on its own against
 * every TS 35.208 set, so the card is tested against an independent peer.
 */
final class TestCard {
    static final String K = "465B5CE8B199B49FAA5F0A2EE238A6BC";
    static final String OPC = "CD63CB71954A9F4E48A5994E37A02BAF";
    static final String RAND = "23553CBE9637A89D218AE64DAE47BF35";
    static final String IMSI = "001010000000001";
    static final String ICCID = "8988211000000000001";
    static final String USIM_AID = "A0000000871002FFFFFFFF8907090000";
    static final String ISIM_AID = "A0000000871004FFFFFFFF8907090000";
    /** TS 35.208 set 1: RES, CK, IK, and Kc = c3(CK, IK) from TS 55.205 set 1. */
    static final String RES = "A54211D5E3BA50BF";
    static final String CK = "B40BA9A3C58B2A05BBF0D987B21BF8CB";
    static final String IK = "F769BCD751044604127672711C6D3441";
    static final String KC = "EAE4BE823AF9A08B";
    static final String AMF = "8000";

    private static final Milenage NETWORK = Milenage.withOpc(Bytes.hex(K), Bytes.hex(OPC));

    private TestCard() {
    }

    static SimcardProfile profile() {
        return SimcardProfile.of(IMSI, ICCID, Bytes.hex(K), Bytes.hex(OPC));
    }

    /** AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A, as the home network builds it. */
    static String autn(String rand, long sqn, String amf) {
        byte[] r = Bytes.hex(rand);
        byte[] sqnBytes = Authentication.toBytes(sqn);
        byte[] ak = NETWORK.f2345(r).ak();
        byte[] concealed = new byte[6];
        for (int i = 0; i < 6; i++) {
            concealed[i] = (byte) (sqnBytes[i] ^ ak[i]);
        }
        return Bytes.text(concealed) + amf + Bytes.text(NETWORK.f1(r, sqnBytes, Bytes.hex(amf)));
    }

    /** AUTHENTICATE in the 3G context, {@code 00 88 00 81 22 10 RAND 10 AUTN}, as hex. */
    static String authenticate(String rand, String autn) {
        return "00880081 22 10" + rand + "10" + autn;
    }

    static String authenticate(long sqn) {
        return authenticate(RAND, autn(RAND, sqn, AMF));
    }

    /** The 3G answer the card must give for RAND of set 1 (after GET RESPONSE). */
    static String success(boolean withKc) {
        return "DB 08" + RES + "10" + CK + "10" + IK + (withKc ? "08" + KC : "") + "9000";
    }

    /** SQN_MS out of AUTS = (SQN_MS ⊕ f5*(RAND)) ‖ MAC-S, after checking MAC-S = f1*(RAND, SQN_MS, 0000). */
    static long sqnFromAuts(String rand, byte[] auts) {
        assertEquals(14, auts.length, "AUTS length");
        byte[] r = Bytes.hex(rand);
        byte[] akStar = NETWORK.f5star(r);
        byte[] sqnMs = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqnMs[i] = (byte) (auts[i] ^ akStar[i]);
        }
        assertArrayEquals(NETWORK.f1star(r, sqnMs, new byte[2]), Arrays.copyOfRange(auts, 6, 14), "MAC-S");
        return Authentication.toLong(sqnMs);
    }
}
