package org.simgate.aka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.simgate.transport.Hex;

/** TS 35.208 test set 1 (MILENAGE) seen from the network side. */
class AuthenticationCentreTest {
    private static final byte[] K = Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = Hex.decode("cd63cb71954a9f4e48a5994e37a02baf");
    private static final byte[] RAND = Hex.decode("23553cbe9637a89d218ae64dae47bf35");
    private static final long SQN = 0xff9bb4d0b607L;
    private static final byte[] AMF = Hex.decode("b9b9");

    private final AuthenticationCentre centre = new AuthenticationCentre(Milenage.withOpc(K, OPC));

    @Test
    void autnIsSqnXorAkThenAmfThenMacA() {
        AuthenticationVector v = centre.generate(RAND, SQN, AMF);

        byte[] autn = v.autn();
        // SQN ff9bb4d0b607 xor AK aa689c648370
        byte[] sqnXorAk = Hex.decode("55f328b43577");
        for (int i = 0; i < 6; i++) {
            assertEquals(sqnXorAk[i], autn[i], "AUTN byte " + i + " (SQN xor AK)");
        }
        assertEquals((byte) 0xb9, autn[6], "AUTN byte 6 (AMF)");
        assertEquals((byte) 0xb9, autn[7], "AUTN byte 7 (AMF)");
        byte[] macA = Hex.decode("4a9ffac354dfafb3");
        for (int i = 0; i < 8; i++) {
            assertEquals(macA[i], autn[8 + i], "AUTN byte " + (8 + i) + " (MAC-A)");
        }
        assertEquals("55f328b43577b9b94a9ffac354dfafb3", Hex.lower(autn));
    }

    @Test
    void vectorCarriesTheTestSetAnswers() {
        AuthenticationVector v = centre.generate(RAND, SQN, AMF);

        assertArrayEquals(RAND, v.rand());
        assertArrayEquals(Hex.decode("a54211d5e3ba50bf"), v.xres());
        assertArrayEquals(Hex.decode("b40ba9a3c58b2a05bbf0d987b21bf8cb"), v.ck());
        assertArrayEquals(Hex.decode("f769bcd751044604127672711c6d3441"), v.ik());
        assertArrayEquals(GsmConversion.c3(v.ck(), v.ik()), v.kc());
        assertEquals(SQN, v.sqn());
        assertArrayEquals(AMF, v.amf());
    }

    @Test
    void matchesOnlyTheExactAnswer() {
        AuthenticationVector v = centre.generate(RAND, SQN, AMF);

        assertTrue(centre.matches(v, v.xres(), v.ck(), v.ik()));
        byte[] res = v.xres();
        res[7] ^= 1;
        assertFalse(centre.matches(v, res, v.ck(), v.ik()));
        assertFalse(centre.matches(v, Hex.decode("a54211d5"), v.ck(), v.ik()), "a truncated RES");
        byte[] kc = v.kc();
        kc[0] ^= 1;
        assertEquals(EnumSet.of(AuthenticationVector.Value.RES, AuthenticationVector.Value.KC),
                v.mismatches(res, v.ck(), v.ik(), kc));
        assertEquals(Set.of(), v.mismatches(v.xres(), v.ck(), v.ik(), null), "no Kc is not checked");
    }

    @Test
    void resynchronisesFromPublishedAuts() throws Exception {
        // SQN_MS ff9bb4d0b607 xor f5* 451e8beca43b, then f1*(RAND, SQN_MS, AMF 0000) computed
        // independently of this code base (Python + AES-ECB)
        byte[] auts = Hex.decode("ba853f3c123c" + "cf44e93596e355c6");

        assertEquals(SQN, centre.resynchronise(RAND, auts));
    }

    @Test
    void resynchronisesFromAutsBuiltWithF5StarAndF1Star() throws Exception {
        Milenage card = Milenage.withOpc(K, OPC);
        long sqnMs = 0x0000000012e5L;
        byte[] sqnMsBytes = AuthenticationCentre.sqnBytes(sqnMs);
        byte[] akStar = card.f5star(RAND);
        assertArrayEquals(Hex.decode("451e8beca43b"), akStar);
        byte[] macS = card.f1star(RAND, sqnMsBytes, new byte[2]);
        byte[] auts = new byte[14];
        for (int i = 0; i < 6; i++) {
            auts[i] = (byte) (sqnMsBytes[i] ^ akStar[i]);
        }
        System.arraycopy(macS, 0, auts, 6, 8);

        long recovered = centre.resynchronise(RAND, auts);

        assertEquals(sqnMs, recovered);
        assertEquals(0x000000001305L, AuthenticationCentre.nextSqn(recovered), "SEQ + 1, same IND 5");
    }

    @Test
    void refusesTamperedAuts() {
        byte[] good = Hex.decode("ba853f3c123ccf44e93596e355c6");
        for (int i = 0; i < good.length; i++) {
            byte[] auts = good.clone();
            auts[i] ^= 0x01;
            AutsRejectedException e = assertThrows(AutsRejectedException.class, () -> centre.resynchronise(RAND, auts),
                    "bit flipped in byte " + i);
            assertFalse(e.getMessage().contains("ba853f"), "no AUTS in the message");
        }
    }

    @Test
    void refusesAutsForAnotherRand() {
        byte[] otherRand = RAND.clone();
        otherRand[0] ^= 1;

        assertThrows(AutsRejectedException.class,
                () -> centre.resynchronise(otherRand, Hex.decode("ba853f3c123ccf44e93596e355c6")));
    }

    @Test
    void refusesAutsOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> centre.resynchronise(RAND, Hex.decode("ba853f3c123ccf44e93596e355")));
        assertEquals("AUTS must be 14 bytes, got 13", e.getMessage());
    }

    @Test
    void sqnIsFortyEightBitsBigEndian() {
        assertArrayEquals(Hex.decode("ff9bb4d0b607"), AuthenticationCentre.sqnBytes(SQN));
        assertEquals(SQN, AuthenticationCentre.sqnValue(Hex.decode("ff9bb4d0b607")));
        assertThrows(IllegalArgumentException.class, () -> AuthenticationCentre.sqnBytes(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> AuthenticationCentre.sqnBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> centre.generate(RAND, 1L << 48, AMF));
    }

    @Test
    void nextSqnStepsSeqAndKeepsInd() {
        assertEquals(0x20, AuthenticationCentre.nextSqn(0));
        assertEquals(0x3f, AuthenticationCentre.nextSqn(0x1f));
        assertEquals(AuthenticationCentre.SQN_MAX, AuthenticationCentre.nextSqn(AuthenticationCentre.SQN_MAX - 32));
        assertThrows(IllegalStateException.class, () -> AuthenticationCentre.nextSqn(AuthenticationCentre.SQN_MAX - 31));
    }

    @Test
    void toStringShowsNoSecret() {
        AuthenticationVector v = centre.generate(RAND, SQN, AMF);

        String text = v.toString();
        assertTrue(text.contains("23553cbe9637a89d218ae64dae47bf35"), text);
        for (String secret : new String[] {"a54211d5e3ba50bf", "b40ba9a3c58b2a05", "f769bcd751044604", "ff9bb4d0b607"}) {
            assertFalse(text.contains(secret), text);
        }
    }

    @Test
    void vectorIsNotChangedThroughItsAccessors() {
        AuthenticationVector v = centre.generate(RAND, SQN, AMF);
        v.xres()[0] ^= 1;
        v.autn()[0] ^= 1;

        assertArrayEquals(Hex.decode("a54211d5e3ba50bf"), v.xres());
        assertEquals("55f328b43577b9b94a9ffac354dfafb3", Hex.lower(v.autn()));
    }
}
