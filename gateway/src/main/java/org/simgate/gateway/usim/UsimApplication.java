package org.simgate.gateway.usim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.ResponseApdu;

/**
 * What simgate does with a UICC's USIM and ISIM: find them in EF.DIR, select one, AUTHENTICATE,
 * read IMSI and ICCID. Driven from the slot's thread only.
 *
 * <p>It remembers what the card has selected, so back-to-back authentications cost one APDU
 * exchange rather than EF.DIR + SELECT + AUTHENTICATE each time. That memory is slot state:
 * {@link #forgetSelection()} after anything else talked to the card (a raw APDU),
 * {@link #forgetCard()} after a reset or a card change.
 */
public final class UsimApplication {
    private static final int SW_OK = 0x9000;
    private static final int SW_FILE_NOT_FOUND = 0x6a82;
    private static final int MAX_DIR_RECORDS = 32;

    private final CardTransport card;
    private ApplicationDirectory directory;
    private boolean directoryMissing;
    private Application selected;

    /** @param card a transport with procedure-byte handling ({@code ProcedureBytes.wrap}) */
    public UsimApplication(CardTransport card) {
        this.card = card;
    }

    /** Something else selected files on the card: select again before the next command. */
    public void forgetSelection() {
        selected = null;
    }

    /** The card was reset or replaced: read EF.DIR again too. */
    public void forgetCard() {
        selected = null;
        directory = null;
        directoryMissing = false;
    }

    public AuthResult authenticate(Application app, byte[] rand, byte[] autn) throws CardTransportException {
        boolean wasSelected = selected == app;
        int sw = select(app);
        if (sw != SW_OK) {
            return new AuthResult.Rejected(sw, AuthResult.Reason.of(sw));
        }
        byte[] command = AuthenticateApdu.command(rand, autn);
        AuthResult result = AuthenticateApdu.parse(card.transmit(command));
        if (wasSelected && result instanceof AuthResult.Rejected r && selectionLost(r.statusWord())) {
            // the card lost the selection we remembered (reset behind our back): select and try once more
            selected = null;
            sw = select(app);
            if (sw != SW_OK) {
                return new AuthResult.Rejected(sw, AuthResult.Reason.of(sw));
            }
            result = AuthenticateApdu.parse(card.transmit(command));
        }
        return result;
    }

    /** The ICCID from EF.ICCID, or null if the card has none. */
    public String readIccid() throws CardTransportException {
        selected = null; // a path selection from MF leaves the ADF
        byte[] ef = readTransparent(hex("00a40804022fe2"), 10);
        return ef == null ? null : Bcd.iccid(ef);
    }

    /** The IMSI from the USIM's EF.IMSI, or null if the card has no USIM. */
    public String readImsi() throws CardTransportException {
        if (select(Application.USIM) != SW_OK) {
            return null;
        }
        byte[] ef = readTransparent(hex("00a40004026f07"), 9);
        return ef == null ? null : Bcd.imsi(ef);
    }

    /**
     * The length of the MNC in the IMSI, 2 or 3, as byte 4 of the USIM's EF.AD states it (TS 31.102
     * §4.2.18, bits b1 to b4); null when the card has no USIM or no EF.AD, the file stops before
     * byte 4, or the value is neither 2 nor 3. A real ME never guesses it from the MCC, nor does simgate.
     */
    public Integer readMncLength() throws CardTransportException {
        if (select(Application.USIM) != SW_OK) {
            return null;
        }
        byte[] ef = readTransparent(hex("00a40004026fad"), 4);
        if (ef == null || ef.length < 4) {
            return null;
        }
        int length = ef[3] & 0x0f;
        return length == 2 || length == 3 ? length : null;
    }

    /** The applications EF.DIR lists, as names for humans (USIM, ISIM, else label or AID). */
    public List<String> applications() throws CardTransportException {
        return directory().names();
    }

    private int select(Application app) throws CardTransportException {
        if (selected == app) {
            return SW_OK;
        }
        ApplicationDirectory dir = directory();
        byte[] aid = app == Application.USIM ? dir.usim() : dir.isim();
        if (aid == null) {
            if (!directoryMissing) {
                return SW_FILE_NOT_FOUND; // EF.DIR lists no such application
            }
            // no EF.DIR at all (old cards): select by the RID + application code prefix, which UICCs
            // resolve to the first matching application
            aid = app == Application.USIM ? ApplicationDirectory.USIM_PREFIX : ApplicationDirectory.ISIM_PREFIX;
        }
        byte[] command = new byte[5 + aid.length];
        command[1] = (byte) 0xa4;
        command[2] = 0x04;
        command[3] = 0x04;
        command[4] = (byte) aid.length;
        System.arraycopy(aid, 0, command, 5, aid.length);
        int sw = ResponseApdu.statusWord(card.transmit(command));
        selected = sw == SW_OK ? app : null;
        return sw;
    }

    private ApplicationDirectory directory() throws CardTransportException {
        if (directory != null) {
            return directory;
        }
        selected = null;
        List<byte[]> records = new ArrayList<>();
        ResponseApdu fcp = ResponseApdu.parse(card.transmit(hex("00a40804022f00")));
        if (fcp.sw() == SW_OK) {
            FileControlParameters p = FileControlParameters.parse(fcp.data());
            int count = p.recordCount() > 0 ? p.recordCount() : MAX_DIR_RECORDS;
            for (int i = 1; i <= Math.min(count, MAX_DIR_RECORDS); i++) {
                // Le = record length, or 00 and let the card's 6Cxx give the right one
                ResponseApdu r = ResponseApdu.parse(card.transmit(new byte[] {
                        0x00, (byte) 0xb2, (byte) i, 0x04, (byte) p.recordLength()}));
                if (r.sw() != SW_OK) {
                    break;
                }
                records.add(r.data());
            }
        } else {
            directoryMissing = true;
        }
        directory = ApplicationDirectory.parse(records);
        return directory;
    }

    /** SELECT (by the given command) then READ BINARY of up to {@code length} bytes; null on any SW error. */
    private byte[] readTransparent(byte[] selectCommand, int length) throws CardTransportException {
        ResponseApdu fcp = ResponseApdu.parse(card.transmit(selectCommand));
        if (fcp.sw() != SW_OK) {
            return null;
        }
        int size = FileControlParameters.parse(fcp.data()).fileSize();
        int le = size > 0 ? Math.min(size, length) : length;
        ResponseApdu data = ResponseApdu.parse(card.transmit(new byte[] {0x00, (byte) 0xb0, 0x00, 0x00, (byte) le}));
        return data.sw() == SW_OK ? data.data() : null;
    }

    private static boolean selectionLost(int sw) {
        return sw == 0x6985 || sw == 0x6986 || sw == 0x6d00;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    @Override
    public String toString() {
        return "UsimApplication[selected=" + selected + ", directory=" + (directory == null ? "unread"
                : Arrays.toString(directory.names().toArray())) + "]";
    }
}
