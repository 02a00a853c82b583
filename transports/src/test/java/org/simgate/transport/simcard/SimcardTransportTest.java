package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.simcard.TestCard.RAND;
import static org.simgate.transport.simcard.TestCard.USIM_AID;
import static org.simgate.transport.simcard.TestCard.authenticate;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.simgate.transport.Bytes;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.ProcedureBytes;

/** The simcard transport on its own, and under the procedure-byte wrappers as the gateway uses it. */
class SimcardTransportTest {
    private static final String ATR = "3B9F96801FC78031E073FE21136773696D67617465B8";

    @Test
    void connectAnswersAT0Atr() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile())) {
            byte[] atr = slot.connect();
            assertEquals(ATR, Bytes.text(atr));
            assertEquals(0x3B, atr[0] & 0xff, "TS: direct convention");
            assertEquals(0x00, (atr[3] & 0x0f), "TD1: T=0 first");
            int check = 0;
            for (int i = 1; i < atr.length; i++) {
                check ^= atr[i];
            }
            assertEquals(0, check, "TCK makes T0..TCK xor to zero");
            assertEquals(ATR, Bytes.text(SimcardTransport.atr()));
        }
    }

    @Test
    void connectResetsTheSelectionButNotTheSqnMemory() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile())) {
            slot.connect();
            assertEquals("9000", send(slot, "00A4040C 10" + USIM_AID));
            assertEquals("6135", send(slot, authenticate(0x21)));
            slot.connect();
            assertEquals("6985", send(slot, "00C00000 35"));
            assertEquals("6985", send(slot, authenticate(0x41)));
            assertEquals("9000", send(slot, "00A4040C 10" + USIM_AID));
            assertEquals("6110", send(slot, authenticate(0x21)));
        }
    }

    @Test
    void aCardWithAnAuthenticateTimeTakesAtLeastThatLongAndAnswersTheSame() throws Exception {
        try (SimcardTransport quick = new SimcardTransport(TestCard.profile());
             SimcardTransport slow = new SimcardTransport(TestCard.profile(), java.time.Duration.ofMillis(30))) {
            quick.connect();
            slow.connect();
            assertEquals("9000", send(quick, "00A4040C 10" + USIM_AID));
            assertEquals("9000", send(slow, "00A4040C 10" + USIM_AID));
            long start = System.nanoTime();
            assertEquals("6135", send(slow, authenticate(0x21)));
            long took = System.nanoTime() - start;
            assertEquals("6135", send(quick, authenticate(0x21)));
            assertTrue(took >= 30_000_000L, "the AUTHENTICATE waited its 30 ms: " + took + " ns");
            assertEquals(send(quick, "00C00000 35"), send(slow, "00C00000 35"));
        }
    }

    @Test
    void anEmptySlotHasNoCard() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile().withInserted(false))) {
            assertFalse(slot.isPresent());
            assertThrows(CardTransportException.NoCard.class, slot::connect);
            assertThrows(CardTransportException.NoCard.class, () -> slot.transmit(Bytes.hex("00A4000C 02 3F00")));
            slot.setInserted(true);
            assertTrue(slot.isPresent());
            assertEquals(ATR, Bytes.text(slot.connect()));
            assertEquals("9000", send(slot, "00A4000C 02 3F00"));
        }
    }

    @Test
    void removingAndReinsertingTheCardPowersItUpAfresh() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile())) {
            assertTrue(slot.isPresent());
            assertEquals("9000", send(slot, "00A4040C 10" + USIM_AID));
            slot.setInserted(false);
            assertFalse(slot.isPresent());
            assertThrows(CardTransportException.NoCard.class, () -> slot.transmit(Bytes.hex(authenticate(0x21))));
            slot.setInserted(true);
            assertEquals("6985", send(slot, authenticate(0x21)), "no application is active after a power-up");
        }
    }

    @Test
    void aClosedTransportIsDownUntilConnectedAgain() throws Exception {
        SimcardTransport slot = new SimcardTransport(TestCard.profile());
        slot.close();
        slot.close();
        assertFalse(slot.isPresent());
        assertThrows(CardTransportException.TransportDown.class, () -> slot.transmit(Bytes.hex("00A4000C 02 3F00")));
        // a slot resets the card, or recovers from a failure, by closing and connecting again
        assertEquals(Bytes.text(SimcardTransport.atr()), Bytes.text(slot.connect()));
        assertTrue(slot.isPresent());
        assertEquals("9000", send(slot, "00A4000C 02 3F00"));
    }

    @Test
    void malformedCommandsAreAnsweredNotThrown() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile())) {
            assertEquals("6700", Bytes.text(slot.transmit(new byte[0])));
            assertEquals("6700", Bytes.text(slot.transmit(null)));
        }
    }

    @Test
    void describeShowsNeitherSecretsNorTheImsi() throws Exception {
        try (SimcardTransport slot = new SimcardTransport(TestCard.profile())) {
            String text = slot.describe();
            assertTrue(text.startsWith("simcard"), text);
            assertFalse(text.contains(TestCard.IMSI), text);
            assertFalse(text.toUpperCase().contains(TestCard.K), text);
            assertFalse(text.toUpperCase().contains(TestCard.OPC), text);
        }
    }

    // ---- under ProcedureBytes.wrap, as simgate's own commands see it

    @Test
    void wrappedTheFcpComesDirectly() throws Exception {
        CardTransport card = wrapped();
        assertEquals(hex("6226 82027821 83027FF0 8410" + USIM_AID + " 8A0105 C603900100 8102000D 9000"),
                send(card, "00A40404 10" + USIM_AID));
    }

    @Test
    void wrappedStatusFetchesWithItsOwnClass() throws Exception {
        CardTransport card = wrapped();
        send(card, "00A4040C 10" + USIM_AID);
        assertEquals(hex("6226 82027821 83027FF0 8410" + USIM_AID + " 8A0105 C603900100 8102000D 9000"),
                send(card, "80F20000"));
    }

    @Test
    void wrappedReadsWithoutKnowingTheLength() throws Exception {
        CardTransport card = wrapped();
        send(card, "00A4080C 04 7FF0 6F07");
        assertEquals(hex("08 09 10 10 00 00 00 00 10 9000"), send(card, "00B00000")); // 6C09, re-sent with Le 09
        send(card, "00A4080C 02 2F00");
        assertEquals(hex("6118 4F10" + USIM_AID + " 5004 5553494D" + "FF".repeat(12) + " 9000"),
                send(card, "00B20104 01")); // 6C26, re-sent with Le 26
    }

    @Test
    void wrappedAuthenticateSuccessAndSynchronisationFailure() throws Exception {
        CardTransport card = wrapped();
        send(card, "00A4040C 10" + USIM_AID);
        assertEquals(hex(TestCard.success(true)), send(card, authenticate(0x21)));
        byte[] answer = card.transmit(Bytes.hex(authenticate(0x21)));
        assertEquals(18, answer.length);
        assertEquals("DC0E", Bytes.text(Arrays.copyOf(answer, 2)));
        assertEquals("9000", Bytes.text(Arrays.copyOfRange(answer, 16, 18)));
        assertEquals(0x21, TestCard.sqnFromAuts(RAND, Arrays.copyOfRange(answer, 2, 16)));
        assertEquals("9862", send(card, "00880081 22 10" + RAND + "10" + RAND));
    }

    @Test
    void wrappedTransactionLikeTheGatewaysDiscovery() throws Exception {
        // EF.DIR → the USIM's AID → SELECT → AUTHENTICATE, with no AID suffix known beforehand
        CardTransport card = wrapped();
        byte[] fcp = card.transmit(Bytes.hex("00A40804 02 2F00"));
        assertEquals("82054221002602", Bytes.text(Arrays.copyOfRange(fcp, 2, 9)));
        int recordLength = fcp[7] & 0xff;
        byte[] record = card.transmit(new byte[] {0x00, (byte) 0xB2, 0x01, 0x04, (byte) recordLength});
        byte[] aid = Arrays.copyOfRange(record, 4, 4 + record[3]);
        assertEquals(USIM_AID, Bytes.text(aid));
        byte[] select = new byte[5 + aid.length];
        select[1] = (byte) 0xA4;
        select[2] = 0x04;
        select[3] = 0x0C;
        select[4] = (byte) aid.length;
        System.arraycopy(aid, 0, select, 5, aid.length);
        assertEquals("9000", Bytes.text(card.transmit(select)));
        assertEquals(hex(TestCard.success(true)), send(card, authenticate(0x21)));
    }

    private static CardTransport wrapped() throws IOException, CardTransportException {
        CardTransport card = ProcedureBytes.wrap(new SimcardTransport(TestCard.profile()));
        card.connect();
        return card;
    }

    private static String send(CardTransport card, String command) throws CardTransportException {
        return Bytes.text(card.transmit(Bytes.hex(command)));
    }

    /** Expected bytes as the specs print them, spaces ignored. */
    private static String hex(String spaced) {
        return Bytes.text(Bytes.hex(spaced));
    }
}
