package org.simgate.transport.simcard;

import org.simgate.transport.simcard.CardFile.Dedicated;
import org.simgate.transport.simcard.CardFile.LinearFixed;
import org.simgate.transport.simcard.CardFile.Transparent;

/**
 * The FCP template a SELECT (P2 = 04) or STATUS answers with (TS 102 221 §11.1.1.3): file descriptor
 * (82), file identifier (83), DF name (84, ADFs only), life cycle status (8A, operational and
 * activated), and for DFs a PIN status template with no PIN enabled (C6) and the total size (81),
 * for EFs the file size (80) and the SFI (88). The security attributes a real card adds (8B) are
 * left out: this card has no access conditions and no EF.ARR to point at.
 */
final class FcpTemplate {
    private static final byte[] OPERATIONAL_ACTIVATED = {0x05};
    private static final byte[] NO_PIN_ENABLED = Tlv.of(0x90, new byte[] {0x00});

    private FcpTemplate() {
    }

    static byte[] of(CardFile file, FileTree tree) {
        byte[] fid = Tlv.of(0x83, Tlv.twoBytes(file.fid()));
        byte[] lifeCycle = Tlv.of(0x8A, OPERATIONAL_ACTIVATED);
        if (file instanceof Dedicated df) {
            // 78 = DF, 21 = UICC data coding byte
            byte[] descriptor = Tlv.of(0x82, Tlv.bytes(0x78, 0x21));
            byte[] name = df.isAdf() ? Tlv.of(0x84, df.application().aid()) : new byte[0];
            return Tlv.of(0x62, descriptor, fid, name, lifeCycle, Tlv.of(0xC6, NO_PIN_ENABLED),
                    Tlv.of(0x81, Tlv.twoBytes(tree.totalSize(df))));
        }
        byte[] descriptor;
        int sfi;
        if (file instanceof LinearFixed ef) {
            // 42 = working EF, linear fixed; then record length (2 bytes) and number of records
            descriptor = Tlv.of(0x82, Tlv.bytes(0x42, 0x21, ef.recordLength() >>> 8, ef.recordLength(),
                    ef.records().size()));
            sfi = ef.sfi();
        } else {
            Transparent ef = (Transparent) file;
            descriptor = Tlv.of(0x82, Tlv.bytes(0x41, 0x21));
            sfi = ef.sfi();
        }
        byte[] size = Tlv.of(0x80, Tlv.twoBytes(((CardFile.Elementary) file).size()));
        byte[] shortId = sfi == 0 ? Tlv.of(0x88) : Tlv.of(0x88, Tlv.bytes(sfi << 3));
        return Tlv.of(0x62, descriptor, fid, lifeCycle, size, shortId);
    }
}
