package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.gateway.slot.SlotExecutorTest.failureOf;
import static org.simgate.gateway.slot.SlotExecutorTest.resultOf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.gateway.fakes.UiccDialogue;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.transport.Hex;

/** A protocol's own transaction on a slot: raw APDUs, AKA and resets in one unit, nothing interleaved. */
class SlotTransactionTest {
    private final ScriptedCard card = new ScriptedCard();
    private Slot slot;

    @AfterEach
    void stop() {
        if (slot != null) {
            slot.close();
        }
        card.assertScriptDone();
    }

    private Slot slot(boolean allowApdu) {
        slot = new Slot(SlotTest.slotConfig(0, allowApdu, Duration.ofSeconds(30)), card);
        return slot;
    }

    @Test
    void rawApduThenAuthenticateInOneTransactionSelectsTheUsimAgain() throws Exception {
        card.expect("00A40004023F00", "6116");
        UiccDialogue.firstAuthentication(card);

        List<Object> answers = resultOf(slot(true).transaction(session -> List.of(
                Hex.upper(session.transmit(Hex.decode("00A40004023F00"))),
                session.authenticate(SlotTest.usimRequest()))));

        assertEquals("6116", answers.get(0), "the raw answer comes back unchanged, 61xx included");
        AuthResult.Success success = assertInstanceOf(AuthResult.Success.class, answers.get(1));
        assertEquals(UiccDialogue.RES, Hex.upper(success.res()));
    }

    @Test
    void resetInsideATransactionPowersTheCardAgainAndAnswersTheAtr() throws Exception {
        byte[] atr = resultOf(slot(true).transaction(session -> session.reset()));

        assertEquals(ScriptedCard.ATR, Hex.upper(atr));
        assertEquals(2, card.connects(), "connected once for the transaction, once more for the reset");
    }

    @Test
    void rawApduOnASlotWithoutAllowApduIsRefusedAndNothingReachesTheCard() {
        SlotException refused = failureOf(slot(false).transaction(session -> session.transmit(Hex.decode("00A40004023F00"))));

        assertEquals(Kind.FORBIDDEN, refused.kind());
        assertTrue(card.sent().isEmpty());
    }

    @Test
    void aBugInTheTransactionIsAnInternalErrorAndTheSlotKeepsServing() throws Exception {
        SlotException failed = failureOf(slot(true).transaction(session -> {
            throw new IllegalStateException("a protocol bug");
        }));
        assertEquals(Kind.INTERNAL, failed.kind());

        card.expect("00B0000001", "6C09");
        assertEquals("6C09", Hex.upper(resultOf(slot.transaction(session -> session.transmit(Hex.decode("00B0000001"))))));
    }

    @Test
    void anotherClientsTransactionWaitsUntilTheFirstOneEnds() throws Exception {
        card.expect("00A4000C023F00", "9000")   // A: SELECT MF
                .expect("00B2010400", "6A82")     // A: READ RECORD, after it was released
                .expect("00A4000C022F00", "9000"); // B: only after A ended
        CountDownLatch aSelected = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        slot(true);

        CompletableFuture<String> a = slot.transaction(session -> {
            session.transmit(Hex.decode("00A4000C023F00"));
            aSelected.countDown();
            await(releaseA);
            return Hex.upper(session.transmit(Hex.decode("00B2010400")));
        });
        assertTrue(aSelected.await(5, TimeUnit.SECONDS));
        CompletableFuture<String> b = slot.transaction(session -> Hex.upper(session.transmit(Hex.decode("00A4000C022F00"))));
        releaseA.countDown();

        assertEquals("6A82", resultOf(a));
        assertEquals("9000", resultOf(b));
        assertEquals(List.of("00A4000C023F00", "00B2010400", "00A4000C022F00"), card.sent());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
