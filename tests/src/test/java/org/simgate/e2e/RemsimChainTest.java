package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.pcsc.PcscDaemon;
import org.simgate.protocol.remsim.RemsimBankFront;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;
import org.simgate.transport.remsim.SilentPeer;

/**
 * simgate's bank serves simgate's client: slot 0 (a simulated USIM) is lent as bank 1 slot 0 through the
 * in-repo RSPRO server, and slot 7 ({@code transport = remsim}, client 9:0) borrows it back, all over
 * real TCP. What the remsim slot answers must be what the card answers.
 */
class RemsimChainTest {
    private static final int REMOTE = 7;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Far below the remote slot's operation timeout (30 s): an answer within it came at once. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final AtomicLong SEQ = new AtomicLong(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MAPPING = "{\"bank\":{\"bankId\":1,\"slotNr\":0},\"client\":{\"clientId\":9,\"slotNr\":0}}";

    @TempDir
    Path dir;
    private RemsimServer server;
    private RunningGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String remoteSettings) throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
        gateway = RunningGateway.start(dir, RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", ""),
                remoteSlot(server.rsproPort(), remoteSettings))
                + "simgate.remsim.bankd {\n enabled = true\n server = \"127.0.0.1:" + server.rsproPort() + "\"\n"
                + " bank-id = 1\n port = 0\n slots = [0]\n}\n");
        server.tellClientsBankPort(bankPort());
    }

    private static String remoteSlot(int serverPort, String remoteSettings) {
        return "{ id = " + REMOTE + ", name = \"borrowed\", transport = remsim, operation-timeout = 30s, remsim { "
                + "server = \"127.0.0.1:" + serverPort + "\", client-id = 9, client-slot = 0, max-reconnect-delay = 1s "
                + remoteSettings + " } }";
    }

    @Test
    void akaThroughTheChainEqualsMilenagesAnswer() throws Exception {
        start("");
        assertEquals(201, post("/slotmaps", MAPPING));
        waitFor(() -> "present".equals(slot().path("state").asText()));

        AuthenticationVector v = challenge();
        assertEquals(success(v), authenticate(v).toString());
        assertEquals("200 " + TestCard.SET_1.simInfo(),
                gateway.client().get(gateway.http("/sim-info-api/v1/slot/" + REMOTE)).toString());
        JsonNode detail = slot().path("transport_detail");
        assertEquals("bank 1 slot 0", detail.path("mapping").asText(), detail.toString());
        assertEquals("127.0.0.1:" + bankPort(), detail.path("bank").asText());
    }

    @Test
    void aDeletedMappingIs410AtOnceAndANewOneIsPickedUpLive() throws Exception {
        start("");
        assertEquals(201, post("/slotmaps", MAPPING));
        waitFor(() -> "present".equals(slot().path("state").asText()));
        assertEquals(200, authenticate(challenge()).status());

        assertEquals(200, delete("/slotmaps/65536"));
        waitFor(() -> "no_card".equals(slot().path("state").asText())); // without a request
        AuthenticationVector refused = challenge();
        Http.Response answer = assertTimeoutPreemptively(AT_ONCE, () -> authenticate(refused));
        assertEquals(410, answer.status(), answer.toString());

        assertEquals(201, post("/slotmaps", MAPPING));
        waitFor(() -> "present".equals(slot().path("state").asText())); // without a request
        AuthenticationVector v = challenge();
        assertEquals(success(v), authenticate(v).toString());
    }

    @Test
    void anUnreachableBankIs503AtOnce() throws Exception {
        start("");
        // below the ephemeral range: nothing listens there, and no outgoing connection is given it
        server.tellClientsBankPort(PcscDaemon.freePort());
        assertEquals(201, post("/slotmaps", MAPPING));
        waitFor(() -> "down".equals(slot().path("transport_detail").path("bank_link").asText())
                && !slot().path("transport_detail").path("bank_problem").isMissingNode());

        Http.Response answer = assertTimeoutPreemptively(AT_ONCE, () -> authenticate(challenge()));
        assertEquals(503, answer.status(), answer.toString());
    }

    @Test
    void aRestartedServerIsCalledAgainByBothRoles() throws Exception {
        start("");
        assertEquals(201, post("/slotmaps", MAPPING));
        waitFor(() -> "present".equals(slot().path("state").asText()));
        int rsproPort = server.rsproPort();

        server.close();
        waitFor(() -> "down".equals(slot().path("transport_detail").path("server_link").asText()));
        AuthenticationVector meanwhile = challenge();
        assertEquals(success(meanwhile), authenticate(meanwhile).toString(), "the bank link outlives the server");

        server = RemsimServer.start(RemsimServer.Settings.forTests(bankPort(), KeepaliveTimers.OSMO_REMSIM)
                .withRsproPort(rsproPort));
        waitFor(() -> "up".equals(slot().path("transport_detail").path("server_link").asText()));
        assertEquals(201, post("/slotmaps", MAPPING)); // a new server starts without slotmaps
        AuthenticationVector v = challenge();
        waitFor(() -> "present".equals(slot().path("state").asText()));
        assertEquals(success(v), authenticate(v).toString());
    }

    @Test
    void aSilentServerIsDroppedAtThePongTimeoutAndCalledAgain() throws Exception {
        try (SilentPeer silent = SilentPeer.start()) {
            gateway = RunningGateway.start(dir, RunningGateway.slots(
                    remoteSlot(silent.port(), ", ping-interval = 30s, pong-timeout = 1s")));

            waitFor(() -> silent.connections() >= 2); // dropped 1 s after its first PING went unanswered, then called again
            assertEquals("down", slot().path("transport_detail").path("server_link").asText());
            Http.Response answer = assertTimeoutPreemptively(AT_ONCE, () -> authenticate(challenge()));
            assertEquals(503, answer.status(), answer.toString());
        }
    }

    private int bankPort() {
        return gateway.gateway().addresses().stream().filter(bound -> bound.name().equals(RemsimBankFront.NAME))
                .map(bound -> ((InetSocketAddress) bound.address()).getPort()).findFirst().orElseThrow();
    }

    private static AuthenticationVector challenge() {
        return TestCard.SET_1.challenge(TestCard.sqn(SEQ.getAndIncrement(), 2));
    }

    private Http.Response authenticate(AuthenticationVector v) {
        return gateway.client().post(gateway.http("/sim-auth-api/v1/slot/" + REMOTE),
                SimAuthApiTest.body(v));
    }

    private static String success(AuthenticationVector v) {
        return "200 " + SimAuthApiTest.success(v); // as Http.Response prints it
    }

    private JsonNode slot() {
        for (JsonNode slot : gateway.client().get(gateway.http("/api/v1/slots")).json().path("slots")) {
            if (slot.path("id").asInt() == REMOTE) {
                return slot;
            }
        }
        throw new AssertionError("no slot " + REMOTE + " in /api/v1/slots");
    }

    private int post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.restBase() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int delete(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.restBase() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + PATIENCE);
            }
            Thread.sleep(50);
        }
    }
}
