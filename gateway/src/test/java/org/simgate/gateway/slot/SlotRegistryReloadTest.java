package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.gateway.slot.SlotExecutorTest.failureOf;
import static org.simgate.gateway.slot.SlotExecutorTest.resultOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.service.CardSession;
import org.simgate.service.SlotException;
import org.simgate.transport.CardTransport;

/** A reload's slot changes, by id: added, removed, restarted, and the untouched ones left alone. */
class SlotRegistryReloadTest {
    /** Every transport the registry opened, by slot id, latest last. */
    private final Map<Integer, List<ScriptedCard>> opened = new ConcurrentHashMap<>();
    private final SlotRegistry registry = new SlotRegistry(List.of(slot(0, "zero"), slot(1, "one"), slot(2, "two")),
            this::open);

    private CardTransport open(SlotConfig config) {
        ScriptedCard card = new ScriptedCard();
        opened.computeIfAbsent(config.id(), id -> new ArrayList<>()).add(card);
        return card;
    }

    private static SlotConfig slot(int id, String name) {
        return new SlotConfig(id, name, SlotConfig.SIMCARD, false, 8, Duration.ofSeconds(30), null);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void theChangesAreComputedByIdAndTouchNothing() {
        Slot zero = registry.get(0);
        SlotChanges changes = registry.changesTo(List.of(slot(0, "zero"), slot(2, "two, renamed"), slot(7, "seven")));
        assertEquals(List.of(7), changes.addedIds());
        assertEquals(List.of(1), changes.removed());
        assertEquals(List.of(2), changes.restartedIds());
        assertEquals(List.of(0), changes.unchanged());
        assertSame(zero, registry.get(0));
        assertEquals(List.of(0, 1, 2), registry.all().stream().map(Slot::id).toList(), "nothing applied yet");
        assertTrue(registry.changesTo(List.of(slot(0, "zero"), slot(1, "one"), slot(2, "two"))).none());
    }

    @Test
    void applyingAddsRemovesAndRestartsWhileAnUntouchedSlotStaysTheSameObject() throws Exception {
        Slot zero = registry.get(0);
        Slot two = registry.get(2);
        List<Integer> failed = registry.apply(
                registry.changesTo(List.of(slot(7, "seven"), slot(0, "zero"), slot(2, "two, renamed"))), 1_000);

        assertEquals(List.of(), failed);
        assertEquals(List.of(7, 0, 2), registry.all().stream().map(Slot::id).toList(), "the new config's order");
        assertSame(zero, registry.get(0), "untouched: the very same slot");
        assertNull(registry.get(1), "removed");
        assertNotSame(two, registry.get(2), "restarted under its id");
        assertEquals("two, renamed", registry.get(2).name());
        assertEquals(2, opened.get(2).size(), "slot 2's new transport");
        assertEquals(1, opened.get(0).size(), "slot 0's transport was never reopened");
        assertTrue(opened.get(1).get(0).closes() > 0, "the removed slot's transport is closed");
        assertTrue(opened.get(2).get(0).closes() > 0, "the restarted slot's old transport is closed");
        assertEquals("seven", registry.get(7).name());
        assertEquals(1, opened.get(7).get(0).connects(), "a new slot connects at once");
        assertEquals(SlotException.Kind.OUT_OF_SERVICE, failureOf(two.transaction(CardSession::atr)).kind(),
                "the old slot 2 takes no more work");
    }

    @Test
    void aRemovedSlotFinishesItsQueuedWorkAndRefusesNewWorkMeanwhile() throws Exception {
        Slot one = registry.get(1);
        CountDownLatch inCard = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> running = one.transaction(card -> {
            inCard.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        });
        CompletableFuture<String> queued = one.transaction(card -> "second");
        assertTrue(inCard.await(10, TimeUnit.SECONDS));

        CompletableFuture<List<Integer>> reload = CompletableFuture.supplyAsync(
                () -> registry.apply(registry.changesTo(List.of(slot(0, "zero"), slot(2, "two"))), 10_000));
        while (!one.state().name().equals("OUT_OF_SERVICE")) {
            Thread.sleep(5);
        }
        assertEquals(SlotException.Kind.OUT_OF_SERVICE, failureOf(one.transaction(card -> "late")).kind(),
                "new work on a slot being removed: 503 at once, no wait");
        assertSame(one, registry.get(1), "still there while it drains");
        assertFalse(reload.isDone());

        release.countDown();
        assertEquals("first", resultOf(running));
        assertEquals("second", resultOf(queued), "queued before the reload: done");
        assertEquals(List.of(), resultOf(reload));
        assertNull(registry.get(1));
    }

    @Test
    void aSlotWhoseTransportCannotOpenIsLeftOutAndReported() {
        SlotRegistry failing = new SlotRegistry(List.of(slot(0, "zero")), config -> {
            if (config.id() == 5) {
                throw new IllegalStateException("slot 5: no such reader");
            }
            return new ScriptedCard();
        });
        try {
            assertEquals(List.of(5), failing.apply(failing.changesTo(List.of(slot(0, "zero"), slot(5, "five"))), 0));
            assertNull(failing.get(5));
            assertEquals(List.of(0), failing.all().stream().map(Slot::id).toList());
        } finally {
            failing.close();
        }
    }
}
