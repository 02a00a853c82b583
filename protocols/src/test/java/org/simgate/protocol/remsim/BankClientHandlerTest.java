package org.simgate.protocol.remsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.simgate.service.ScriptedSlot;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproMessage.ClientSlotStatusInd;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.SlotPhysStatus;
import org.simgate.rspro.TpduFlags;
import org.simgate.security.MutableClock;
import org.simgate.service.SlotException;
import org.simgate.service.SlotLoan;

/** The bank's side of one remsim client connection, in RSPRO messages, on an EmbeddedChannel. */
class BankClientHandlerTest {
    private static final ComponentIdentity BANKD = ComponentIdentity.of(ComponentType.REMSIM_BANKD, "h", "simgate", "1");
    private static final ComponentIdentity CLIENT_ID = ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "h", "c", "1");
    private static final ClientSlot CLIENT = new ClientSlot(7, 0);
    private static final BankSlot BANK = new BankSlot(1, 1);
    /** bank slot 0 is simgate slot 4, bank slot 1 simgate slot 5 */
    private static final List<Integer> SLOTS = List.of(4, 5);

    private final ScriptedSlot card = new ScriptedSlot(5);
    private final BankMappings mappings = new BankMappings(1, 2);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T16:00:00Z"));
    private final BankState state = new BankState(new RemsimBankConfig(true, "127.0.0.1", 9998, 1, "127.0.0.1", 9999,
            SLOTS, Duration.ofSeconds(30), Duration.ofSeconds(10), false, 64), clock);
    private final EmbeddedChannel channel = new EmbeddedChannel(new BankClientHandler(card, mappings, state, SLOTS,
            BANKD));

    BankClientHandlerTest() {
        mappings.listen(state);
    }

    @Test
    void aMappedClientGetsOkAndTheAtr() {
        mappings.create(CLIENT, BANK);
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        RsproPdu res = received();
        assertEquals(new ConnectClientRes(BANKD, ResultCode.OK), res.msg());
        assertEquals(RsproPdu.CONNECT_CLIENT_RES_TAG, res.tag());
        SetAtrReq atr = (SetAtrReq) received().msg();
        assertEquals(new SetAtrReq(CLIENT, ScriptedSlot.HEX.parseHex(ScriptedSlot.ATR)), atr);
    }

    @Test
    void aTpduReachesTheCardUnchangedAndItsAnswerComesBackUnchanged() {
        connected();
        card.answer("00a4040407a0000000871002", "6118");
        send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a4040407a0000000871002")));
        TpduCardToModem answer = (TpduCardToModem) received().msg();
        assertEquals(new TpduCardToModem(BANK, CLIENT, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("6118")), answer);
        assertEquals(List.of("atr", "00A4040407A0000000871002"), card.calls);
    }

    @Test
    void tpdusAreAnsweredInOrderWhenTheCardAnswersOnItsOwnThread() throws Exception {
        connected();
        ExecutorService slotThread = Executors.newSingleThreadExecutor();
        try {
            card.executor = slotThread;
            for (int i = 0; i < 20; i++) {
                card.answer(String.format("00b00000%02x", i), String.format("%02x9000", i));
                send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE,
                        ScriptedSlot.HEX.parseHex(String.format("00b00000%02x", i))));
            }
            for (int i = 0; i < 20; i++) {
                RsproPdu pdu = awaitReceived();
                assertEquals(String.format("%02x9000", i),
                        HexFormat.of().formatHex(((TpduCardToModem) pdu.msg()).data()));
            }
        } finally {
            slotThread.shutdownNow();
        }
    }

    @Test
    void aTpduForAnotherSlotOrOfAnImpossibleLengthReachesNoCardAndHangsUp() {
        List<TpduModemToCard> strays = List.of(
                new TpduModemToCard(CLIENT, new BankSlot(1, 0), TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a40000023f00")),
                new TpduModemToCard(new ClientSlot(8, 0), BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a40000023f00")),
                new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a400")),
                new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, new byte[262]));
        for (TpduModemToCard stray : strays) {
            ScriptedSlot strayCard = new ScriptedSlot(5);
            BankMappings strayMappings = new BankMappings(1, 2);
            EmbeddedChannel strayChannel = new EmbeddedChannel(
                    new BankClientHandler(strayCard, strayMappings, state, SLOTS, BANKD));
            strayMappings.create(CLIENT, BANK);
            strayChannel.writeInbound(RsproPdu.of(new ConnectClientReq(CLIENT_ID, CLIENT)));
            strayChannel.runPendingTasks();
            strayChannel.outboundMessages().clear();
            strayChannel.writeInbound(RsproPdu.of(stray));
            strayChannel.runPendingTasks();
            assertNull(strayChannel.readOutbound(), stray::toString);
            assertEquals(List.of("atr"), strayCard.calls);
            assertFalse(strayChannel.isOpen(), () -> stray + " left the client waiting for an answer");
        }
    }

    @Test
    void aTpduBeforeTheClientIsMappedHangsUp() {
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        received();
        send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a40000023f00")));
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void vccFallingIsAColdResetAndRstRisingAWarmOne() {
        connected();
        status(false, true);   // running: nothing
        status(true, true);    // RST rising with VCC on: warm reset
        status(true, true);    // RST still active: nothing
        status(false, true);   // RST released: nothing
        status(false, false);  // VCC falling: cold reset
        status(false, false);  // VCC still off: nothing
        status(true, true);    // power back with RST: warm reset
        assertEquals(List.of("atr", "reset", "reset", "reset"), card.calls);
    }

    @Test
    void anUnmappedClientHasNoCardUntilTheServerMapsIt() {
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        assertEquals(new ConnectClientRes(BANKD, ResultCode.CARD_NOT_PRESENT), received().msg());
        assertNull(channel.readOutbound());
        assertTrue(card.calls.isEmpty(), "nothing reached the card");

        mappings.create(CLIENT, BANK);
        channel.runPendingTasks();
        assertInstanceOf(SetAtrReq.class, received().msg());
    }

    @Test
    void aRemovedMappingClosesTheConnection() {
        connected();
        assertEquals(ResultCode.OK, mappings.remove(CLIENT, BANK));
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void aMappingOfTheSlotToAnotherClientClosesTheConnection() {
        connected();
        assertEquals(ResultCode.OK, mappings.create(new ClientSlot(9, 0), BANK));
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void aReloadThatStopsTheSlotHangsUpItsClientAndNoOther() {
        connected();
        ((BankClientHandler) channel.pipeline().first()).hangUpIfServedBy(java.util.Set.of(4));
        channel.runPendingTasks();
        assertTrue(channel.isOpen(), "slot 4 is bank slot 0, not this client's");
        ((BankClientHandler) channel.pipeline().first()).hangUpIfServedBy(java.util.Set.of(5));
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void aCardThatCannotAnswerClosesTheConnection() {
        connected();
        card.failure = SlotException.Kind.NO_CARD;
        send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a40000023f00")));
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void aConnectWithoutClientSlotIsRefused() {
        send(new ConnectClientReq(CLIENT_ID, null));
        assertEquals(new ConnectClientRes(BANKD, ResultCode.ILLEGAL_CLIENT_ID), received().msg());
        assertFalse(channel.isOpen());
    }

    @Test
    void theLentSlotShowsItsClientConnectedWithTheCardAndTheTpdusItSent() {
        SlotLoan before = state.loan(5);
        assertEquals(new SlotLoan("remsim-bankd", "bank 1 slot 1", null, false, null,
                Instant.parse("2026-12-07T16:00:00Z"), 0), before, "lent, not mapped yet");
        assertNull(state.loan(6), "slot 6 is not the bank's");

        clock.set(Instant.parse("2026-12-07T16:00:05Z"));
        mappings.create(CLIENT, BANK);
        assertEquals(new SlotLoan("remsim-bankd", "bank 1 slot 1", "client 7:0", false, null,
                Instant.parse("2026-12-07T16:00:05Z"), 0), state.loan(5), "mapped, the client not connected");

        clock.set(Instant.parse("2026-12-07T16:00:09Z"));
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        received();
        received();
        card.answer("00a40000023f00", "9000");
        send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, ScriptedSlot.HEX.parseHex("00a40000023f00")));
        received();
        assertEquals(new SlotLoan("remsim-bankd", "bank 1 slot 1", "client 7:0", true,
                channel.remoteAddress().toString(), Instant.parse("2026-12-07T16:00:09Z"), 1), state.loan(5));
        assertFalse(state.loan(4).connected(), "bank slot 0 lends nothing");

        clock.set(Instant.parse("2026-12-07T16:00:12Z"));
        mappings.remove(CLIENT, BANK);
        channel.runPendingTasks();
        assertEquals(new SlotLoan("remsim-bankd", "bank 1 slot 1", null, false, null,
                Instant.parse("2026-12-07T16:00:12Z"), 1), state.loan(5), "the mapping and the client gone");
    }

    @Test
    void aClientThatHangsUpIsNoLongerConnected() {
        connected();
        assertTrue(state.loan(5).connected());
        clock.set(Instant.parse("2026-12-07T16:01:00Z"));
        channel.close();
        channel.runPendingTasks();
        SlotLoan after = state.loan(5);
        assertEquals("client 7:0", after.borrower(), "still mapped");
        assertFalse(after.connected());
        assertNull(after.peer());
        assertEquals(Instant.parse("2026-12-07T16:01:00Z"), after.since());
    }

    @Test
    void aClientWithoutTheCardIsNotConnectedToTheSlot() {
        mappings.create(CLIENT, BANK);
        card.failure = SlotException.Kind.NO_CARD;
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        assertFalse(state.loan(5).connected());
    }

    private void connected() {
        mappings.create(CLIENT, BANK);
        send(new ConnectClientReq(CLIENT_ID, CLIENT));
        received();
        received();
    }

    private void status(boolean resetActive, boolean vcc) {
        send(new ClientSlotStatusInd(CLIENT, BANK, new SlotPhysStatus(resetActive, vcc, true, true)));
    }

    private void send(RsproMessage msg) {
        channel.writeInbound(RsproPdu.of(msg));
        channel.runPendingTasks();
    }

    private RsproPdu received() {
        channel.runPendingTasks();
        RsproPdu pdu = channel.readOutbound();
        if (pdu == null) {
            throw new AssertionError("nothing sent");
        }
        return pdu;
    }

    private RsproPdu awaitReceived() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            channel.runPendingTasks();
            RsproPdu pdu = channel.readOutbound();
            if (pdu != null) {
                return pdu;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("nothing sent within 30 s");
    }
}
