package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Tuak;
import org.simgate.transport.Bytes;

class SimcardProfileTest {
    private static final byte[] K = Bytes.hex(TestCard.K);
    private static final byte[] OPC = Bytes.hex(TestCard.OPC);

    @Test
    void defaultsOfAPlainProfile() {
        SimcardProfile p = TestCard.profile();
        assertTrue(p.sqnCheck());
        assertTrue(p.inserted());
        assertTrue(p.kcInAuthResponse());
        assertNull(p.stateFile());
        assertEquals(2, p.mncLength());
    }

    @Test
    void isimIdentitiesAreDerivedFromTheImsiWhenNotGiven() {
        SimcardProfile p = TestCard.profile();
        assertEquals("001010000000001@ims.mnc001.mcc001.3gppnetwork.org", p.impi());
        assertEquals("ims.mnc001.mcc001.3gppnetwork.org", p.domain());
        assertEquals(List.of("sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"), p.impu());
        SimcardProfile threeDigitMnc = SimcardProfile.of("310410123456789", TestCard.ICCID, K, OPC).withMncLength(3);
        assertEquals("ims.mnc410.mcc310.3gppnetwork.org", threeDigitMnc.domain());
        assertEquals("310410123456789@ims.mnc410.mcc310.3gppnetwork.org", threeDigitMnc.impi());
        assertEquals(List.of("sip:310410123456789@ims.mnc410.mcc310.3gppnetwork.org"), threeDigitMnc.impu());
        SimcardProfile given = TestCard.profile().withIsim("a@b", "b", List.of("sip:a@b")).withMncLength(3);
        assertEquals(List.of("a@b", "b", List.of("sip:a@b")), List.of(given.impi(), given.domain(), given.impu()));
        SimcardProfile fromConfig = new SimcardProfile(TestCard.IMSI, TestCard.ICCID, K, OPC, true, null, true,
                null, null, List.of(), true);
        assertEquals(TestCard.profile(), fromConfig);
    }

    @Test
    void opcCanBeDerivedFromOp() {
        SimcardProfile p = SimcardProfile.withOp(TestCard.IMSI, TestCard.ICCID, K, Bytes.hex("CDC202D5123E20F62B6D676AC72CB318"));
        assertArrayEquals(OPC, p.opc());
    }

    @Test
    void keysAreCopiedInAndOut() {
        byte[] k = K.clone();
        SimcardProfile p = SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, k, OPC);
        k[0] ^= 1;
        p.k()[1] ^= 1;
        assertArrayEquals(K, p.k());
        assertEquals(TestCard.profile(), p);
        assertEquals(TestCard.profile().hashCode(), p.hashCode());
        assertNotEquals(TestCard.profile(), SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, OPC, K));
    }

    @Test
    void toStringShowsNeitherKNorOpc() {
        String text = TestCard.profile().withStateFile(Path.of("var/slot0.sqn")).toString();
        assertTrue(text.contains("001010000000001"), text);
        assertTrue(text.contains("var/slot0.sqn"), text);
        assertNoSecret(text);
    }

    @Test
    void validationMessagesShowNeitherKNorOpc() {
        byte[] shortK = Arrays.copyOf(K, 15);
        byte[] longOpc = Arrays.copyOf(OPC, 17);
        List<Runnable> bad = List.of(
                () -> SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, shortK, OPC),
                () -> SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, K, longOpc),
                () -> SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, null, OPC),
                () -> SimcardProfile.withOp(TestCard.IMSI, TestCard.ICCID, shortK, OPC),
                () -> SimcardProfile.of("00101A", TestCard.ICCID, K, OPC),
                () -> SimcardProfile.of("0010100000000012", TestCard.ICCID, K, OPC),
                () -> SimcardProfile.of(TestCard.IMSI, "898821100000000", K, OPC),
                () -> SimcardProfile.of(TestCard.IMSI, "898821100000000000012", K, OPC),
                () -> TestCard.profile().withMncLength(4),
                () -> TestCard.profile().withIsim("x".repeat(251), null, null),
                () -> TestCard.profile().withIsim(null, null, List.of(" ")));
        for (Runnable r : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertNoSecret(e.getMessage());
        }
    }

    @Test
    void aTuakProfileKeepsItsKeysAndShowsNeither() {
        byte[] k = Bytes.hex("1574CA56881D05C189C82880F789C9CD4244955F4426AA2B69C29F15770E5AA5");
        byte[] topc = Bytes.hex("B04A66F26C62FCD6C82DE22A179AB65506ECF47F56245CD149966CFA9CEC7A51");
        AkaKeys.TuakKeys keys = new AkaKeys.TuakKeys(k, topc, new Tuak.Lengths(256, 256, 256, 256), 2);
        SimcardProfile p = SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys).withMncLength(3);
        assertEquals(keys, p.keys());
        assertArrayEquals(k, p.k());
        assertNull(p.opc(), "a TUAK card has TOPc, not OPc");
        assertEquals(p, SimcardProfile.of(TestCard.IMSI, TestCard.ICCID,
                new AkaKeys.TuakKeys(k.clone(), topc.clone(), new Tuak.Lengths(256, 256, 256, 256), 2)).withMncLength(3));
        assertNotEquals(p, p.withKeys(new AkaKeys.TuakKeys(k, topc, new Tuak.Lengths(256, 256, 256, 256), 1)));
        String text = p.toString();
        assertFalse(text.contains("1574CA56") || text.toLowerCase().contains("1574ca56"), text);
        assertFalse(text.toLowerCase().contains("b04a66f2"), text);
        assertTrue(text.contains("256-bit"), text);
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of(TestCard.K, TestCard.OPC, TestCard.K.substring(0, 30), TestCard.OPC.substring(0, 30))) {
            assertFalse(text.toUpperCase().contains(secret), text);
        }
        assertFalse(text.contains(Arrays.toString(K)), text);
        assertFalse(text.contains(Arrays.toString(OPC)), text);
    }
}
