package org.simgate.transport.simcard;

import java.util.HexFormat;

/**
 * The applications on the software UICC. The AIDs are the 3GPP RID A000000087 with the application
 * code (1002 USIM, 1004 ISIM, TS 101 220 Annex E) and a vendor-style suffix; simgate itself never
 * relies on that suffix, it reads the AIDs from EF.DIR.
 */
enum UiccApplication {
    USIM("A0000000871002FFFFFFFF8907090000", "USIM", 0x7FF0),
    ISIM("A0000000871004FFFFFFFF8907090000", "ISIM", 0x7FF1);

    private final byte[] aid;
    private final String label;
    private final int fid;

    UiccApplication(String aid, String label, int fid) {
        this.aid = HexFormat.of().parseHex(aid);
        this.label = label;
        this.fid = fid;
    }

    byte[] aid() {
        return aid.clone();
    }

    String label() {
        return label;
    }

    /** The file identifier the ADF shows in its FCP (as real cards do, 7FFx). */
    int fid() {
        return fid;
    }
}
