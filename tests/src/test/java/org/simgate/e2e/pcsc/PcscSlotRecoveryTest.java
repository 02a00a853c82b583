package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.pcsc.PcscDaemon.VpcdReader;
import org.simgate.e2e.pcsc.RunningGateway.Answer;
import org.simgate.service.SlotStatus;

/**
 * A pcsc slot through what happens to real readers: the card pulled out while requests flow and
 * put back, pcscd killed and started again, the reader gone and back. The slot notices each
 * without a request and recovers by itself; simgate is never restarted.
 */
@Timeout(60)
class PcscSlotRecoveryTest {
    @TempDir
    Path dir;
    int port;
    PcscDaemon pcscd;
    RunningGateway cards;
    RunningGateway front;
    final Subscriber card = new Subscriber();

    private String cardsConfig() {
        return "simgate { slots = [" + RunningGateway.simcard(0, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + port + "\", retry = 100ms } ] }";
    }

    @BeforeEach
    void start() {
        pcscd = PcscDaemon.listening("simgate recovery");
        port = pcscd.port();
        cards = RunningGateway.start(dir, cardsConfig());
        front = RunningGateway.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, reader(), "exclusive") + "]");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
    }

    private String reader() {
        return "simgate recovery 00 00";
    }

    @AfterEach
    void stop() {
        for (AutoCloseable running : new AutoCloseable[] {front, cards, pcscd}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // the next one still has to go
            }
        }
    }

    private Answer authenticate() {
        return front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card.next()));
    }

    @Test
    void aCardPulledOutMidStreamIs410AtOnceAndTheSlotRecoversWhenItIsBack() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                statuses.computeIfAbsent(authenticate().status(), s -> new AtomicInteger()).incrementAndGet();
            }
        });
        RunningGateway.awaitTrue(() -> statuses.containsKey(200), Duration.ofSeconds(5), () -> "no request succeeded");

        long pulled = System.nanoTime();
        cards.close(); // the relay hangs up: for vpcd, the card is out
        front.awaitState(0, SlotStatus.State.NO_CARD, Duration.ofSeconds(3));
        long noticed = RunningGateway.millisSince(pulled);
        assertEquals(410, front.get("/sim-info-api/v1/slot/0").status());
        RunningGateway.awaitTrue(() -> statuses.containsKey(410), Duration.ofSeconds(3), () -> "no 410 in " + statuses);

        PcscDaemon.sleep(1000); // a hand's time: pcscd polls vpcd every ~400 ms and must see the card out
        cards = RunningGateway.start(dir, cardsConfig()); // the card goes back in
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        int before = statuses.get(200).get();
        RunningGateway.awaitTrue(() -> statuses.get(200).get() > before + 3, Duration.ofSeconds(5),
                () -> "no success after the card came back: " + statuses);
        running.set(false);
        stream.get(10, TimeUnit.SECONDS);

        Map<Integer, Integer> seen = new TreeMap<>();
        statuses.forEach((status, count) -> seen.put(status, count.get()));
        assertEquals(List.of(200, 410), List.copyOf(seen.keySet()), () -> "only successes and no-card answers: " + seen);
        assertTrue(noticed < 2000, "noticed in " + noticed + " ms");
    }

    @Test
    void pcscdKilledAndStartedAgainIs503ThenBackWithoutRestartingSimgate() {
        assertEquals(200, authenticate().status());
        pcscd.kill();
        front.awaitState(0, SlotStatus.State.TRANSPORT_DOWN, Duration.ofSeconds(3));
        Answer down = front.get("/sim-info-api/v1/slot/0");
        assertEquals(503, down.status(), down::toString);

        pcscd.start(); // the relay finds vpcd again and the slot its reader and card
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        Answer back = authenticate();
        assertEquals(200, back.status(), back::toString);
    }

    /**
     * pcsc-lite (1.9.9, libudev hotplug) cannot drop or add a serial reader such as vpcd's while
     * it runs, so the reader goes away and comes back with pcscd restarted without it, then with it:
     * for the slot, its regex matches nothing, then the reader again.
     */
    @Test
    void aReaderGoneIs503AndTheSlotFindsItWhenItIsBack() {
        assertEquals(200, authenticate().status());
        int other = PcscDaemon.freePortPair();
        pcscd.restartWith(VpcdReader.listening("another reader", other));
        front.awaitState(0, SlotStatus.State.TRANSPORT_DOWN, Duration.ofSeconds(5));
        assertEquals(503, front.get("/sim-info-api/v1/slot/0").status());
        String lastError = front.slot(0).lastError(); // as the request found it
        assertTrue(lastError.contains("no PC/SC reader matches /^simgate recovery 00 00$/ (readers: "
                + "'another reader 00 00', 'another reader 00 01')"), lastError);

        pcscd.restartWith(VpcdReader.listening("simgate recovery", port));
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        assertEquals(200, authenticate().status());
    }
}
