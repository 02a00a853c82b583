package org.simgate.gateway.usim;

import java.util.Arrays;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;
import org.simgate.transport.ResponseApdu;

/** AUTHENTICATE in the 3G/IMS-AKA security context (TS 31.102 §7.1.2, TS 31.103 §7.1.2). */
public final class AuthenticateApdu {
    private AuthenticateApdu() {
    }

    /**
     * {@code 00 88 00 81 22 10 RAND 10 AUTN}: sent in its T=0 form, without Le; the card
     * answers 61xx and the procedure-byte layer fetches the data.
     */
    public static byte[] command(byte[] rand, byte[] autn) {
        byte[] apdu = new byte[5 + 2 + rand.length + autn.length];
        apdu[1] = (byte) 0x88;
        apdu[3] = (byte) 0x81;
        apdu[4] = (byte) (2 + rand.length + autn.length);
        apdu[5] = (byte) rand.length;
        System.arraycopy(rand, 0, apdu, 6, rand.length);
        apdu[6 + rand.length] = (byte) autn.length;
        System.arraycopy(autn, 0, apdu, 7 + rand.length, autn.length);
        return apdu;
    }

    /**
     * Every outcome of the card: DB (RES, CK, IK, optional Kc) and DC (AUTS) with 9000, or a
     * status word. A 9000 answer that is not one of those shapes is a card protocol error.
     */
    public static AuthResult parse(byte[] rapdu) {
        ResponseApdu r = ResponseApdu.parse(rapdu);
        if (!r.isOk()) {
            return new AuthResult.Rejected(r.sw(), AuthResult.Reason.of(r.sw()));
        }
        byte[] d = r.data();
        if (d.length == 0) {
            throw malformed("no data");
        }
        Cursor c = new Cursor(d, 1);
        switch (d[0] & 0xff) {
            case 0xdb -> {
                byte[] res = c.lengthValue("RES");
                byte[] ck = c.lengthValue("CK");
                byte[] ik = c.lengthValue("IK");
                byte[] kc = c.atEnd() ? null : c.lengthValue("Kc");
                return new AuthResult.Success(res, ck, ik, kc);
            }
            case 0xdc -> {
                return new AuthResult.SyncFailure(c.lengthValue("AUTS"));
            }
            default -> throw malformed("unknown tag");
        }
    }

    private static SlotException malformed(String what) {
        return new SlotException(SlotException.Kind.CARD_PROTOCOL, "card answered AUTHENTICATE with a malformed response (" + what + ")");
    }

    private static final class Cursor {
        final byte[] data;
        int pos;

        Cursor(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        boolean atEnd() {
            return pos >= data.length;
        }

        byte[] lengthValue(String field) {
            if (pos >= data.length) {
                throw malformed(field + " missing");
            }
            int len = data[pos] & 0xff;
            if (len == 0 || pos + 1 + len > data.length) {
                throw malformed(field + " length");
            }
            byte[] value = Arrays.copyOfRange(data, pos + 1, pos + 1 + len);
            pos += 1 + len;
            return value;
        }
    }
}
