package org.simgate.subscriber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Tuak;
import org.simgate.transport.Hex;

/** The subscriber file: header-ordered columns, defaults, OP to OPc, TUAK rows, and one-line errors without secrets. */
class SubscriberFileTest {
    /** TS 35.208 test set 1. */
    static final String K1 = "465b5ce8b199b49faa5f0a2ee238a6bc";
    static final String OP1 = "cdc202d5123e20f62b6d676ac72cb318";
    static final String OPC1 = "cd63cb71954a9f4e48a5994e37a02baf";
    /** TS 35.233 test set 1 (TUAK). */
    static final String TUAK_K = "abababababababababababababababab";
    static final String TUAK_TOP = "5555555555555555555555555555555555555555555555555555555555555555";
    static final String TUAK_TOPC = "bd04d9530e87513c5d837ac2ad954623a8e2330c115305a73eb45d1f40cccbff";

    static Subscribers read(String text) throws Exception {
        return SubscriberFile.read("subscribers.csv", new StringReader(text), 2);
    }

    static SubscriberFileError error(String text) {
        return assertThrows(SubscriberFileError.class, () -> read(text));
    }

    @Test
    void readsTheColumnsInTheHeadersOrder() throws Exception {
        Subscribers all = read("algorithm,sqn,amf,opc,k,imsi\n"
                + "milenage,000000000020,8001," + OPC1 + "," + K1 + ",001010000000001\n");
        Subscriber s = all.find("001010000000001");
        assertEquals("milenage", s.algorithm());
        assertArrayEquals(Hex.decode(K1), s.k());
        assertArrayEquals(Hex.decode(OPC1), s.opc());
        assertNull(s.topc());
        assertEquals(0x8001, s.amf());
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, s.amfBytes());
        assertEquals(0x20, s.sqn());
        assertArrayEquals(Hex.decode("000000000020"), s.sqnBytes());
        assertEquals(2, s.mncLength());
    }

    @Test
    void opcIsComputedFromOp() throws Exception {
        Subscriber s = read("imsi,k,op\n001010000000001," + K1 + "," + OP1.toUpperCase() + "\n").all().get(0);
        assertArrayEquals(Hex.decode(OPC1), s.opc());
    }

    @Test
    void aFileMayHaveBothOperatorColumnsAndEachRowSetsOne() throws Exception {
        Subscribers all = read("imsi,k,opc,op\n001010000000001," + K1 + "," + OPC1 + ",\n001010000000002," + K1 + ",,"
                + OP1 + "\n");
        assertArrayEquals(all.all().get(0).opc(), all.all().get(1).opc());
    }

    @Test
    void optionalColumnsTakeTheirDefaults() throws Exception {
        Subscriber s = read("imsi,k,opc,amf,sqn,algorithm\n001010000000001," + K1 + "," + OPC1 + ",,,\n").all().get(0);
        assertEquals(0x8000, s.amf());
        assertEquals(0, s.sqn());
        assertEquals("milenage", s.algorithm());
        assertEquals(Subscriber.derivedIccid("001010000000001"), s.iccid());
    }

    @Test
    void tuakRowsTakeTopcOrTopAndTheCardsParameters() throws Exception {
        Subscribers all = read("imsi,k,opc,op,algorithm,mac-length,res-length,ck-ik-length,keccak-iterations\n"
                + "001010000000001," + TUAK_K + "," + TUAK_TOPC + ",,tuak,,,,\n"
                + "001010000000002," + TUAK_K + ",," + TUAK_TOP + ",TUAK,128,32,256,2\n");
        Subscriber plain = all.all().get(0);
        assertEquals("tuak", plain.algorithm());
        assertArrayEquals(Hex.decode(TUAK_TOPC), plain.topc());
        assertNull(plain.opc());
        assertEquals(new AkaKeys.TuakKeys(Hex.decode(TUAK_K), Hex.decode(TUAK_TOPC), Tuak.Lengths.DEFAULT, 1), plain.keys());
        AkaKeys.TuakKeys tuned = (AkaKeys.TuakKeys) all.all().get(1).keys();
        assertEquals(new Tuak.Lengths(128, 32, 256, 256), tuned.lengths());
        assertEquals(2, tuned.iterations());
        assertArrayEquals(Tuak.topcFromTop(Hex.decode(TUAK_K), Hex.decode(TUAK_TOP), 2), tuned.topc());
    }

    @Test
    void aTuakKeyMayBe256Bits() throws Exception {
        Subscriber s = read("imsi,k,opc,algorithm\n001010000000001," + TUAK_K + TUAK_K + "," + TUAK_TOPC + ",tuak\n")
                .all().get(0);
        assertEquals(32, s.k().length);
    }

    @Test
    void commentsBlankLinesCrlfAndSpacesAroundCellsAreFine() throws Exception {
        Subscribers all = read("\uFEFF# lab subscribers\r\n\r\n imsi , k , opc \r\n# the first\r\n001010000000001 , " + K1
                + " , " + OPC1 + "\r\n\r\n");
        assertEquals(1, all.size());
        assertEquals(0, all.indexOf("001010000000001"));
        assertEquals(-1, all.indexOf("001010000000002"));
        assertNull(all.find("001010000000002"));
    }

    @Test
    void theIsimIdentityIsDerivedFromTheImsiWithTheMncLength() throws Exception {
        Subscribers all = read("imsi,k,opc,mnc-length\n001010000000001," + K1 + "," + OPC1 + ",\n310150123456789," + K1
                + "," + OPC1 + ",3\n");
        Subscriber two = all.all().get(0);
        assertEquals("001010000000001@ims.mnc001.mcc001.3gppnetwork.org", two.impi());
        assertEquals(List.of("sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"), two.impu());
        Subscriber three = all.all().get(1);
        assertEquals("310", three.mcc());
        assertEquals("150", three.mnc());
        assertEquals("310150123456789@ims.mnc150.mcc310.3gppnetwork.org", three.impi());
        assertEquals("ims.mnc150.mcc310.3gppnetwork.org", three.homeDomain());
        assertEquals(three.impi(), three.cardProfile().impi());
        assertEquals(3, three.cardProfile().mncLength());
    }

    @Test
    void theDefaultMncLengthIsTheLoaders() throws Exception {
        Subscriber s = SubscriberFile.read("x.csv", new StringReader("imsi,k,opc\n310150123456789," + K1 + "," + OPC1),
                3).all().get(0);
        assertEquals("ims.mnc150.mcc310.3gppnetwork.org", s.homeDomain());
    }

    @Test
    void theDerivedIccidIsTwentyDigitsWithALuhnCheckDigit() {
        // 8999 + 001010000000001 = 8999001010000000001, Luhn over it gives 0 (checked with an independent Luhn)
        assertEquals("89990010100000000010", Subscriber.derivedIccid("001010000000001"));
        assertEquals("89990000000001234562", Subscriber.derivedIccid("123456"));
        assertFalse(Subscriber.derivedIccid("001010000000001").equals(Subscriber.derivedIccid("001010000000010")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // row after the header 'imsi,k,opc,amf,sqn,algorithm'  | the error
        "00101000000000x," + K1 + "," + OPC1 + ",,,            | subscribers.csv:2: imsi: must be 6 to 15 decimal digits",
        "001010000000001," + K1 + "0," + OPC1 + ",,,           | subscribers.csv:2: k: must be 32 hex characters (16 bytes)",
        "001010000000001,g65b5ce8b199b49faa5f0a2ee238a6bc," + OPC1 + ",,, | subscribers.csv:2: k: must be hex (0-9, a-f)",
        "001010000000001," + K1 + ",,,,                        | subscribers.csv:2: opc: empty (set opc or op)",
        "001010000000001," + K1 + "," + OPC1 + ",800,,         | subscribers.csv:2: amf: must be 4 hex characters (16 bits)",
        "001010000000001," + K1 + "," + OPC1 + ",,1000000000000, | subscribers.csv:2: sqn: must be 1 to 12 hex characters (48 bits)",
        "001010000000001," + K1 + "," + OPC1 + ",,,comp128    | subscribers.csv:2: algorithm: must be milenage or tuak",
        "001010000000001," + K1 + "00," + OPC1 + ",,,tuak      | subscribers.csv:2: k: must be 32 or 64 hex characters (16 or 32 bytes)",
        "001010000000001," + TUAK_K + "," + OPC1 + ",,,tuak    | subscribers.csv:2: opc: must be 64 hex characters (32 bytes: TUAK's TOPc)",
        "001010000000001," + K1 + "," + OPC1 + ",,             | subscribers.csv:2: has 5 cells, the header names 6 columns",
    })
    void aBadRowIsOneLineNamingFileLineAndColumn(String row, String message) {
        SubscriberFileError e = error("imsi,k,opc,amf,sqn,algorithm\n" + row.strip() + "\n");
        assertEquals(message, e.getMessage());
        assertEquals(2, e.line());
        assertNoSecret(e);
    }

    @Test
    void aMilenageRowWithTuakParametersIsRefused() {
        SubscriberFileError e = error("imsi,k,opc,res-length\n001010000000001," + K1 + "," + OPC1 + ",32\n");
        assertEquals("subscribers.csv:2: res-length: only for algorithm tuak", e.getMessage());
    }

    @Test
    void aRowThatSetsOpcAndOpIsRefused() {
        SubscriberFileError e = error("imsi,k,opc,op\n001010000000001," + K1 + "," + OPC1 + "," + OP1 + "\n");
        assertEquals("subscribers.csv:2: op: set either opc or op, not both", e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void aDuplicateImsiIsRefusedNamingTheFirstLine() {
        SubscriberFileError e = error("imsi,k,opc\n# one\n001010000000001," + K1 + "," + OPC1 + "\n001010000000001," + K1
                + "," + OPC1 + "\n");
        assertEquals("subscribers.csv:4: imsi: 001010000000001 is already on line 3 (an IMSI names one subscriber)",
                e.getMessage());
        assertEquals("imsi", e.column());
    }

    @Test
    void theHeaderMustNameKnownColumnsOnceAndTheRequiredOnes() {
        assertEquals("subscribers.csv:1: header: unknown column 'ki' (known: imsi, k, opc, op, amf, sqn, algorithm, "
                + "mac-length, res-length, ck-ik-length, keccak-iterations, mnc-length, iccid)",
                error("imsi,ki,opc\n").getMessage());
        assertEquals("subscribers.csv:1: header: column 'k' is named twice", error("imsi,k,opc,k\n").getMessage());
        assertEquals("subscribers.csv:1: header: no column 'k'", error("imsi,opc\n").getMessage());
        assertEquals("subscribers.csv:1: header: no column 'opc' or 'op'", error("imsi,k\n").getMessage());
        assertEquals("subscribers.csv: no header line (it names the columns, e.g. imsi,k,opc,amf,sqn,algorithm)",
                error("# nothing\n\n").getMessage());
    }

    @Test
    void aMissingHeaderDoesNotQuoteTheFirstRowsKeys() {
        SubscriberFileError e = error("001010000000001," + K1 + "," + OPC1 + "\n");
        assertTrue(e.getMessage().startsWith("subscribers.csv:1: header: "), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void aFileThatCannotBeReadIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("none.csv");
        SubscriberFileError e = assertThrows(SubscriberFileError.class, () -> SubscriberFile.read(missing, 2));
        assertTrue(e.getMessage().startsWith(missing + ": cannot be read (NoSuchFileException"), e.getMessage());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("subscribers.csv");
        Files.writeString(file, "imsi,k,opc\n001010000000001," + K1 + "," + OPC1 + "\n");
        assertEquals(1, SubscriberFile.read(file, 2).size());
    }

    @Test
    void toStringShowsNoKey() throws Exception {
        Subscriber s = read("imsi,k,opc\n001010000000001," + K1 + "," + OPC1 + "\n").all().get(0);
        String text = s.toString() + s.cardProfile();
        assertFalse(text.contains(K1) || text.contains(OPC1), text);
        assertTrue(text.contains("001010000000001"));
    }

    private static void assertNoSecret(SubscriberFileError e) {
        for (String secret : List.of(K1, OPC1, OP1, TUAK_K, "g65b5ce8b199b49faa5f0a2ee238a6bc")) {
            assertFalse(e.getMessage().toLowerCase().contains(secret.substring(0, 16)), e.getMessage());
        }
    }
}
