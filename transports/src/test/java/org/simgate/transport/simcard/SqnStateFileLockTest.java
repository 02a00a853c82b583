package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.simcard.TestCard.USIM_AID;
import static org.simgate.transport.simcard.TestCard.authenticate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AkaKeys;
import org.simgate.transport.Bytes;
import org.simgate.transport.CardTransportException;

/**
 * A simulated card in a slot holds its SQN state file: a second card on the same file (a second
 * slot, a second gateway) is refused instead of each overwriting the other's SQN memory, and a card
 * whose slot closed lets it go, so a slot restarted by a reload takes it again.
 */
class SqnStateFileLockTest {
    @TempDir
    Path dir;

    private SimcardTransport card(Path state) throws IOException {
        return new SimcardTransport(TestCard.profile().withStateFile(state));
    }

    private static String send(SimcardTransport card, String apdu) throws CardTransportException {
        return Bytes.text(card.transmit(Bytes.hex(apdu.replace(" ", ""))));
    }

    @Test
    void aSecondCardOnTheSameFileIsRefusedNamingIt() throws IOException {
        Path state = dir.resolve("slot0.sqn");
        try (SimcardTransport first = card(state)) {
            IOException e = assertThrows(IOException.class, () -> card(state));
            assertEquals("SQN state file " + state + " is in use by another card of this simgate (slot0.sqn.lock is "
                    + "locked): two cards on one SQN state file would each overwrite the other's SQN memory", e.getMessage());
            assertThrows(IOException.class, () -> card(dir.resolve("./slot0.sqn")), "however it is spelt");
        }
    }

    @Test
    void aClosedCardLetsItGoAndTakesItBackWhenItConnectsAgain() throws Exception {
        Path state = dir.resolve("slot0.sqn");
        SimcardTransport first = card(state);
        first.connect();
        assertEquals("9000", send(first, "00A4040C 10" + USIM_AID));
        assertEquals("6135", send(first, authenticate(0x21)));
        first.close(); // the slot closes it (a reset, or the slot stops)
        try (SimcardTransport successor = card(state)) {
            // the card a reload starts in its place finds the state the first one left
            successor.connect();
            assertEquals("9000", send(successor, "00A4040C 10" + USIM_AID));
            assertEquals("6110", send(successor, authenticate(0x21)), "a replay: synchronisation failure");
            CardTransportException e = assertThrows(CardTransportException.TransportDown.class, first::connect);
            assertTrue(e.getMessage().contains("is in use by another card"), e.getMessage());
        }
    }

    @Test
    void aCardTakesItsFileBackOnlyIfNobodyChangedItMeanwhile() throws Exception {
        Path state = dir.resolve("slot0.sqn");
        SimcardTransport first = card(state);
        first.connect();
        first.close();
        try (SimcardTransport other = card(state)) {
            other.connect();
            assertEquals("9000", send(other, "00A4040C 10" + USIM_AID));
            assertEquals("6135", send(other, authenticate(0x41)));
        }
        CardTransportException e = assertThrows(CardTransportException.TransportDown.class, first::connect);
        assertTrue(e.getMessage().contains("changed while this card had it unlocked"), e.getMessage());
    }

    @Test
    void aResetReconnectsOnTheSameFile() throws Exception {
        Path state = dir.resolve("slot0.sqn");
        try (SimcardTransport card = card(state)) {
            card.connect();
            card.close();
            card.connect();
            assertEquals("9000", send(card, "00A4040C 10" + USIM_AID));
            assertEquals("6135", send(card, authenticate(0x21)));
            assertTrue(Files.readString(state).contains(" 00000000001 "), Files.readString(state));
        }
    }

    @Test
    void theCheckBeforeAReloadFindsACorruptFileAndLeavesThisProcesssOwnLocksAlone() throws IOException {
        Path state = dir.resolve("slot0.sqn");
        assertDoesNotThrow(() -> SimcardTransport.checkStateFile(state, true), "no file yet: a fresh card");
        assertFalse(Files.exists(state), "the check creates nothing");
        try (SimcardTransport held = card(state)) {
            assertDoesNotThrow(() -> SimcardTransport.checkStateFile(state, true), "held by a card of this process");
            assertThrows(IOException.class, () -> card(state), "and still held");
        }
        Files.writeString(state, "not an SQN state\n");
        IOException e = assertThrows(IOException.class, () -> SimcardTransport.checkStateFile(state, false));
        assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
    }

    @Test
    void aTuakCardSaysTuak() throws IOException {
        AkaKeys.TuakKeys keys = new AkaKeys.TuakKeys(Bytes.hex(TestCard.K), new byte[32],
                new org.simgate.aka.Tuak.Lengths(64, 64, 128, 128), 1);
        try (SimcardTransport tuak = new SimcardTransport(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys))) {
            assertEquals("simcard (software UICC, USIM+ISIM, TUAK, SQN state in memory)", tuak.describe());
        }
        try (SimcardTransport milenage = new SimcardTransport(TestCard.profile())) {
            assertEquals("simcard (software UICC, USIM+ISIM, Milenage, SQN state in memory)", milenage.describe());
        }
    }
}
