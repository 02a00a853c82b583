package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jnasmartcardio.PcscCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.pcsc.RunningGateway.Answer;
import org.simgate.service.SlotStatus;
import org.simgate.transport.Hex;

/**
 * REST → gateway → jnasmartcardio → pcscd → vpcd → simgate's vpcd relay → a software USIM, beside
 * the same USIM in-process. Two gateways: "cards" exports two simcard slots to a real pcscd's vpcd
 * readers; "front" has those readers as pcsc slots 0 and 1, and slot 9, an in-process simcard with
 * the same keys, to compare with.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PcscSlotTest {
    @TempDir
    static Path dir;
    static PcscDaemon pcscd;
    static RunningGateway cards;
    static RunningGateway front;
    /** The SQNs that the cards in slot 0 (and slot 9, the in-process twin) and slot 1 have seen. */
    static final Subscriber card = new Subscriber();
    static final Subscriber card1 = new Subscriber();

    @BeforeAll
    static void start() {
        pcscd = PcscDaemon.listening("simgate e2e");
        int port = pcscd.port();
        cards = RunningGateway.start(dir, "simgate { slots = [" + RunningGateway.simcard(0, true) + ", "
                + RunningGateway.simcard(1, true) + "], vpcd-relay = ["
                + "{ slot = 0, connect = \"127.0.0.1:" + port + "\", retry = 100ms },"
                + "{ slot = 1, connect = \"127.0.0.1:" + (port + 1) + "\", retry = 100ms } ] }");
        List<String> readers = pcscd.readerNames();
        front = RunningGateway.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, readers.get(0), "exclusive") + ", "
                + RunningGateway.pcscSlot(1, readers.get(1), "exclusive") + ", " + RunningGateway.simcard(9, true) + "]");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        front.awaitState(1, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (cards != null) {
            cards.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    /** First: slot 0's card and its in-process twin must have the same history for the same AUTS. */
    @Test
    @Order(1)
    void aPcscSlotAnswersWithTheSameResCkIkKcAsTheInProcessCard() {
        List<AuthenticationVector> used = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AuthenticationVector vector = card.next();
            used.add(vector);
            Answer viaPcsc = front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(vector));
            Answer inProcess = front.post("/sim-auth-api/v1/slot/9", Subscriber.authBody(vector));
            assertEquals(200, viaPcsc.status(), viaPcsc::toString);
            assertEquals(inProcess.body(), viaPcsc.body());
            JsonNode success = viaPcsc.body().get("successful_3g_authentication");
            assertNotNull(success, viaPcsc::toString);
            assertEquals(Hex.lower(vector.xres()), success.get("res").asText());
            assertEquals(Hex.lower(vector.ck()), success.get("ck").asText());
            assertEquals(Hex.lower(vector.ik()), success.get("ik").asText());
            assertEquals(Hex.lower(vector.kc()), success.get("kc").asText());
        }
        // a replay: both cards refuse it the same way, with the same AUTS
        Answer viaPcsc = front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(used.get(0)));
        Answer inProcess = front.post("/sim-auth-api/v1/slot/9", Subscriber.authBody(used.get(0)));
        assertNotNull(viaPcsc.body().get("synchronisation_failure"), viaPcsc::toString);
        assertEquals(inProcess.body(), viaPcsc.body());
    }

    @Test
    void simInfoReadsThroughPcscd() {
        Answer info = front.get("/sim-info-api/v1/slot/1");
        assertEquals(200, info.status(), info::toString);
        assertEquals(TestCard.SET_1.imsi(), info.body().get("imsi").asText());
        assertEquals(TestCard.SET_1.iccid(), info.body().get("iccid").asText());
        Answer slots = front.get("/api/v1/slots");
        JsonNode slot0 = slots.body().get("slots").get(0);
        assertEquals("pcsc", slot0.get("transport").asText());
        assertEquals("present", slot0.get("state").asText());
        assertEquals(TestCard.ATR, slot0.get("atr").asText(), "simgate answers hex in lowercase");
    }

    /**
     * Raw passthrough keeps the client's bytes: CLA 01 reaches the card as 01 (which this
     * basic-channel-only card refuses with 6E00; a CLA rewritten to the channel object's 00 would
     * have been answered 61xx), and 61xx comes back to the client instead of being fetched.
     */
    @Test
    void rawApdusPassThroughUnchangedBothWays() {
        String[] selectMf = {"00A40004023F00"};
        List<String> pcsc = apdus(0, selectMf);
        assertEquals(apdus(9, selectMf), pcsc);
        assertTrue(pcsc.get(0).startsWith("61"), pcsc::toString);
        String getResponse = "00C00000" + pcsc.get(0).substring(2);
        List<String> fcp = apdus(0, getResponse);
        assertEquals(apdus(9, getResponse), fcp);
        assertTrue(fcp.get(0).startsWith("62") && fcp.get(0).endsWith("9000"), fcp::toString);
        assertEquals(List.of("6E00"), apdus(0, "01A40004023F00"));
        assertEquals(List.of("6E00"), apdus(9, "01A40004023F00"));
        // and the slot's own AKA still selects what it needs after the client moved the card around
        Answer auth = front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card.next()));
        assertNotNull(auth.body().get("successful_3g_authentication"), auth::toString);
    }

    private List<String> apdus(int slot, String... apdus) {
        Answer answer = front.post("/apdu-api/v1/slot/" + slot, "{\"apdus\":[\"" + String.join("\",\"", apdus) + "\"]}");
        assertEquals(200, answer.status(), answer::toString);
        List<String> responses = new ArrayList<>();
        answer.body().get("responses").forEach(r -> responses.add(r.asText().toUpperCase()));
        return responses;
    }

    @Test
    void twoReadersServeInParallel() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int slot : new int[] {0, 1}) {
                Subscriber own = slot == 0 ? card : card1;
                runs.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    for (int i = 0; i < 30; i++) {
                        Answer answer = front.post("/sim-auth-api/v1/slot/" + slot, Subscriber.authBody(own.next()));
                        assertNotNull(answer.body().get("successful_3g_authentication"), answer::toString);
                    }
                    return new long[] {start, System.nanoTime()};
                }));
            }
            long[] first = runs.get(0).get(30, TimeUnit.SECONDS);
            long[] second = runs.get(1).get(30, TimeUnit.SECONDS);
            assertTrue(first[0] < second[1] && second[0] < first[1], "the two readers' requests overlapped in time");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void exclusiveModeKeepsOtherPcscApplicationsOff() throws Exception {
        PcscCalls calls = PcscCalls.load();
        long context = calls.establishContext();
        try {
            PcscCalls.PcscError refused = assertThrows(PcscCalls.PcscError.class, () -> calls.connect(context,
                    pcscd.readerNames().get(0), PcscCalls.SCARD_SHARE_SHARED,
                    PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1));
            assertEquals(PcscCalls.SCARD_E_SHARING_VIOLATION, refused.code());
        } finally {
            calls.releaseContext(context);
        }
    }
}
