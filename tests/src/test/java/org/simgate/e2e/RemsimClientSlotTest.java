package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.rspro.RsproMessage;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.remsim.FakeRemsimPeer;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * A slot with {@code transport = remsim}: simgate borrows a card from a remsim bank through a remsim
 * server, over real TCP sockets; the server and bank here are written from the protocol, the bank's card
 * is a simulated USIM of TS 35.208 test set 1. AKA through the chain must equal Milenage's answer.
 */
class RemsimClientSlotTest {
    private static final int SLOT = 7;
    /** Generous: the machine is shared. A state reached "live" is reached without any request. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Far below the slot's operation timeout (30 s here): an answer within it came at once, not by timing out. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final AtomicLong SEQ = new AtomicLong(1);

    @TempDir
    Path dir;
    private SimcardTransport card;
    private FakeRemsimPeer server;
    private FakeRemsimPeer bank;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        TestCard set1 = TestCard.SET_1;
        card = new SimcardTransport(SimcardProfile.of(set1.imsi(), set1.iccid(), Hex.decode(set1.k()),
                Hex.decode(set1.opc())));
        card.connect();
        server = FakeRemsimPeer.server();
        bank = FakeRemsimPeer.bank(this::rawTransmit);
        bank.atr(SimcardTransport.atr());
        server.map(bank);
        gateway = RunningGateway.start(dir, RunningGateway.slots("{ id = " + SLOT + ", name = \"remote card\", "
                + "transport = remsim, allow-apdu = true, operation-timeout = 30s, remsim { server = \"127.0.0.1:"
                + server.port() + "\", client-id = 9, client-slot = 0, max-reconnect-delay = 500ms } }"));
    }

    /** The bank's raw passthrough: the card's bytes unchanged, 61xx included. */
    private synchronized byte[] rawTransmit(byte[] command) {
        try {
            return card.transmit(command);
        } catch (CardTransportException e) {
            return new byte[] {0x6F, 0x00};
        }
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        bank.close();
        server.close();
        card.close();
    }

    private static AuthenticationVector challenge() {
        return TestCard.SET_1.challenge(TestCard.sqn(SEQ.getAndIncrement(), 0));
    }

    private Http.Response authenticate(AuthenticationVector v) {
        return gateway.client().post(gateway.http("/sim-auth-api/v1/slot/" + SLOT),
                SimAuthApiTest.body(v));
    }

    private static String success(AuthenticationVector v) {
        return "200 " + SimAuthApiTest.success(v); // as Http.Response prints it
    }

    private JsonNode slot() {
        for (JsonNode slot : gateway.client().get(gateway.http("/api/v1/slots")).json().path("slots")) {
            if (slot.path("id").asInt() == SLOT) {
                return slot;
            }
        }
        throw new AssertionError("no slot " + SLOT + " in /api/v1/slots");
    }

    private Http.Response management(String path) {
        return gateway.client().get(URI.create("http://127.0.0.1:" + gateway.gateway().managementAddress().getPort()
                + path));
    }

    @Test
    void akaThroughTheBankEqualsMilenagesAnswer() {
        AuthenticationVector v = challenge();
        assertEquals(success(v), authenticate(v).toString());
        assertEquals("200 " + TestCard.SET_1.simInfo(),
                gateway.client().get(gateway.http("/sim-info-api/v1/slot/" + SLOT)).toString());
        assertTrue(bank.receivedOf(RsproMessage.TpduModemToCard.class).stream().anyMatch(t -> t.data()[1] == (byte) 0x88),
                "AUTHENTICATE went to the bank's card");
    }

    @Test
    void theSlotShowsItsLinksMappingAndAtrInTheApiTheAdminApiAndTheMetrics() {
        AuthenticationVector v = challenge();
        assertEquals(success(v), authenticate(v).toString());
        JsonNode detail = slot().path("transport_detail");
        assertEquals("up", detail.path("server_link").asText());
        assertEquals("up", detail.path("bank_link").asText());
        assertEquals("127.0.0.1:" + server.port(), detail.path("server").asText());
        assertEquals("9:0", detail.path("client").asText());
        assertEquals("bank 1 slot 0", detail.path("mapping").asText());
        assertEquals("127.0.0.1:" + bank.port(), detail.path("bank").asText());
        assertEquals(Hex.upper(SimcardTransport.atr()), detail.path("bank_atr").asText());

        JsonNode admin = management("/admin/v1/slots/" + SLOT).json();
        assertEquals("up", admin.path("transport_detail").path("bank_link").asText(), admin.toString());
        String metrics = management("/metrics").body();
        assertTrue(metrics.contains("simgate_slot_link{link=\"bank\",slot=\"7\",slot_name=\"remote card\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("simgate_slot_link{link=\"server\",slot=\"7\",slot_name=\"remote card\"} 1.0"),
                metrics);
    }

    @Test
    void aDeletedMappingAnswers410AtOnceAndANewMappingIsPickedUpLive() throws Exception {
        assertEquals(200, authenticate(challenge()).status());

        server.unmap();
        waitFor(() -> "no_card".equals(slot().path("state").asText())); // without a request
        AuthenticationVector v = challenge();
        Http.Response refused = assertTimeoutPreemptively(AT_ONCE, () -> authenticate(v));
        assertEquals(410, refused.status(), refused.toString());
        assertTrue(slot().path("transport_detail").path("mapping").isNull());

        server.map(bank);
        waitFor(() -> "present".equals(slot().path("state").asText())); // without a request
        AuthenticationVector again = challenge();
        assertEquals(success(again), authenticate(again).toString());
    }

    @Test
    void anUnreachableBankAnswers503AtOnce() throws Exception {
        assertEquals(200, authenticate(challenge()).status());

        bank.stop();
        waitFor(() -> "transport_down".equals(slot().path("state").asText()));
        Http.Response refused = assertTimeoutPreemptively(AT_ONCE, () -> authenticate(challenge()));
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("down", slot().path("transport_detail").path("bank_link").asText());

        bank.restart();
        waitFor(() -> "present".equals(slot().path("state").asText()));
        assertEquals(200, authenticate(challenge()).status());
    }

    @Test
    void aRestartedServerIsCalledAgainAndTheCardStays() throws Exception {
        server.stop();
        waitFor(() -> "down".equals(slot().path("transport_detail").path("server_link").asText()));
        AuthenticationVector v = challenge();
        assertEquals(success(v), authenticate(v).toString(), "the bank link outlives the server");

        server.restart();
        waitFor(() -> "up".equals(slot().path("transport_detail").path("server_link").asText()));
        assertEquals(200, authenticate(challenge()).status());
    }

    /** Waits until {@code condition} holds; fails with what the slot shows then (its state, links and last error). */
    private void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + PATIENCE + "; the slot shows " + slot()
                        + "; the server received " + server.receivedOf(RsproMessage.class).size() + " messages, the bank "
                        + bank.receivedOf(RsproMessage.class).size());
            }
            Thread.sleep(50);
        }
    }
}
