package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.lower;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.simcard.SimcardTransport;
import org.slf4j.LoggerFactory;

/**
 * The management listener over a real socket: metrics after known traffic, no card identity or
 * secret in them, readiness following the cards, drain/undrain, reset and reread, audit lines.
 * Each test uses its own slot so the counts of one do not disturb another.
 */
class ManagementApiTest {
    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static final AtomicLong seq = new AtomicLong(1);

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger audit = logging.getLogger("simgate.audit");
    private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "name = \"metered\"", ""),
                TestCard.SET_2.inSlot(1, "name = \"drained\"", ""),
                TestCard.SET_1.inSlot(2, "name = \"removable\"", ""),
                TestCard.SET_2.inSlot(3, "name = \"empty\"", "inserted = false")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void captureAudit() {
        auditLines.setContext(logging);
        auditLines.start();
        audit.addAppender(auditLines);
        audit.setLevel(Level.INFO); // the build's logging may be quieter
        audit.setAdditive(false); // to memory only, not the build's output
    }

    @AfterEach
    void stopCapture() {
        audit.detachAppender(auditLines);
        audit.setLevel(null);
        audit.setAdditive(true);
    }

    private static URI management(String path) {
        return URI.create("http://127.0.0.1:" + gateway.gateway().managementAddress().getPort() + path);
    }

    private static Http.Response get(String path) {
        return gateway.client().get(management(path));
    }

    private static Http.Response admin(String path) {
        return gateway.client().post(management(path), "");
    }

    private static Http.Response auth(int slot, TestCard card, AuthenticationVector v) {
        return auth(slot, "{\"rand\":\"" + lower(v.rand()) + "\",\"autn\":\"" + lower(v.autn()) + "\"}");
    }

    private static Http.Response auth(int slot, String body) {
        return gateway.client().post(gateway.http("/sim-auth-api/v1/slot/" + slot), body);
    }

    private static AuthenticationVector fresh(TestCard card) {
        return card.challenge(TestCard.sqn(seq.getAndIncrement() + 100, 0));
    }

    /** The value of the one series of {@code name} whose labels include every {@code label="value"} given. */
    private static double value(String scrape, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double found = Double.NaN;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                assertTrue(Double.isNaN(found), "more than one series of " + name + " matches");
                found = Double.parseDouble(m.group(2));
            }
        }
        return Double.isNaN(found) ? 0 : found;
    }

    /** Recording runs as the slot's answer completes, maybe just after the client has it: wait a moment. */
    private static String scrapeWhen(Predicate<String> ready) throws InterruptedException {
        String scrape = null;
        for (int i = 0; i < 100; i++) {
            Http.Response metrics = get("/metrics");
            assertEquals(200, metrics.status());
            scrape = metrics.body();
            if (ready.test(scrape)) {
                return scrape;
            }
            Thread.sleep(20);
        }
        return scrape;
    }

    @Test
    void healthIsOk() {
        Http.Response health = get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
    }

    @Test
    void metricsCountKnownTrafficByOutcomeAndHoldNoIdentityOrSecret() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(TestCard.SET_1.imsi(), TestCard.SET_1.iccid(),
                TestCard.SET_1.k(), TestCard.SET_1.opc(), TestCard.SET_2.imsi(), TestCard.SET_2.iccid(),
                TestCard.SET_2.k(), TestCard.SET_2.opc()));
        for (int i = 0; i < 3; i++) {
            AuthenticationVector v = fresh(TestCard.SET_1);
            Http.Response ok = auth(0, TestCard.SET_1, v);
            assertTrue(ok.body().contains("successful_3g_authentication"), ok.toString());
            secrets.addAll(List.of(lower(v.xres()), lower(v.ck()), lower(v.ik()), lower(v.kc())));
        }
        AuthenticationVector replayed = fresh(TestCard.SET_1);
        auth(0, TestCard.SET_1, replayed);
        Http.Response sync = auth(0, TestCard.SET_1, replayed);
        assertTrue(sync.body().contains("synchronisation_failure"), sync.toString());
        secrets.add(sync.json().get("synchronisation_failure").get("auts").asText());
        AuthenticationVector wrongMac = fresh(TestCard.SET_1);
        byte[] autn = wrongMac.autn();
        autn[15] ^= 1;
        assertTrue(auth(0, "{\"rand\":\"" + lower(wrongMac.rand()) + "\",\"autn\":\"" + lower(autn) + "\"}")
                .body().contains("incorrect_mac"));
        assertEquals(410, auth(3, TestCard.SET_2, fresh(TestCard.SET_2)).status());
        Http.Response info = gateway.client().get(gateway.http("/sim-info-api/v1/slot/0"));
        assertEquals(200, info.status());

        String rest0 = "slot=\"0\"";
        String scrape = scrapeWhen(s -> value(s, "simgate_slot_operations_total", rest0, "outcome=\"mac_failure\"") == 1
                && value(s, "simgate_slot_operations_total", "slot=\"3\"", "outcome=\"no_card\"") == 1
                && value(s, "simgate_slot_operations_total", rest0, "operation=\"info\"") == 1);
        assertEquals(4, value(scrape, "simgate_slot_operations_total", rest0, "protocol=\"rest\"",
                "operation=\"authenticate\"", "outcome=\"success\""));
        assertEquals(1, value(scrape, "simgate_slot_operations_total", rest0, "operation=\"authenticate\"",
                "outcome=\"sync_failure\""));
        assertEquals(1, value(scrape, "simgate_slot_operations_total", rest0, "operation=\"authenticate\"",
                "outcome=\"mac_failure\""));
        assertEquals(1, value(scrape, "simgate_slot_operations_total", "slot=\"3\"", "slot_name=\"empty\"",
                "operation=\"authenticate\"", "outcome=\"no_card\""));
        assertEquals(6, value(scrape, "simgate_slot_operation_duration_seconds_count", rest0,
                "operation=\"authenticate\""));
        assertEquals(6, value(scrape, "simgate_slot_operation_duration_seconds_bucket", rest0,
                "operation=\"authenticate\"", "le=\"+Inf\""));
        assertEquals(0, value(scrape, "simgate_slot_queue_depth", rest0));
        assertEquals(1, value(scrape, "simgate_slot_state", rest0, "state=\"present\""));
        assertEquals(1, value(scrape, "simgate_slot_state", "slot=\"3\"", "state=\"no_card\""));
        assertTrue(scrape.contains("simgate_listener_connections{listener=\"http\"}"), "connections per listener");
        assertTrue(scrape.contains("jvm_memory_used_bytes"), "JVM basics");

        for (String secret : secrets) {
            assertFalse(scrape.toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)),
                    "/metrics holds a card identity or secret");
        }
        // the admin API shows identities masked only
        Http.Response reread = admin("/admin/v1/slots/0/reread");
        assertEquals(200, reread.status());
        assertEquals("00101********01", reread.json().get("imsi").asText());
        for (String secret : secrets) {
            assertFalse(reread.body().toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)));
        }
    }

    @Test
    void lineProtocolRequestsAreCountedUnderTheirProtocol() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().lineAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(">removable|\n>1:IMSI|\n\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && !line.equals("@@")) {
                // the answer's lines; the count is what this test is about
            }
        }
        String scrape = scrapeWhen(s -> value(s, "simgate_slot_operations_total", "protocol=\"line\"", "slot=\"2\"") >= 1);
        assertTrue(value(scrape, "simgate_slot_operations_total", "protocol=\"line\"", "slot=\"2\"",
                "operation=\"transaction\"", "outcome=\"success\"") >= 1, scrape);
        assertTrue(scrape.contains("simgate_listener_connections{listener=\"line\"}"));
    }

    @Test
    void readyFollowsTheCards() throws Exception {
        Http.Response ready = get("/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.json().get("usable_slots").toString().contains("2"));
        assertFalse(ready.json().get("usable_slots").toString().contains("3"), "slot 3 holds no card");

        SimcardTransport card = (SimcardTransport) gateway.gateway().slots().get(2).transport();
        card.setInserted(false);
        try {
            assertEquals(410, admin("/admin/v1/slots/2/reread").status());
            assertFalse(get("/ready").json().get("usable_slots").toString().contains("2"));
            assertEquals("no_card", get("/admin/v1/slots/2").json().get("state").asText());
        } finally {
            card.setInserted(true);
        }
        assertEquals(200, admin("/admin/v1/slots/2/reread").status());
        assertTrue(get("/ready").json().get("usable_slots").toString().contains("2"));
    }

    @Test
    void readyIs503WhenNoSlotIsUsable() throws Exception {
        try (RunningGateway lonely = RunningGateway.start(dir.resolve("lonely"),
                RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "inserted = false")))) {
            URI ready = URI.create("http://127.0.0.1:" + lonely.gateway().managementAddress().getPort() + "/ready");
            Http.Response answer = lonely.client().get(ready);
            assertEquals(503, answer.status());
            assertFalse(answer.json().get("ready").asBoolean());
        }
    }

    @Test
    void drainFinishesQueuedWorkRefusesNewWorkAndUndrainRestoresIt() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Object> holding = gateway.gateway().service().transaction(1, card -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        AuthenticationVector queuedVector = fresh(TestCard.SET_2);
        CompletableFuture<Http.Response> queued = gateway.client().postAsync(
                gateway.http("/sim-auth-api/v1/slot/1"),
                "{\"rand\":\"" + lower(queuedVector.rand()) + "\",\"autn\":\"" + lower(queuedVector.autn()) + "\"}");
        for (int i = 0; i < 100 && gateway.gateway().slots().get(1).queueDepth() < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, gateway.gateway().slots().get(1).queueDepth(), "the request waits behind the held one");

        Http.Response drained = admin("/admin/v1/slots/1/drain");
        assertEquals(200, drained.status());
        assertEquals("out_of_service", drained.json().get("state").asText());
        Http.Response refused = auth(1, TestCard.SET_2, fresh(TestCard.SET_2));
        assertEquals(503, refused.status());
        assertNotNull(refused.header("Retry-After"));
        assertEquals("drained is out of service", refused.json().get("error").get("message").asText());
        assertFalse(get("/ready").json().get("usable_slots").toString().contains("1"));

        hold.countDown();
        holding.get(10, TimeUnit.SECONDS);
        Http.Response finished = queued.get(10, TimeUnit.SECONDS);
        assertEquals(200, finished.status());
        assertTrue(finished.body().contains("successful_3g_authentication"), "queued work finished: " + finished);

        assertEquals("present", admin("/admin/v1/slots/1/undrain").json().get("state").asText());
        assertTrue(auth(1, TestCard.SET_2, fresh(TestCard.SET_2)).body().contains("successful_3g_authentication"));

        String scrape = scrapeWhen(s -> value(s, "simgate_slot_operations_total", "slot=\"1\"",
                "outcome=\"out_of_service\"") == 1);
        assertEquals(1, value(scrape, "simgate_slot_operations_total", "slot=\"1\"", "outcome=\"out_of_service\""));

        List<String> lines = auditLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("time=\\S+ client=127\\.0\\.0\\.1:\\d+ slot=1 action=drain outcome=ok")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("slot=1 action=undrain outcome=ok")), lines.toString());
    }

    @Test
    void resetAndRereadAreAuditedWithoutSecrets() {
        Http.Response reset = admin("/admin/v1/slots/0/reset");
        assertEquals(200, reset.status());
        assertEquals("present", reset.json().get("state").asText());
        assertEquals(TestCard.ATR.toLowerCase(Locale.ROOT), reset.json().get("atr").asText());
        assertEquals(410, admin("/admin/v1/slots/3/reset").status());
        assertEquals(404, admin("/admin/v1/slots/42/reset").status());

        List<String> lines = auditLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("slot=0 action=reset outcome=ok")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("slot=3 action=reset outcome=no_card")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("slot=42 action=reset outcome=no_such_slot")), lines.toString());
        for (String line : lines) {
            for (String secret : List.of(TestCard.SET_1.imsi(), TestCard.SET_1.iccid(), TestCard.SET_1.k(),
                    TestCard.SET_1.opc(), TestCard.SET_2.imsi(), TestCard.SET_2.k())) {
                assertFalse(line.contains(secret), "audit line holds a card identity or key: " + line);
            }
        }
    }

    @Test
    void slotsListAndDetail() {
        Http.Response slots = get("/admin/v1/slots");
        assertEquals(200, slots.status());
        assertEquals(4, slots.json().get("slots").size());
        Http.Response detail = get("/admin/v1/slots/3");
        assertEquals("empty", detail.json().get("name").asText());
        assertEquals("no_card", detail.json().get("state").asText());
        assertEquals(404, get("/admin/v1/slots/9").status());
    }
}
