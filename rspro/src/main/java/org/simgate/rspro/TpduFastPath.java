package org.simgate.rspro;

import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;

/**
 * The TPDU messages, which carry every APDU of a remsim session, written and read without building an
 * ASN.1 object tree: each costs several microseconds on the general path, a round trip pays four.
 * Writes exactly the DER the general path writes. Reads only the canonical DER form of a whole
 * TPDU PDU (definite lengths, the four components and nothing more, minimal integers, booleans 00/FF)
 * and answers null for anything else, which then takes the general path: this never accepts what
 * that path would refuse, nor reads anything differently (RsproTpduFastPathTest compares them).
 */
final class TpduFastPath {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BOOLEAN = 0x01;
    private static final int OCTET_STRING = 0x04;
    private static final int MSG = 0xA2;
    private static final int MODEM_TO_CARD = 0xAC;
    private static final int CARD_TO_MODEM = 0xAD;

    private TpduFastPath() {
    }

    /** The DER of {@code pdu} when it carries a TPDU message, else null. */
    static byte[] encode(RsproPdu pdu) {
        byte[] body;
        int choice;
        if (pdu.msg() instanceof TpduModemToCard m) {
            body = tpdu(slot(m.fromClientSlot().clientId(), m.fromClientSlot().slotNr()),
                    slot(m.toBankSlot().bankId(), m.toBankSlot().slotNr()), m.flags(), m.data());
            choice = MODEM_TO_CARD;
        } else if (pdu.msg() instanceof TpduCardToModem m) {
            body = tpdu(slot(m.fromBankSlot().bankId(), m.fromBankSlot().slotNr()),
                    slot(m.toClientSlot().clientId(), m.toClientSlot().slotNr()), m.flags(), m.data());
            choice = CARD_TO_MODEM;
        } else {
            return null;
        }
        byte[] alternative = tlv(choice, body);
        byte[] msg = tlv(MSG, alternative);
        byte[] version = tlv(0x80, integer(pdu.version()));
        byte[] tag = tlv(0x81, integer(pdu.tag()));
        return tlv(SEQUENCE, concat(version, tag, msg));
    }

    private static byte[] tpdu(byte[] from, byte[] to, TpduFlags flags, byte[] data) {
        byte[] flagBytes = tlv(SEQUENCE, concat(bool(flags.tpduHeaderPresent()), bool(flags.finalPart()),
                bool(flags.procByteContinueTx()), bool(flags.procByteContinueRx())));
        return concat(from, to, flagBytes, tlv(OCTET_STRING, data));
    }

    private static byte[] slot(int id, int slotNr) {
        return tlv(SEQUENCE, concat(tlv(INTEGER, integer(id)), tlv(INTEGER, integer(slotNr))));
    }

    private static byte[] bool(boolean value) {
        return new byte[] {BOOLEAN, 1, (byte) (value ? 0xFF : 0x00)};
    }

    /** The minimal two's-complement contents of a non-negative int. */
    private static byte[] integer(int value) {
        int bytes = 1;
        while (bytes < 5 && (value >>> (8 * bytes - 1)) != 0) {
            bytes++;
        }
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[bytes - 1 - i] = (byte) (i < 4 ? value >>> (8 * i) : 0);
        }
        return out;
    }

    private static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        int header = n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
        byte[] out = new byte[header + n];
        out[0] = (byte) tag;
        if (n < 0x80) {
            out[1] = (byte) n;
        } else {
            int lengthBytes = header - 2;
            out[1] = (byte) (0x80 | lengthBytes);
            for (int i = 0; i < lengthBytes; i++) {
                out[2 + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
            }
        }
        System.arraycopy(content, 0, out, header, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    // ---------------------------------------------------------------- reading

    /** The PDU when {@code buffer[offset, offset + length)} is the canonical DER of a TPDU PDU, else null. */
    static RsproPdu decode(byte[] buffer, int offset, int length) {
        Reader r = new Reader(buffer, offset, offset + length);
        int pduEnd = r.enter(SEQUENCE);
        if (pduEnd != offset + length) {
            return null;
        }
        long version = r.integer(0x80);
        long tag = r.integer(0x81);
        int msgEnd = r.enter(MSG);
        if (r.failed || msgEnd != pduEnd || version > Ranges.MAX_VERSION || tag > Integer.MAX_VALUE) {
            return null;
        }
        int choice = r.peek();
        int altEnd = r.enter(choice);
        if (altEnd != msgEnd || (choice != MODEM_TO_CARD && choice != CARD_TO_MODEM)) {
            return null;
        }
        long fromId = -1;
        long fromNr = -1;
        int fromEnd = r.enter(SEQUENCE);
        fromId = r.integer(INTEGER);
        fromNr = r.integer(INTEGER);
        r.end(fromEnd);
        int toEnd = r.enter(SEQUENCE);
        long toId = r.integer(INTEGER);
        long toNr = r.integer(INTEGER);
        r.end(toEnd);
        int flagsEnd = r.enter(SEQUENCE);
        boolean header = r.bool();
        boolean last = r.bool();
        boolean continueTx = r.bool();
        boolean continueRx = r.bool();
        r.end(flagsEnd);
        byte[] data = r.octets();
        r.end(altEnd);
        if (r.failed || fromId > Ranges.MAX_ID || fromNr > Ranges.MAX_ID || toId > Ranges.MAX_ID
                || toNr > Ranges.MAX_ID) {
            return null;
        }
        TpduFlags flags = new TpduFlags(header, last, continueTx, continueRx);
        RsproMessage msg = choice == MODEM_TO_CARD
                ? new TpduModemToCard(new ClientSlot((int) fromId, (int) fromNr), new BankSlot((int) toId, (int) toNr),
                        flags, data)
                : new TpduCardToModem(new BankSlot((int) fromId, (int) fromNr), new ClientSlot((int) toId, (int) toNr),
                        flags, data);
        return new RsproPdu((int) version, (int) tag, msg);
    }

    /** A cursor that turns {@code failed} on at the first thing it does not expect and then reads nothing. */
    private static final class Reader {
        private final byte[] buffer;
        private final int limit;
        private int at;
        boolean failed;

        Reader(byte[] buffer, int at, int limit) {
            this.buffer = buffer;
            this.at = at;
            this.limit = limit;
        }

        int peek() {
            return !failed && at < limit ? buffer[at] & 0xFF : -1;
        }

        /** Reads the header of a {@code tag} element; answers where its contents end. */
        int enter(int tag) {
            if (failed || at + 2 > limit || (buffer[at] & 0xFF) != tag) {
                failed = true;
                return -1;
            }
            at++;
            int first = buffer[at++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7F;
                // DER: the long form only when needed, without leading zero octets; two octets at most here
                if (n < 1 || n > 2 || at + n > limit || buffer[at] == 0) {
                    failed = true;
                    return -1;
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (buffer[at++] & 0xFF);
                }
                if (length < 0x80 || (n == 2 && length < 0x100)) {
                    failed = true;
                    return -1;
                }
            }
            if (length > limit - at) {
                failed = true;
                return -1;
            }
            return at + length;
        }

        void end(int expected) {
            if (!failed && at != expected) {
                failed = true;
            }
        }

        /** A non-negative INTEGER of at most 4 contents octets, minimally encoded; -1 when not. */
        long integer(int tag) {
            int end = enter(tag);
            if (failed) {
                return -1;
            }
            int n = end - at;
            if (n < 1 || n > 5 || (buffer[at] & 0x80) != 0
                    || (n > 1 && buffer[at] == 0 && (buffer[at + 1] & 0x80) == 0)) {
                failed = true;
                return -1;
            }
            long value = 0;
            for (int i = 0; i < n; i++) {
                value = (value << 8) | (buffer[at++] & 0xFF);
            }
            return value;
        }

        boolean bool() {
            int end = enter(BOOLEAN);
            if (failed || end - at != 1 || (buffer[at] != 0 && buffer[at] != (byte) 0xFF)) {
                failed = true;
                return false;
            }
            return buffer[at++] != 0;
        }

        byte[] octets() {
            int end = enter(OCTET_STRING);
            if (failed) {
                return null;
            }
            byte[] data = new byte[end - at];
            System.arraycopy(buffer, at, data, 0, data.length);
            at = end;
            return data;
        }
    }
}
