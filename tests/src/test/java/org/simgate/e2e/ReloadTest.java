package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.gateway.Gateway;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/v1/reload} on a gateway started from a config file, as {@code simgate -c FILE}
 * starts it: the file is edited, the gateway reloads it, and slots come, go and change while the
 * others keep answering.
 */
class ReloadTest {
    private static final String LISTENERS = "simgate {\n http.port = 0\n https.enabled = false\n line.port = 0\n"
            + " management.port = 0\n}\n";

    @TempDir
    Path dir;
    private Path file;
    private Gateway gateway;
    private final Http http = new Http(null);

    private void write(String settings) throws IOException {
        // temp + rename, as editors and config management write
        Path temp = dir.resolve("simgate.conf.tmp");
        Files.writeString(temp, LISTENERS + settings);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void start(String settings) throws IOException {
        file = dir.resolve("simgate.conf");
        write(settings);
        gateway = Gateway.start(GatewayConfig.load(file), () -> GatewayConfig.load(file));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + gateway.managementAddress().getPort() + path);
    }

    private Http.Response reload() {
        return http.post(management("/admin/v1/reload"), "");
    }

    private Http.Response authenticate(int slot, AuthenticationVector v) {
        return http.post(URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + "/sim-auth-api/v1/slot/" + slot),
                SimAuthApiTest.body(v));
    }

    /** The slot answers the card's challenge with the card's own RES, CK, IK, Kc. */
    private void assertAnswers(int slot, TestCard card, long sqn) {
        AuthenticationVector v = card.challenge(sqn);
        Http.Response answer = authenticate(slot, v);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(SimAuthApiTest.success(v), answer.body(), "slot " + slot);
    }

    private static List<Integer> ids(JsonNode list) {
        List<Integer> ids = new ArrayList<>();
        list.forEach(id -> ids.add(id.asInt()));
        return ids;
    }

    @Test
    void aReloadAddsRemovesAndRestartsSlotsByIdAndLeavesTheOthersServing() throws Exception {
        start(RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""), TestCard.SET_2.inSlot(1, "", ""),
                TestCard.SET_1.inSlot(2, "", "")));
        assertAnswers(0, TestCard.SET_1, TestCard.sqn(1, 0));
        assertAnswers(1, TestCard.SET_2, TestCard.sqn(1, 0));
        assertAnswers(2, TestCard.SET_1, TestCard.sqn(1, 0));

        // slot 1 gets another card (test set 1's K), slot 2 goes, slot 3 comes, slot 0 stays as it was
        write(RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""), TestCard.SET_1.inSlot(1, "", ""),
                TestCard.SET_2.inSlot(3, "name = \"new\"", "")));
        Http.Response answer = reload();
        assertEquals(200, answer.status(), answer.toString());
        JsonNode changes = answer.json();
        assertEquals(List.of(3), ids(changes.path("added")));
        assertEquals(List.of(2), ids(changes.path("removed")));
        assertEquals(List.of(1), ids(changes.path("restarted")));
        assertEquals(List.of(0), ids(changes.path("unchanged")));
        assertEquals(0, changes.path("needsRestart").size(), answer.toString());

        assertAnswers(3, TestCard.SET_2, TestCard.sqn(1, 0));
        assertAnswers(1, TestCard.SET_1, TestCard.sqn(1, 0)); // the new K answers, with a fresh SQN memory
        Http.Response removed = authenticate(2, TestCard.SET_1.challenge(TestCard.sqn(2, 0)));
        assertEquals(404, removed.status(), removed.toString());
        // slot 0 kept its SQN memory: the same challenge again is a replay
        AuthenticationVector replay = TestCard.SET_1.challenge(TestCard.sqn(1, 0));
        assertTrue(authenticate(0, replay).body().startsWith("{\"synchronisation_failure\""), "slot 0 was not restarted");

        JsonNode slots = http.get(management("/admin/v1/slots")).json().path("slots");
        List<Integer> listed = new ArrayList<>();
        slots.forEach(s -> listed.add(s.path("id").asInt()));
        assertEquals(List.of(0, 1, 3), listed);
        String metrics = http.get(management("/metrics")).body();
        assertTrue(metrics.contains("simgate_slot_queue_depth{slot=\"3\",slot_name=\"new\"}"), metrics);
        assertTrue(metrics.contains("protocol=\"rest\",slot=\"3\""), "the new slot's operations are counted");
        assertFalse(metrics.contains("slot=\"2\""), "the removed slot's series are gone");
    }

    @Test
    void anInvalidConfigIsRefusedWithTheErrorAStartGivesAndTheRunningConfigStays() throws Exception {
        start(RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""), TestCard.SET_2.inSlot(1, "", "")));
        String broken = RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""),
                TestCard.SET_2.inSlot(1, "", "").replace(TestCard.SET_2.k(), "0396eb317b"), TestCard.SET_1.inSlot(4, "", ""));
        write(broken);
        ConfigError atStart = assertThrows(ConfigError.class, () -> GatewayConfig.load(file));

        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger audit = logging.getLogger("simgate.audit");
        ListAppender<ILoggingEvent> auditLines = new ListAppender<>();
        auditLines.setContext(logging);
        auditLines.start();
        audit.addAppender(auditLines);
        audit.setLevel(Level.INFO);
        Http.Response answer;
        try {
            answer = reload();
        } finally {
            audit.detachAppender(auditLines);
            audit.setLevel(null);
        }
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("invalid configuration: " + atStart.getMessage(), answer.json().path("error").path("message").asText());
        assertEquals("invalid configuration: " + file + ":27: simgate.slots[1].simcard.k: must be 32 hex characters "
                + "(16 bytes)", answer.json().path("error").path("message").asText());
        assertFalse(answer.body().contains("0396eb317b"), "no value quoted");
        assertTrue(auditLines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("action=reload outcome=refused")),
                "audited");

        assertAnswers(1, TestCard.SET_2, TestCard.sqn(1, 0)); // the running config stays
        assertEquals(404, authenticate(4, TestCard.SET_1.challenge(TestCard.sqn(1, 0))).status(), "nothing of it applied");

        // a config that parses but whose slot cannot start (a corrupt SQN state file) is refused with the
        // error a start with it gives, before anything changes
        Path corrupt = dir.resolve("corrupt.sqn");
        Files.writeString(corrupt, "not an SQN state\n");
        write(RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""), TestCard.SET_2.inSlot(7, "",
                "state-file = " + com.typesafe.config.ConfigUtil.quoteString(corrupt.toString()))));
        RuntimeException startError = assertThrows(RuntimeException.class, () -> Gateway.start(GatewayConfig.load(file)));
        Http.Response unstartable = reload();
        assertEquals(400, unstartable.status(), unstartable.toString());
        assertEquals(startError.getMessage(), unstartable.json().path("error").path("message").asText());
        assertTrue(startError.getMessage().startsWith("slot 7: "), startError.getMessage());
        assertEquals(404, authenticate(7, TestCard.SET_2.challenge(TestCard.sqn(1, 0))).status());
        assertAnswers(1, TestCard.SET_2, TestCard.sqn(2, 0));
    }

    @Test
    void aReloadRefusesAMisspeltKeyAsTheStartDoes() throws Exception {
        String slots = RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""));
        start(slots);
        write("simgate.reload.watch-flie = false\n" + slots);
        Http.Response answer = reload();
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("invalid configuration: " + file + ":7: simgate.reload.watch-flie: unknown key (did you mean "
                + "watch-file?)", answer.json().path("error").path("message").asText());
    }

    /**
     * Authentication is set up at start; a reload that changes {@code simgate.auth} is refused, saying
     * a restart applies it, rather than answer 200 and leave the gateway open while its operator
     * believes authentication is on.
     */
    @Test
    void turningAuthenticationOnByReloadIsRefusedNotSilentlyLeftOff() throws Exception {
        String slots = RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""), TestCard.SET_2.inSlot(1, "", ""));
        start(slots);
        write("simgate.auth.required = true\n" + RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "")));
        Http.Response answer = reload();
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("simgate.auth changed, and authentication settings take effect only at a restart: restart simgate "
                + "to apply them (nothing of this reload was applied; authentication stays off)",
                answer.json().path("error").path("message").asText());
        assertAnswers(1, TestCard.SET_2, TestCard.sqn(1, 0)); // slot 1 stays: nothing of it was applied
        assertEquals(null, gateway.security(), "and authentication is off, as the answer says");
    }

    /**
     * A card in a slot holds its SQN state file. A reload that restarts the slot on the same file
     * takes it over (the old slot lets it go first) with its SQN memory; a reload that moves a slot
     * onto the file of a slot that stays is refused.
     */
    @Test
    void aRestartedSlotTakesItsStateFileBackAndNoSlotMayMoveOntoAnothersFile() throws Exception {
        String fileA = "state-file = " + com.typesafe.config.ConfigUtil.quoteString(dir.resolve("var/a.sqn").toString());
        String fileB = "state-file = " + com.typesafe.config.ConfigUtil.quoteString(dir.resolve("var/b.sqn").toString());
        start(RunningGateway.slots(TestCard.SET_1.inSlot(0, "", fileA), TestCard.SET_2.inSlot(1, "", fileB)));
        assertAnswers(0, TestCard.SET_1, TestCard.sqn(1, 0));

        write(RunningGateway.slots(TestCard.SET_1.inSlot(0, "name = \"renamed\"", fileA), TestCard.SET_2.inSlot(1, "", fileB)));
        Http.Response restarted = reload();
        assertEquals(200, restarted.status(), restarted.toString());
        assertEquals(List.of(0), ids(restarted.json().path("restarted")));
        assertEquals(List.of(), ids(restarted.json().path("failed")), restarted.toString());
        AuthenticationVector replay = TestCard.SET_1.challenge(TestCard.sqn(1, 0));
        assertTrue(authenticate(0, replay).body().startsWith("{\"synchronisation_failure\""),
                "the restarted slot kept the SQN memory of its file: " + authenticate(0, replay));
        assertAnswers(0, TestCard.SET_1, TestCard.sqn(2, 0));

        write(RunningGateway.slots(TestCard.SET_1.inSlot(0, "name = \"renamed\"", fileA), TestCard.SET_2.inSlot(1, "",
                fileA.replace("var/a.sqn", "var/../var/a.sqn"))));
        Http.Response moved = reload();
        assertEquals(400, moved.status(), moved.toString());
        assertTrue(moved.json().path("error").path("message").asText().contains(
                "simgate.slots[1].simcard.state-file: slot 1 names the SQN state file of slot 0"), moved.toString());
        assertAnswers(1, TestCard.SET_2, TestCard.sqn(1, 0)); // slot 1 still on its own file
    }

    @Test
    void listenerSettingsAreReportedAsNeedingARestartAndOtherwiseLeftAlone() throws Exception {
        String slots = RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""));
        start(slots);
        int port = gateway.httpAddress().getPort();
        write("simgate.line.max-commands = 5\nsimgate.rest.max-body = 4k\n" + slots);
        Http.Response answer = reload();
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("[\"simgate.rest\",\"simgate.line\"]", answer.json().path("needsRestart").toString());
        assertEquals(List.of(0), ids(answer.json().path("unchanged")));
        assertEquals(port, gateway.httpAddress().getPort());
        assertAnswers(0, TestCard.SET_1, TestCard.sqn(1, 0));
    }

    /**
     * A connect-mode vpcd relay follows its slot: untouched while the slot is, hung up and back
     * with the new card when the slot restarts (vpcd sees the card removed and inserted), gone with
     * its config entry. A plain socket plays vpcd: a relay connection is a card in its reader.
     */
    @Test
    void aVpcdRelayFollowsItsSlot() throws Exception {
        try (java.net.ServerSocket vpcd = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            vpcd.setSoTimeout(10_000);
            String relay = "simgate.vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + vpcd.getLocalPort()
                    + "\", retry = 200ms } ]\n";
            String slot1 = TestCard.SET_2.inSlot(1, "", "");
            start(relay + RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", ""), slot1));
            java.net.Socket first = vpcd.accept();
            first.setSoTimeout(1_500);

            write(relay + RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", "")));
            assertEquals(List.of(0), ids(reload().json().path("unchanged")));
            assertThrows(java.net.SocketTimeoutException.class, () -> first.getInputStream().read(),
                    "slot 0 untouched: its relay stays connected");

            first.setSoTimeout(10_000);
            write(relay + RunningGateway.slots(TestCard.SET_2.inSlot(0, "allow-apdu = true", "")));
            assertEquals(List.of(0), ids(reload().json().path("restarted")));
            assertEquals(-1, first.getInputStream().read(), "the old card leaves vpcd's reader");
            java.net.Socket second = vpcd.accept(); // the new card comes in
            second.setSoTimeout(10_000);

            write(RunningGateway.slots(TestCard.SET_2.inSlot(0, "allow-apdu = true", "")));
            assertEquals(List.of(0), ids(reload().json().path("unchanged")));
            assertEquals(-1, second.getInputStream().read(), "the relay's entry is gone: so is the card");
            vpcd.setSoTimeout(1_500);
            assertThrows(java.net.SocketTimeoutException.class, vpcd::accept, "and it does not come back");
            first.close();
            second.close();
        }
    }

    @Test
    void slotsComeGoAndChangeUnderLoadWithoutOneFailedRequestOnTheOthers() throws Exception {
        String steady = TestCard.SET_1.inSlot(0, "queue-size = 256", "") + "\n"
                + TestCard.SET_2.inSlot(1, "", "");
        start(RunningGateway.slots(steady));
        int threads = 4;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t % 2;
            int ind = 1 + t / 2; // each thread its own IND, so SQNs stay fresh however the threads interleave
            TestCard card = slot == 0 ? TestCard.SET_1 : TestCard.SET_2;
            workers.add(load.submit(() -> {
                AuthenticationCentre network = card.network();
                AtomicLong seq = new AtomicLong(1);
                byte[] rand = new byte[16];
                while (running.get()) {
                    new java.security.SecureRandom().nextBytes(rand);
                    AuthenticationVector v = network.generate(rand, TestCard.sqn(seq.getAndIncrement(), ind), TestCard.AMF);
                    try {
                        Http.Response r = authenticate(slot, v);
                        if (r.status() == 200 && r.body().equals(SimAuthApiTest.success(v))) {
                            answered.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failures.add("slot " + slot + ": " + r);
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        failures.add("slot " + slot + ": " + e);
                    }
                }
            }));
        }
        try {
            // the other slots: added, changed (another name, another card), removed, again and again
            String[] configs = {
                steady + "\n" + TestCard.SET_1.inSlot(5, "", ""),
                steady + "\n" + TestCard.SET_1.inSlot(5, "name = \"five, renamed\"", "") + "\n" + TestCard.SET_2.inSlot(6, "", ""),
                steady + "\n" + TestCard.SET_2.inSlot(5, "", "") + "\n" + TestCard.SET_2.inSlot(6, "", ""),
                steady + "\n" + TestCard.SET_1.inSlot(6, "", ""),
                steady,
            };
            // the slots each config leaves running, as the gateway lists them (id and name); every
            // config differs from the one before it, so each line proves that reload was applied
            String[] slotsAfter = {
                "[0 simgate slot 0, 1 simgate slot 1, 5 simgate slot 5]",
                "[0 simgate slot 0, 1 simgate slot 1, 5 five, renamed, 6 simgate slot 6]",
                "[0 simgate slot 0, 1 simgate slot 1, 5 simgate slot 5, 6 simgate slot 6]",
                "[0 simgate slot 0, 1 simgate slot 1, 6 simgate slot 6]",
                "[0 simgate slot 0, 1 simgate slot 1]",
            };
            List<String> expected = new ArrayList<>();
            List<String> listed = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < configs.length; i++) {
                    write(RunningGateway.slots(configs[i]));
                    Http.Response answer = reload();
                    assertEquals(200, answer.status(), answer.toString());
                    assertEquals(List.of(0, 1), ids(answer.json().path("unchanged")).subList(0, 2), answer.toString());
                    expected.add(slotsAfter[i]);
                    listed.add(gateway.slots().all().stream().map(s -> s.id() + " " + s.name()).toList().toString());
                }
            }
            assertEquals(expected, listed, "the slots the gateway runs after each of the 20 reloads");
        } finally {
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();
        }
        assertEquals(0, failed.get(), "failed requests on untouched slots: " + failures);
        assertTrue(answered.get() >= threads, "the load ran: " + answered.get() + " answers");
        assertNotNull(gateway.slots().get(0));
    }
}
