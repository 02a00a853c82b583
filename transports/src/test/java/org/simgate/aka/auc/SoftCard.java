package org.simgate.aka.auc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.Hex;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SimcardTransport;

/** simgate's software USIM, driven by APDUs as a phone would: the AuC's vectors are checked on a real card model. */
final class SoftCard {
    private static final String USIM_AID = "A0000000871002FFFFFFFF8907090000";

    /** What the card answered to one AUTHENTICATE: the data of DB (RES, CK, IK…) or DC (AUTS), or a status word. */
    record Answer(String tag, byte[] body, String statusWord) {
        boolean success() {
            return "db".equals(tag);
        }

        byte[] res() {
            return Arrays.copyOfRange(body, 1, 1 + (body[0] & 0xff));
        }

        byte[] auts() {
            return Arrays.copyOfRange(body, 1, 15);
        }
    }

    private final SimcardTransport card;

    SoftCard(String imsi, AkaKeys keys) throws Exception {
        card = new SimcardTransport(SimcardProfile.of(imsi, "8988211000000000001", keys));
        card.connect();
        assertEquals("9000", send("00A4040C10" + USIM_AID));
    }

    Answer authenticate(AuthenticationVector v) throws Exception {
        return authenticate(v.rand(), v.autn());
    }

    Answer authenticate(byte[] rand, byte[] autn) throws Exception {
        String first = send("0088008122" + "10" + Hex.lower(rand) + "10" + Hex.lower(autn));
        if (!first.startsWith("61")) {
            return new Answer(null, new byte[0], first);
        }
        byte[] answer = Hex.decode(send("00C00000" + first.substring(2)));
        byte[] data = Arrays.copyOf(answer, answer.length - 2);
        return new Answer(Hex.lower(new byte[] {data[0]}), Arrays.copyOfRange(data, 1, data.length), "9000");
    }

    /** GSM context AUTHENTICATE: SRES ‖ Kc. */
    byte[] gsm(byte[] rand) throws Exception {
        String first = send("0088008011" + "10" + Hex.lower(rand));
        byte[] answer = Hex.decode(send("00C00000" + first.substring(2)));
        // 04 SRES 08 Kc 9000
        assertEquals(4, answer[0], "SRES length");
        assertEquals(8, answer[5], "Kc length");
        return concat(Arrays.copyOfRange(answer, 1, 5), Arrays.copyOfRange(answer, 6, 14));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String send(String apdu) throws Exception {
        return Hex.lower(card.transmit(Hex.decode(apdu)));
    }
}
