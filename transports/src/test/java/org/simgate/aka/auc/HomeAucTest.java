package org.simgate.aka.auc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.aka.Milenage;
import org.simgate.aka.Tuak;
import org.simgate.aka.Vectors;
import org.simgate.transport.Hex;

/** The AuC against TS 35.208 / 35.233 / 55.205 data and against simgate's software USIM. */
class HomeAucTest {
    private static final String IMSI = "001010000000001";
    private static final AkaKeys SET1 = new AkaKeys.MilenageKeys(Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc"),
            Hex.decode("cd63cb71954a9f4e48a5994e37a02baf"));

    @TempDir
    Path dir;

    @Test
    void everyTs35208SetGivesThePublishedVector() throws Exception {
        for (JsonNode set : Vectors.milenageSets()) {
            AucSubscriber subscriber = new AucSubscriber(IMSI, new AkaKeys.MilenageKeys(Vectors.bytes(set, "k"),
                    Vectors.bytes(set, "opc")), Vectors.bytes(set, "amf"), Long.parseLong(set.get("sqn").asText(), 16));
            HomeAuc auc = new HomeAuc(List.of(subscriber), SqnReservations.inMemory(), fixed(Vectors.bytes(set, "rand")));
            AuthenticationVector v = auc.vector(IMSI);
            String name = "TS 35.208 set " + set.get("test_set").asInt();
            byte[] sqnXorAk = xor(Vectors.bytes(set, "sqn"), Vectors.bytes(set, "f5_ak"));
            assertEquals(Hex.lower(sqnXorAk) + set.get("amf").asText() + set.get("f1_mac_a").asText(), Hex.lower(v.autn()),
                    name + " AUTN");
            assertArrayEquals(Vectors.bytes(set, "f2_res"), v.xres(), name + " XRES");
            assertArrayEquals(Vectors.bytes(set, "f3_ck"), v.ck(), name + " CK");
            assertArrayEquals(Vectors.bytes(set, "f4_ik"), v.ik(), name + " IK");
        }
    }

    @Test
    void everyTs35233SetGivesThePublishedTuakVector() throws Exception {
        for (JsonNode set : Vectors.file("tuak_35233.json").get("test_sets")) {
            JsonNode bits = set.get("lengths_bits");
            AkaKeys keys = new AkaKeys.TuakKeys(Vectors.bytes(set, "k"), Vectors.bytes(set, "topc"),
                    new Tuak.Lengths(bits.get("MAC").asInt(), bits.get("RES").asInt(), bits.get("CK").asInt(),
                            bits.get("IK").asInt()), set.get("keccak_iterations").asInt());
            AucSubscriber subscriber = new AucSubscriber(IMSI, keys, Vectors.bytes(set, "amf"),
                    Long.parseLong(set.get("sqn").asText(), 16));
            AuthenticationVector v = new HomeAuc(List.of(subscriber), SqnReservations.inMemory(),
                    fixed(Vectors.bytes(set, "rand"))).vector(IMSI);
            String name = set.get("name").asText();
            String mac = set.get("f1_mac_a").asText().substring(0, 16); // AUTN has room for 64 bits of MAC-A
            assertEquals(Hex.lower(xor(Vectors.bytes(set, "sqn"), Vectors.bytes(set, "f5_ak"))) + set.get("amf").asText()
                    + mac, Hex.lower(v.autn()), name + " AUTN");
            assertArrayEquals(Vectors.bytes(set, "f2_res"), v.xres(), name + " XRES");
            assertArrayEquals(Vectors.bytes(set, "f3_ck"), v.ck(), name + " CK");
            assertArrayEquals(Vectors.bytes(set, "f4_ik"), v.ik(), name + " IK");
        }
    }

    @Test
    void sqnStepsSeqAndTurnsIndAndTheCardAcceptsEveryVector() throws Exception {
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        SoftCard card = new SoftCard(IMSI, SET1);
        long previous = -1;
        for (int i = 0; i < 40; i++) {
            AuthenticationVector v = auc.vector(IMSI);
            long sqn = sqnOf(v);
            assertEquals(i + 1, sqn >>> 5, "SEQ of vector " + i);
            assertEquals(i % 32, sqn & 31, "IND of vector " + i);
            assertTrue(sqn > previous);
            previous = sqn;
            assertEquals("8000", Hex.lower(v.amf()), "the default AMF has the separation bit EAP-AKA' needs");
            SoftCard.Answer answer = card.authenticate(v);
            assertTrue(answer.success(), "vector " + i + ": the card answered " + answer);
            assertArrayEquals(v.xres(), answer.res());
        }
    }

    @Test
    void vectorsUsedOutOfOrderAreStillFreshThanksToInd() throws Exception {
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        SoftCard card = new SoftCard(IMSI, SET1);
        List<AuthenticationVector> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(auc.vector(IMSI));
        }
        for (int i = batch.size() - 1; i >= 0; i--) {
            assertTrue(card.authenticate(batch.get(i)).success(), "vector " + i + " used after later ones");
        }
    }

    @Test
    void anAucBehindTheCardCatchesUpFromAuts() throws Exception {
        SoftCard card = new SoftCard(IMSI, SET1);
        HomeAuc ahead = new HomeAuc(List.of(new AucSubscriber(IMSI, SET1, AucSubscriber.DEFAULT_AMF, 5000L << 5)),
                SqnReservations.inMemory());
        assertTrue(card.authenticate(ahead.vector(IMSI)).success());

        HomeAuc behind = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        AuthenticationVector stale = behind.vector(IMSI);
        SoftCard.Answer refused = card.authenticate(stale);
        // SEQ 1 at IND 0, where the card holds SEQ 5000: not fresh (Annex C.2.1)
        assertEquals("dc", refused.tag(), "a stale SQN gets AUTS");

        behind.resynchronise(IMSI, stale.rand(), refused.auts());
        AuthenticationVector next = behind.vector(IMSI);
        assertEquals(5001, sqnOf(next) >>> 5, "SEQ moves just past the card's SEQ_MS");
        assertTrue(card.authenticate(next).success());
    }

    @Test
    void autsWithAWrongMacSChangesNothing() throws Exception {
        SoftCard card = new SoftCard(IMSI, SET1);
        HomeAuc ahead = new HomeAuc(List.of(new AucSubscriber(IMSI, SET1, AucSubscriber.DEFAULT_AMF, 5000L << 5)),
                SqnReservations.inMemory());
        assertTrue(card.authenticate(ahead.vector(IMSI)).success());
        HomeAuc behind = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        AuthenticationVector stale = behind.vector(IMSI);
        byte[] auts = card.authenticate(stale).auts();
        auts[13] ^= 1;
        assertThrows(AutsRejectedException.class, () -> behind.resynchronise(IMSI, stale.rand(), auts));
        byte[] otherRand = stale.rand();
        otherRand[0] ^= 1;
        auts[13] ^= 1;
        assertThrows(AutsRejectedException.class, () -> behind.resynchronise(IMSI, otherRand, auts));
        assertEquals(2, sqnOf(behind.vector(IMSI)) >>> 5, "SEQ goes on from where it was");
    }

    @Test
    void aResyncNeverMovesTheSeqBackWithinDelta() throws Exception {
        SoftCard card = new SoftCard(IMSI, SET1);
        HomeAuc auc = new HomeAuc(List.of(new AucSubscriber(IMSI, SET1, AucSubscriber.DEFAULT_AMF, 100L << 5)),
                SqnReservations.inMemory());
        AuthenticationVector used = auc.vector(IMSI);
        assertTrue(card.authenticate(used).success());
        // an old AUTS (SEQ_MS 100) replayed after the AuC went on to 110
        for (int i = 0; i < 10; i++) {
            auc.vector(IMSI);
        }
        HomeAuc behind = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        AuthenticationVector stale = behind.vector(IMSI);
        byte[] auts = card.authenticate(stale).auts();
        auc.resynchronise(IMSI, stale.rand(), auts);
        assertEquals(111, sqnOf(auc.vector(IMSI)) >>> 5);
    }

    @Test
    void triplesMatchWhatTheUsimAnswersInGsmContextAndTs55205() throws Exception {
        JsonNode set1 = Vectors.file("gsm_c2c3.json").get("test_sets").get(0);
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory(),
                fixed(Vectors.bytes(set1, "rand")));
        GsmTriplet t = auc.triplets(IMSI, 1).get(0);
        assertEquals(set1.get("sres_func1_c2_xor").asText(), Hex.lower(t.sres()));
        assertEquals(set1.get("kc_c3").asText(), Hex.lower(t.kc()));

        HomeAuc random = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        SoftCard card = new SoftCard(IMSI, SET1);
        List<GsmTriplet> three = random.triplets(IMSI, 3);
        assertEquals(3, three.size());
        for (GsmTriplet triplet : three) {
            assertEquals(Hex.lower(triplet.sres()) + Hex.lower(triplet.kc()), Hex.lower(card.gsm(triplet.rand())));
        }
        assertFalse(three.get(0).toString().contains(Hex.lower(three.get(0).kc())));
    }

    @Test
    void anUnknownImsiIsRefused() throws Exception {
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), SqnReservations.inMemory());
        assertThrows(UnknownSubscriberException.class, () -> auc.vector("001010000000002"));
        assertThrows(UnknownSubscriberException.class, () -> auc.triplets("001010000000002", 1));
        assertThrows(UnknownSubscriberException.class,
                () -> auc.resynchronise("001010000000002", new byte[16], new byte[14]));
        assertFalse(auc.knows("001010000000002"));
        assertTrue(auc.knows(IMSI));
    }

    @Test
    void theReservationIsOnDiskBeforeAnySqnOfItGoesOut() throws Exception {
        Path file = dir.resolve("auc.sqn");
        SqnReservations reservations = SqnReservations.open(file);
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), reservations);
        assertEquals(1 + HomeAuc.BLOCK, reservedOnDisk(file), "the first block is written at start");
        long last = 0;
        for (int i = 0; i < HomeAuc.BLOCK + 3; i++) {
            last = sqnOf(auc.vector(IMSI)) >>> 5;
            assertTrue(last < reservedOnDisk(file), "SEQ " + last + " went out before it was reserved on disk");
        }
        assertEquals(1 + 2 * HomeAuc.BLOCK, reservedOnDisk(file));
        reservations.close(); // what a kill -9 leaves: the file as last written, nothing flushed at close

        SqnReservations reopened = SqnReservations.open(file);
        long first = sqnOf(new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), reopened).vector(IMSI)) >>> 5;
        assertTrue(first > last, "after a restart the AuC starts above every SEQ it may have sent (" + first + " > "
                + last + ")");
        reopened.close();
    }

    @Test
    void aSecondAucOnTheSameFileIsRefused() throws Exception {
        Path file = dir.resolve("auc.sqn");
        try (SqnReservations first = SqnReservations.open(file)) {
            new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), first);
            Exception e = assertThrows(Exception.class, () -> SqnReservations.open(file));
            assertTrue(e.getMessage() == null || e.getMessage().contains("in use")
                    || e instanceof java.nio.channels.OverlappingFileLockException, e.toString());
        }
    }

    @Test
    void aCorruptFileStopsTheAucInsteadOfGuessing() throws Exception {
        Path file = dir.resolve("auc.sqn");
        try (SqnReservations r = SqnReservations.open(file)) {
            new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), r);
        }
        Files.writeString(file, Files.readString(file).replace(IMSI + " 401", IMSI + " 402"));
        Exception e = assertThrows(java.io.IOException.class, () -> SqnReservations.open(file));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void removedSubscribersKeepTheirReservation() throws Exception {
        Path file = dir.resolve("auc.sqn");
        try (SqnReservations r = SqnReservations.open(file)) {
            new HomeAuc(List.of(AucSubscriber.of(IMSI, SET1)), r);
        }
        try (SqnReservations r = SqnReservations.open(file)) {
            new HomeAuc(List.of(AucSubscriber.of("001010000000002", SET1)), r);
        }
        try (SqnReservations r = SqnReservations.open(file)) {
            assertEquals(1 + HomeAuc.BLOCK, r.reservedFrom(IMSI));
        }
    }

    @Test
    void aSubscriberFileRowStartsOneSeqAboveItsSqn() throws Exception {
        org.simgate.subscriber.Subscriber row = new org.simgate.subscriber.Subscriber(IMSI, SET1, 0x8000,
                (41L << 5) | 7, 2, null);
        AucSubscriber subscriber = AucSubscriber.from(row);
        assertEquals((42L << 5) | 7, subscriber.firstSqn());
        assertEquals("8000", Hex.lower(subscriber.amf()));
        AuthenticationVector v = new HomeAuc(List.of(subscriber), SqnReservations.inMemory()).vector(IMSI);
        assertEquals((42L << 5) | 7, sqnOf(v));
    }

    @Test
    void toStringsShowNoKey() {
        String text = AucSubscriber.of(IMSI, SET1).toString();
        assertFalse(text.contains("465b5ce8"), text);
        assertFalse(text.contains("cd63cb71"), text);
    }

    private static long reservedOnDisk(Path file) throws Exception {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(IMSI + " ")) {
                return Long.parseLong(line.substring(IMSI.length() + 1), 16);
            }
        }
        throw new AssertionError("no line for " + IMSI + " in " + file);
    }

    /** SQN out of AUTN with the subscriber's AK. */
    private static long sqnOf(AuthenticationVector v) {
        byte[] ak = Milenage.withOpc(SET1.k(), ((AkaKeys.MilenageKeys) SET1).opc()).f2345(v.rand()).ak();
        byte[] sqn = xor(java.util.Arrays.copyOf(v.autn(), 6), ak);
        return AuthenticationCentre.sqnValue(sqn);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static Supplier<byte[]> fixed(byte[]... rands) {
        Deque<byte[]> queue = new ArrayDeque<>(List.of(rands));
        return queue::removeFirst;
    }
}
