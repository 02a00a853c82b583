package org.simgate.gateway.usim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The applications a UICC lists in EF.DIR (TS 102 221 §13.1): each record is an application
 * template {@code 61 L 4F L <AID> [50 L <label>] …}. USIM and ISIM are recognised by the 3GPP RID and
 * application code (TS 101 220 Annex E), never by a vendor's suffix.
 */
public record ApplicationDirectory(List<Entry> entries) {
    static final byte[] USIM_PREFIX = HexFormat.of().parseHex("a0000000871002");
    static final byte[] ISIM_PREFIX = HexFormat.of().parseHex("a0000000871004");

    public record Entry(byte[] aid, String label) {
        public String aidHex() {
            return HexFormat.of().formatHex(aid);
        }
    }

    /** Parses EF.DIR records; records that are erased (FF…) or malformed are skipped. */
    public static ApplicationDirectory parse(List<byte[]> records) {
        List<Entry> entries = new ArrayList<>();
        for (byte[] record : records) {
            Entry entry = parseRecord(record);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new ApplicationDirectory(List.copyOf(entries));
    }

    private static Entry parseRecord(byte[] r) {
        if (r.length < 2 || (r[0] & 0xff) != 0x61) {
            return null;
        }
        int end = Math.min(r.length, 2 + (r[1] & 0xff));
        byte[] aid = null;
        String label = null;
        for (int i = 2; i + 1 < end; ) {
            int tag = r[i] & 0xff;
            int len = r[i + 1] & 0xff;
            if (i + 2 + len > end) {
                break;
            }
            if (tag == 0x4f) {
                aid = Arrays.copyOfRange(r, i + 2, i + 2 + len);
            } else if (tag == 0x50) {
                label = new String(r, i + 2, len, java.nio.charset.StandardCharsets.UTF_8);
            }
            i += 2 + len;
        }
        return aid == null || aid.length == 0 ? null : new Entry(aid, label);
    }

    /** The first USIM application's AID, or null. */
    public byte[] usim() {
        return first(USIM_PREFIX);
    }

    /** The first ISIM application's AID, or null. */
    public byte[] isim() {
        return first(ISIM_PREFIX);
    }

    private byte[] first(byte[] prefix) {
        for (Entry e : entries) {
            if (e.aid.length >= prefix.length && Arrays.equals(e.aid, 0, prefix.length, prefix, 0, prefix.length)) {
                return e.aid;
            }
        }
        return null;
    }

    /** Names for humans: USIM, ISIM, else the label or the AID in hex. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            if (startsWith(e.aid, USIM_PREFIX)) {
                names.add("USIM");
            } else if (startsWith(e.aid, ISIM_PREFIX)) {
                names.add("ISIM");
            } else {
                names.add(e.label != null && !e.label.isBlank() ? e.label : e.aidHex());
            }
        }
        return names;
    }

    private static boolean startsWith(byte[] aid, byte[] prefix) {
        return aid.length >= prefix.length && Arrays.equals(aid, 0, prefix.length, prefix, 0, prefix.length);
    }
}
