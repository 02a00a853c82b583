package org.simgate.e2e.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.SimAuthApiTest;
import org.simgate.aka.AuthenticationVector;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.simulator.ModemSimulator;
import org.simgate.simulator.ModemSimulator.Placement;
import org.simgate.transport.Hex;

/**
 * REST → gateway → jSerialComm → pty → modem simulator → software USIM, next to an in-process
 * simcard slot holding the same card: the same answers, and every way a modem fails, as HTTP.
 * Slot 0 is the simcard, slot 5 the modem.
 */
class ModemSlotRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    ModemSimulator sim;
    Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** SEQ of the next challenge; both cards are new in each test, so each starts at 1. */
    long seq = 1;

    record Response(int status, String body, String retryAfter) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    @BeforeEach
    void start() throws Exception {
        sim = ModemSimulator.start(dir.resolve("pty"), TestSim.SET_1.profile());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    private void startGateway() throws IOException {
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.port = 0
                  line.port = 0
                  management.port = 0
                  https.enabled = false
                  slots = [
                    { id = 0, transport = simcard, simcard { %s } }
                    { id = 5, name = "modem slot", transport = modem, operation-timeout = 3s, allow-apdu = true,
                      modem { port = %s, command-timeout = 600ms, max-reconnect-delay = 1s } }
                  ]
                }""".formatted(TestSim.SET_1.simcardSettings(), ConfigUtil.quoteString(sim.port())))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("retry-after").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Response authenticate(int slot, AuthenticationVector challenge) {
        return send(HttpRequest.newBuilder(uri("/sim-auth-api/v1/slot/" + slot))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rand\":\"" + Hex.lower(challenge.rand())
                        + "\",\"autn\":\"" + Hex.lower(challenge.autn()) + "\"}")));
    }


    private void assertAuthenticates() {
        AuthenticationVector challenge = TestSim.SET_1.challenge(seq++);
        assertEquals("200 " + SimAuthApiTest.success(challenge), authenticate(5, challenge).toString());
    }

    /**
     * The slot is back within {@code within}: until then it may still be backing off from the
     * modem's absence (503 at once, the card untouched), after that it answers as before.
     */
    private void assertAuthenticatesAgainWithin(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            AuthenticationVector challenge = TestSim.SET_1.challenge(seq++);
            Response response = authenticate(5, challenge);
            if (response.status() != 503 || System.nanoTime() > deadline) {
                assertEquals("200 " + SimAuthApiTest.success(challenge), response.toString());
                return;
            }
            Thread.sleep(100);
        }
    }

    private JsonNode modemSlotStatus() {
        for (JsonNode slot : get("/api/v1/slots").json().get("slots")) {
            if (slot.get("id").asInt() == 5) {
                return slot;
            }
        }
        throw new AssertionError("no slot 5");
    }

    @Test
    void theModemSlotAnswersWhatTheInProcessSimcardSlotAnswers() throws Exception {
        startGateway();
        for (int i = 0; i < 3; i++) {
            AuthenticationVector challenge = TestSim.SET_1.challenge(seq++);
            Response simcard = authenticate(0, challenge);
            Response modem = authenticate(5, challenge);
            assertEquals("200 " + SimAuthApiTest.success(challenge), simcard.toString(), "the in-process card, from Milenage");
            assertEquals(simcard.toString(), modem.toString(), "the same card behind a modem");
        }
        // a replayed challenge: both cards answer with the same AUTS-bearing sync failure
        AuthenticationVector replay = TestSim.SET_1.challenge(1);
        Response simcard = authenticate(0, replay);
        assertTrue(simcard.body().startsWith("{\"synchronisation_failure\":{\"auts\":\""), simcard.body());
        assertEquals(simcard.toString(), authenticate(5, replay).toString());
    }

    @Test
    void imsiAndIccidAreReadThroughTheModemAndItReportsNoAtr() throws Exception {
        startGateway();
        assertEquals("200 {\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000011\",\"atr\":\"\","
                + "\"applications\":[\"USIM\",\"ISIM\"]}", get("/sim-info-api/v1/slot/5").toString());
        assertEquals("200 {\n\t\"imsi\": \"001010000000001\"\n}", get("/?type=imsi&slot=5").toString()); // usim-https layout
        JsonNode status = modemSlotStatus();
        assertEquals("present", status.get("state").asText());
        assertEquals("modem", status.get("transport").asText());
    }

    @Test
    void echoAndUnsolicitedResultCodesChangeNothing() throws Exception {
        sim.echoStuckOn(true);
        startGateway();
        sim.sendUnsolicited("^BOOT:12345,0,0,0,72");
        sim.unsolicited(Placement.BEFORE_ANSWER, "RING", "+CREG: 1");
        assertAuthenticates();
        sim.unsolicited(Placement.INSIDE_ANSWER, "+CMTI: \"SM\",3", "^BOOT:1,0,0,0,72");
        assertAuthenticates();
    }

    @Test
    void aGarbledAnswerIs502AndTheNextRequestWorks() throws Exception {
        startGateway();
        assertAuthenticates();
        sim.unsolicited(Placement.SPLITTING_ANSWER_LINE, "RING");
        assertEquals("502 {\"error\":{\"message\":\"modem slot: card protocol error\"}}",
                authenticate(5, TestSim.SET_1.challenge(seq++)).toString());
        sim.unsolicited(null);
        sim.lieAboutCsimLength(1);
        assertEquals(502, authenticate(5, TestSim.SET_1.challenge(seq++)).status());
        assertAuthenticates();
    }

    @Test
    void errorAnswersAre502AndSimNotInsertedIs410() throws Exception {
        startGateway();
        assertAuthenticates();
        sim.failNextCsim("+CME ERROR: 14");
        assertEquals("502 {\"error\":{\"message\":\"modem slot: card protocol error\"}}",
                authenticate(5, TestSim.SET_1.challenge(seq++)).toString());
        sim.failNextCsim("ERROR");
        assertEquals(502, authenticate(5, TestSim.SET_1.challenge(seq++)).status());
        assertAuthenticates();

        sim.simInserted(false);
        assertEquals("410 {\"error\":{\"message\":\"modem slot: no card in slot\"}}",
                authenticate(5, TestSim.SET_1.challenge(seq++)).toString());
        assertEquals("no_card", modemSlotStatus().get("state").asText());
        sim.simInserted(true);
        assertAuthenticates();
    }

    @Test
    void aSlowModemIs504AndTheNextRequestGetsItsOwnAnswer() throws Exception {
        startGateway();
        assertAuthenticates();
        sim.csimDelay(Duration.ofMillis(900)); // beyond command-timeout (600 ms), within operation-timeout
        assertEquals("504 {\"error\":{\"message\":\"modem slot: the card did not answer in time\"}}",
                authenticate(5, TestSim.SET_1.challenge(seq++)).toString());
        sim.csimDelay(Duration.ZERO);
        assertAuthenticates();
        assertAuthenticates();
    }

    @Test
    void aModemThatRefusesAtCsimGivesItsImsiAndSaysAkaIsUnavailable() throws Exception {
        sim.refuseCsim(4, true);
        startGateway();
        String refused = "modem slot: AKA unavailable: the modem refuses AT+CSIM (+CME ERROR: 4); "
                + "only its IMSI can be read (AT+CIMI)";
        assertEquals("502 {\"error\":{\"message\":\"" + refused + "\"}}",
                authenticate(5, TestSim.SET_1.challenge(seq++)).toString());
        assertEquals("200 {\"imsi\":\"001010000000001\",\"iccid\":null,\"atr\":\"\",\"applications\":[]}",
                get("/sim-info-api/v1/slot/5").toString());
        assertEquals("200 {\n\t\"imsi\": \"001010000000001\"\n}", get("/?type=imsi&slot=5").toString()); // usim-https layout
        JsonNode status = modemSlotStatus();
        assertEquals("present", status.get("state").asText());
        assertEquals(refused, status.get("last_error").asText());
    }

    /**
     * A modem that knows only AT, ATZ, AT+CSIM=? and AT+CSIM (what pySim's own modem driver needs):
     * it answers ERROR to ATE0 and AT+CMEE, and serves AKA, the IMSI and the ICCID all the same.
     */
    @Test
    void aModemThatKnowsOnlyWhatPySimNeedsServesAka() throws Exception {
        sim.minimal(true);
        startGateway();
        assertAuthenticates();
        assertAuthenticates();
        assertEquals("200 {\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000011\",\"atr\":\"\","
                + "\"applications\":[\"USIM\",\"ISIM\"]}", get("/sim-info-api/v1/slot/5").toString());
        assertEquals("present", modemSlotStatus().get("state").asText());
    }

    /** When such a modem's probe does fail, the slot's last error says what it answered. */
    @Test
    void aFailedProbeSaysWhatTheModemAnswered() throws Exception {
        sim.minimal(true);
        sim.ignore("AT+CSIM=?");
        startGateway();
        assertEquals(503, authenticate(5, TestSim.SET_1.challenge(seq)).status());
        JsonNode status = modemSlotStatus();
        assertEquals("transport_down", status.get("state").asText());
        assertTrue(status.get("last_error").asText().contains("did not answer AT+CSIM=? within 600 ms; before that "
                + "ATE0 answered ERROR, AT+CMEE=1 answered ERROR, AT+CMEE? answered ERROR"), status.toString());
    }

    @Test
    void aModemThatVanishesIs503UntilItReturnsThenWorksWithoutARestart() throws Exception {
        startGateway();
        assertAuthenticates();

        sim.vanish();
        Response down = authenticate(5, TestSim.SET_1.challenge(seq));
        assertEquals("503 {\"error\":{\"message\":\"modem slot: transport down\"}}", down.toString());
        assertEquals("1", down.retryAfter());
        assertEquals("transport_down", modemSlotStatus().get("state").asText());
        assertEquals(503, get("/sim-info-api/v1/slot/5").status(), "backing off: fails at once");
        assertEquals(200, authenticate(0, TestSim.SET_1.challenge(seq)).status(), "the other slot is unaffected");

        sim.comeBack();
        assertAuthenticatesAgainWithin(Duration.ofSeconds(10));
        assertEquals("present", modemSlotStatus().get("state").asText());
    }

    @Test
    void aRequestInFlightWhenTheModemVanishesFailsAtOnceWith503() throws Exception {
        startGateway();
        assertAuthenticates();
        sim.holdAnswers();
        long start = System.nanoTime();
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(
                () -> authenticate(5, TestSim.SET_1.challenge(seq)));
        assertTrue(sim.awaitHeld(Duration.ofSeconds(5)));

        // meanwhile the modem's slot thread is stuck in a read: the simcard slot still answers
        assertEquals(200, authenticate(0, TestSim.SET_1.challenge(seq + 10)).status());

        sim.vanish();
        Response response = inFlight.get(5, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("503 {\"error\":{\"message\":\"modem slot: transport down\"}}", response.toString());
        assertTrue(took < 2_000, "answered after " + took + " ms");

        sim.comeBack();
        seq++;
        assertAuthenticatesAgainWithin(Duration.ofSeconds(10));
    }

    @Test
    void aModemAbsentAtStartLeavesTheSlotDownUntilItAppears() throws Exception {
        sim.vanish();
        startGateway();
        assertEquals("transport_down", modemSlotStatus().get("state").asText());
        assertTrue(modemSlotStatus().get("last_error").asText().contains("no such port"));
        assertEquals(503, authenticate(5, TestSim.SET_1.challenge(seq)).status());

        sim.comeBack();
        assertAuthenticates();
    }

    @Test
    void aSilentModemIs503AndTheSlotRecoversWhenItSpeaksAgain() throws Exception {
        startGateway();
        assertAuthenticates();
        sim.mute(true);
        // the command times out (504); the reconnect after it finds no AT answer (503)
        assertEquals(504, authenticate(5, TestSim.SET_1.challenge(seq++)).status());
        assertEquals(503, authenticate(5, TestSim.SET_1.challenge(seq++)).status());
        sim.mute(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Response response;
        do {
            Thread.sleep(100);
            AuthenticationVector challenge = TestSim.SET_1.challenge(seq++);
            response = authenticate(5, challenge);
        } while (response.status() == 503 && System.nanoTime() - deadline < 0);
        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void rawApdusPassThroughTheModemUnchanged() throws Exception {
        startGateway();
        Response r = send(HttpRequest.newBuilder(uri("/apdu-api/v1/slot/5"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apdus\":[\"00A40004023F00\",\"00A40004027FFF\"]}")));
        assertEquals(200, r.status(), r.toString());
        JsonNode responses = r.json().get("responses");
        assertTrue(responses.get(0).asText().startsWith("61"), "raw T=0: " + responses);
        assertEquals("6A82", responses.get(1).asText());
    }
}
