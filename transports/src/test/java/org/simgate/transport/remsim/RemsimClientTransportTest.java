package org.simgate.transport.remsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.SlotPhysStatus;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.ProcedureBytes;

/** The remsim client transport against a remsim server and bank on real TCP sockets. */
class RemsimClientTransportTest {
    private static final ClientSlot CLIENT = new ClientSlot(9, 0);
    private static final byte[] ATR = Hex.decode("3B9F96801FC78031E073FE21136773696D67617465B8");
    private static final byte[] SELECT_MF = Hex.decode("00A40004023F00");
    private static final byte[] FCP = Hex.decode("62088202782183023F00");
    /** How long a test waits for a state it expects; generous, the machine is shared. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** "At once": well below the attach timeout the transports get, so a wait for it fails the test. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    private FakeRemsimPeer server;
    private FakeRemsimPeer bank;
    private RemsimClientTransport transport;

    /** A T=0 card: SELECT answers 61xx, GET RESPONSE the FCP. */
    private static final UnaryOperator<byte[]> CARD = command -> {
        if (Arrays.equals(command, SELECT_MF)) {
            return Hex.decode("610A");
        }
        if (command[1] == (byte) 0xC0) {
            return Hex.decode("62088202782183023F009000");
        }
        return Hex.decode("6D00");
    };

    @AfterEach
    void tearDown() {
        if (transport != null) {
            transport.retire();
        }
        if (bank != null) {
            bank.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RemsimClientTransport transport(int serverPort, KeepaliveTimers keepalive, Duration tpduTimeout) {
        transport = new RemsimClientTransport(new RemsimClientSettings("127.0.0.1", serverPort, CLIENT, keepalive,
                tpduTimeout, Duration.ofSeconds(60), Duration.ofMillis(500)));
        return transport;
    }

    private RemsimClientTransport transport(int serverPort) {
        return transport(serverPort, KeepaliveTimers.OSMO_REMSIM, Duration.ofSeconds(30));
    }

    private void mapped() throws Exception {
        server = FakeRemsimPeer.server();
        bank = FakeRemsimPeer.bank(CARD);
        bank.atr(ATR);
        server.map(bank);
    }

    @Test
    void aMappedCardAnswersThroughTheBankWithItsBytesUnchanged() throws Exception {
        mapped();
        CardTransport card = transport(server.port());

        assertArrayEquals(ATR, card.connect());
        assertArrayEquals(Hex.decode("610A"), card.transmit(SELECT_MF), "61xx comes back raw");
        assertArrayEquals(Hex.decode("62088202782183023F009000"), ProcedureBytes.wrap(card).transmit(SELECT_MF),
                "the wrappers above fetch the answer with GET RESPONSE");

        List<RsproMessage.TpduModemToCard> sent = bank.receivedOf(RsproMessage.TpduModemToCard.class);
        assertEquals(new RsproMessage.TpduModemToCard(CLIENT, FakeRemsimPeer.BANK_SLOT, TpduFlags.NONE, SELECT_MF),
                sent.get(0));
        assertArrayEquals(Hex.decode("00C000000A"), sent.get(2).data(), "GET RESPONSE with the CLA of the SELECT");
        assertEquals(List.of(new RsproMessage.SetAtrRes(ResultCode.OK)), bank.receivedOf(RsproMessage.SetAtrRes.class));
        assertEquals(List.of(new RsproMessage.ConfigClientBankRes(ResultCode.OK)),
                server.receivedOf(RsproMessage.ConfigClientBankRes.class));
        RsproMessage.ConnectClientReq hello = server.receivedOf(RsproMessage.ConnectClientReq.class).get(0);
        assertEquals(CLIENT, hello.clientSlot());
        assertEquals(CLIENT, bank.receivedOf(RsproMessage.ConnectClientReq.class).get(0).clientSlot());
        assertTrue(card.isPresent());

        var detail = card.detail().flat();
        assertEquals("up", detail.get("server_link"));
        assertEquals("up", detail.get("bank_link"));
        assertEquals("9:0", detail.get("client"));
        assertEquals("bank 1 slot 0", detail.get("mapping"));
        assertEquals("127.0.0.1:" + bank.port(), detail.get("bank"));
        assertEquals(Hex.upper(ATR), detail.get("bank_atr"));
    }

    @Test
    void withoutAMappingTheSlotHasNoCardAtOnce() throws Exception {
        server = FakeRemsimPeer.server();
        CardTransport card = transport(server.port());

        var e = assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(CardTransportException.NoCard.class, card::connect));
        assertTrue(e.getMessage().contains("no bank slot is mapped to remsim client C(9:0)"), e.getMessage());
        assertEquals("up", card.detail().flat().get("server_link"));
        assertFalse(card.isPresent());
    }

    @Test
    void aRemovedMappingTakesTheCardAtOnceAndANewOneIsPickedUpLive() throws Exception {
        mapped();
        CardTransport card = transport(server.port());
        card.connect();
        card.transmit(SELECT_MF);

        server.unmap();
        waitFor(() -> !card.isPresent());
        assertTimeoutPreemptively(AT_ONCE, () -> {
            assertThrows(CardTransportException.NoCard.class, () -> card.transmit(SELECT_MF));
            card.close();
            assertThrows(CardTransportException.NoCard.class, card::connect);
        });
        assertEquals(null, card.detail().flat().get("mapping"));

        server.map(bank);
        waitFor(card::isPresent);
        assertArrayEquals(ATR, card.connect());
        assertArrayEquals(Hex.decode("610A"), card.transmit(SELECT_MF));
    }

    @Test
    void anUnreachableBankIsTransportDownAtOnce() throws Exception {
        server = FakeRemsimPeer.server();
        bank = FakeRemsimPeer.bank(CARD);
        server.map(bank);
        bank.stop(); // mapped to a port where nothing listens now
        CardTransport card = transport(server.port());

        var e = assertTimeoutPreemptively(AT_ONCE,
                () -> assertThrows(CardTransportException.TransportDown.class, card::connect));
        assertTrue(e.getMessage().contains("remsim bank B(1:0) at 127.0.0.1:" + bank.port() + " unreachable"),
                e.getMessage());
        assertEquals("down", card.detail().flat().get("bank_link"));

        bank.restart();
        waitFor(card::isPresent); // the back-off retries, and the card comes
        card.connect();
    }

    @Test
    void aBankWithoutTheCardIsNoCard() throws Exception {
        mapped();
        bank.refuseClients(ResultCode.CARD_NOT_PRESENT);
        CardTransport card = transport(server.port());

        assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(CardTransportException.NoCard.class, card::connect));
    }

    @Test
    void theServerUnreachableAndNoMappingIsTransportDown() throws Exception {
        server = FakeRemsimPeer.server();
        int port = server.port();
        server.stop();
        CardTransport card = transport(port);

        var e = assertTimeoutPreemptively(AT_ONCE,
                () -> assertThrows(CardTransportException.TransportDown.class, card::connect));
        assertTrue(e.getMessage().contains("remsim server 127.0.0.1:" + port + " unreachable"), e.getMessage());
    }

    @Test
    void aBankThatStopsAnsweringTimesOutAndItsLinkIsSetUpAgain() throws Exception {
        mapped();
        CardTransport card = transport(server.port(), KeepaliveTimers.OSMO_REMSIM, Duration.ofMillis(300));
        card.connect();
        bank.silent(true);

        assertThrows(CardTransportException.Timeout.class, () -> card.transmit(SELECT_MF));
        bank.silent(false);
        waitFor(() -> bank.connections.get() == 2 && card.isPresent()); // a late answer cannot pair with a new command
        card.close();
        card.connect();
        assertArrayEquals(Hex.decode("610A"), card.transmit(SELECT_MF));
    }

    @Test
    void theClientReconnectsToARestartedServerAndKeepsTheCard() throws Exception {
        mapped();
        CardTransport card = transport(server.port());
        card.connect();

        server.stop();
        waitFor(() -> "down".equals(card.detail().flat().get("server_link")));
        assertArrayEquals(Hex.decode("610A"), card.transmit(SELECT_MF), "the bank link outlives the server");

        server.restart();
        waitFor(() -> "up".equals(card.detail().flat().get("server_link")));
        assertEquals(2, server.receivedOf(RsproMessage.ConnectClientReq.class).size());
        assertArrayEquals(Hex.decode("610A"), card.transmit(SELECT_MF), "the same mapping again keeps the card");
        assertEquals(1, bank.connections.get());
    }

    @Test
    void aServerThatSendsNoPongIsDroppedAndCalledAgain() throws Exception {
        try (SilentPeer silentServer = SilentPeer.start()) {
            CardTransport card = transport(silentServer.port(),
                    new KeepaliveTimers(Duration.ofSeconds(30), Duration.ofMillis(400)), Duration.ofSeconds(30));

            assertThrows(CardTransportException.class, card::connect);
            waitFor(() -> silentServer.connections() >= 2); // dropped after 400 ms without PONG, then again
            assertEquals("down", card.detail().flat().get("server_link"));
            assertEquals("no IPA PONG within 400 ms of a PING", card.detail().flat().get("server_problem"),
                    "the operator reads why, not 'closed by the peer'");
        }
    }

    @Test
    void resetsReachTheBankAsTheEdgesOsmoRemsimBankdActsOn() throws Exception {
        mapped();
        CardTransport card = transport(server.port());
        card.connect();
        assertEquals(List.of(), bank.receivedOf(RsproMessage.ClientSlotStatusInd.class),
                "the bank just powered the card up for us");

        card.connect(); // connected: a warm reset
        card.close();
        card.connect(); // after close: a cold reset
        card.transmit(SELECT_MF); // after the indications on the same link, so they have arrived
        List<SlotPhysStatus> statuses = bank.receivedOf(RsproMessage.ClientSlotStatusInd.class).stream()
                .map(RsproMessage.ClientSlotStatusInd::slotPhysStatus).toList();
        assertEquals(List.of(
                new SlotPhysStatus(true, true, true, true), new SlotPhysStatus(false, true, true, true),
                new SlotPhysStatus(true, false, false, true), new SlotPhysStatus(false, true, true, true)), statuses);
    }

    /**
     * Session 7's race: a server that answered ConnectClientRes before {@code connect()} had returned
     * on the connecting thread had its answer taken for a stale link's, and the link stayed
     * "connecting". Here the connecting thread is held right after {@code connect()} returned until
     * the server link is up (at most {@link #AT_ONCE}): the answer must be taken meanwhile.
     */
    @Test
    void aServerThatAnswersBeforeConnectHasReturnedIsTaken() throws Exception {
        mapped();
        RemsimClientTransport card = transport(server.port());
        AtomicBoolean upWhileHeld = new AtomicBoolean();
        RemsimClient.afterServerConnectCalled = client -> {
            RemsimClient.afterServerConnectCalled = null; // the first attempt only
            long deadline = System.nanoTime() + AT_ONCE.toNanos();
            while (!upWhileHeld.get() && System.nanoTime() < deadline) {
                upWhileHeld.set(client.detail().links().get("server"));
                LockSupport.parkNanos(10_000_000);
            }
        };
        try {
            assertArrayEquals(ATR, card.connect());
        } finally {
            RemsimClient.afterServerConnectCalled = null;
        }
        assertTrue(upWhileHeld.get(), "the server's ConnectClientRes, sent before connect() returned, was dropped");
    }

    @Test
    void retireHangsUpBothLinks() throws Exception {
        mapped();
        RemsimClientTransport card = transport(server.port());
        card.connect();

        card.retire();
        assertThrows(CardTransportException.TransportDown.class, card::connect);
        waitFor(() -> "down".equals(card.detail().flat().get("server_link")));
        assertFalse(card.isPresent());
    }

    @Test
    void aCardChangeIsAnnounced() throws Exception {
        mapped();
        RemsimClientTransport card = transport(server.port());
        AtomicInteger changes = new AtomicInteger();
        card.onCardChange(changes::incrementAndGet);
        card.connect();
        waitFor(() -> changes.get() == 1); // the ATR arrived

        server.unmap();
        waitFor(() -> changes.get() == 2);
    }

    @Test
    void aMappingRemovedAfterTheBankHungUpIsStillAnnounced() throws Exception {
        mapped();
        RemsimClientTransport card = transport(server.port());
        AtomicInteger changes = new AtomicInteger();
        card.onCardChange(changes::incrementAndGet);
        card.connect();
        waitFor(() -> changes.get() == 1);

        bank.stop(); // the bank hangs up first (simgate's bank does on a removed mapping)
        waitFor(() -> changes.get() == 2);
        assertThrows(CardTransportException.TransportDown.class, card::connect);
        server.unmap(); // then the server says so: the slot must hear it, to say "no card" rather than "down"
        waitFor(() -> changes.get() == 3);
        assertThrows(CardTransportException.NoCard.class, card::connect);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }
}
