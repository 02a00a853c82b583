package org.simgate.transport.simcard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.simgate.transport.simcard.CardFile.Dedicated;
import org.simgate.transport.simcard.CardFile.LinearFixed;
import org.simgate.transport.simcard.CardFile.Transparent;

/**
 * The card's files, built once from its profile:
 * <pre>
 * MF 3F00
 * ├── EF.DIR   2F00  linear fixed, SFI 1E, one application template per ADF (TS 102 221 §13.1)
 * ├── EF.ICCID 2FE2  transparent, SFI 02, 10 bytes BCD, nibbles swapped (TS 102 221 §13.2)
 * ├── ADF.USIM (FCP FID 7FF0)
 * │   ├── EF.IMSI 6F07  transparent, SFI 07 (TS 31.102 §4.2.2)
 * │   └── EF.AD   6FAD  transparent, SFI 03, byte 4 = MNC length (TS 31.102 §4.2.18)
 * └── ADF.ISIM (FCP FID 7FF1)
 *     ├── EF.IMPI   6F02  transparent, SFI 02, TLV 80 (TS 31.103 §4.2.2)
 *     ├── EF.DOMAIN 6F03  transparent, SFI 05, TLV 80 (§4.2.3)
 *     └── EF.IMPU   6F04  linear fixed, SFI 04, one TLV 80 per record (§4.2.4)
 * </pre>
 */
final class FileTree {
    static final int MF = 0x3F00;
    static final int EF_DIR = 0x2F00;
    static final int EF_ICCID = 0x2FE2;
    static final int EF_IMSI = 0x6F07;
    static final int EF_AD = 0x6FAD;
    static final int EF_IMPI = 0x6F02;
    static final int EF_DOMAIN = 0x6F03;
    static final int EF_IMPU = 0x6F04;
    /** Real cards size EF.DIR records for longer labels than ours; 38 bytes is a common choice. */
    private static final int DIR_RECORD_LENGTH = 38;

    private final Dedicated mf;
    private final List<Dedicated> adfs;
    private final Map<CardFile, Dedicated> parents = new IdentityHashMap<>();

    private FileTree(Dedicated mf, List<Dedicated> adfs) {
        this.mf = mf;
        this.adfs = List.copyOf(adfs);
        link(mf);
    }

    static FileTree of(SimcardProfile p) {
        Dedicated usim = new Dedicated(UiccApplication.USIM.fid(), UiccApplication.USIM, List.of(
                new Transparent(EF_IMSI, 0x07, imsi(p.imsi())),
                new Transparent(EF_AD, 0x03, Tlv.bytes(0x00, 0x00, 0x00, p.mncLength()))));
        List<byte[]> impuRecords = new ArrayList<>();
        int impuLength = 0;
        for (String uri : p.impu()) {
            impuLength = Math.max(impuLength, utf8Tlv(uri).length);
        }
        for (String uri : p.impu()) {
            impuRecords.add(padded(utf8Tlv(uri), impuLength));
        }
        Dedicated isim = new Dedicated(UiccApplication.ISIM.fid(), UiccApplication.ISIM, List.of(
                new Transparent(EF_IMPI, 0x02, utf8Tlv(p.impi())),
                new Transparent(EF_DOMAIN, 0x05, utf8Tlv(p.domain())),
                new LinearFixed(EF_IMPU, 0x04, impuLength, impuRecords)));
        List<Dedicated> adfs = List.of(usim, isim);
        List<byte[]> dir = new ArrayList<>();
        for (Dedicated adf : adfs) {
            UiccApplication app = adf.application();
            byte[] template = Tlv.of(0x61, Tlv.of(0x4F, app.aid()),
                    Tlv.of(0x50, app.label().getBytes(StandardCharsets.US_ASCII)));
            dir.add(padded(template, DIR_RECORD_LENGTH));
        }
        Dedicated mf = new Dedicated(MF, null, List.of(
                new LinearFixed(EF_DIR, 0x1E, DIR_RECORD_LENGTH, dir),
                new Transparent(EF_ICCID, 0x02, iccid(p.iccid())),
                usim, isim));
        return new FileTree(mf, adfs);
    }

    Dedicated mf() {
        return mf;
    }

    /** The DF that holds the file; null for the MF. */
    Dedicated parentOf(CardFile file) {
        return parents.get(file);
    }

    /** The first ADF (in EF.DIR order) whose AID starts with the given bytes, or null. */
    Dedicated adfByAid(byte[] aidOrPrefix) {
        for (Dedicated adf : adfs) {
            if (adf.aidStartsWith(aidOrPrefix)) {
                return adf;
            }
        }
        return null;
    }

    /** Total size of the EFs under a DF, for the FCP's tag 81. */
    int totalSize(Dedicated df) {
        int size = 0;
        for (CardFile f : df.children()) {
            size += f instanceof Dedicated d ? totalSize(d) : ((CardFile.Elementary) f).size();
        }
        return size;
    }

    private void link(Dedicated df) {
        for (CardFile child : df.children()) {
            parents.put(child, df);
            if (child instanceof Dedicated d) {
                link(d);
            }
        }
    }

    /** EF.IMSI: length byte, then the parity/type nibble (1 = IMSI, 8 = odd digit count) and the digits, F-padded. */
    static byte[] imsi(String imsi) {
        byte[] ef = new byte[9];
        Arrays.fill(ef, (byte) 0xFF);
        int[] nibbles = new int[imsi.length() + 1];
        nibbles[0] = imsi.length() % 2 == 1 ? 0x9 : 0x1;
        for (int i = 0; i < imsi.length(); i++) {
            nibbles[i + 1] = imsi.charAt(i) - '0';
        }
        int used = (nibbles.length + 1) / 2;
        ef[0] = (byte) used;
        for (int i = 0; i < nibbles.length; i++) {
            int b = 1 + i / 2;
            if (i % 2 == 0) {
                ef[b] = (byte) (0xF0 | nibbles[i]);
            } else {
                ef[b] = (byte) ((ef[b] & 0x0F) | (nibbles[i] << 4));
            }
        }
        return ef;
    }

    /** EF.ICCID: 10 bytes of BCD with the nibbles of each byte swapped, F-padded. */
    static byte[] iccid(String iccid) {
        byte[] ef = new byte[10];
        Arrays.fill(ef, (byte) 0xFF);
        for (int i = 0; i < iccid.length(); i++) {
            int digit = iccid.charAt(i) - '0';
            int b = i / 2;
            ef[b] = (byte) (i % 2 == 0 ? (ef[b] & 0xF0) | digit : (ef[b] & 0x0F) | (digit << 4));
        }
        return ef;
    }

    private static byte[] utf8Tlv(String value) {
        return Tlv.of(0x80, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] padded(byte[] value, int length) {
        byte[] record = Arrays.copyOf(value, length);
        Arrays.fill(record, value.length, length, (byte) 0xFF);
        return record;
    }
}
