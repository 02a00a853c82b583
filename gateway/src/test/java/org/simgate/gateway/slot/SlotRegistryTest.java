package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.simgate.gateway.fakes.UiccDialogue.AUTHENTICATE;
import static org.simgate.gateway.fakes.UiccDialogue.AUTH_SUCCESS;
import static org.simgate.gateway.fakes.UiccDialogue.authenticateSuccess;
import static org.simgate.gateway.fakes.UiccDialogue.firstAuthentication;
import static org.simgate.gateway.fakes.UiccDialogue.readEfDir;
import static org.simgate.gateway.fakes.UiccDialogue.selectUsim;
import static org.simgate.gateway.slot.SlotExecutorTest.resultOf;
import static org.simgate.gateway.slot.SlotTest.slotConfig;
import static org.simgate.gateway.slot.SlotTest.usimRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotStatus.State;
import org.simgate.transport.Hex;

/** Slots side by side: each serial on its own thread, none waiting for another. */
class SlotRegistryTest {
    private final ScriptedCard card0 = new ScriptedCard();
    private final ScriptedCard card1 = new ScriptedCard();
    private final CountDownLatch release = new CountDownLatch(1);
    private final SlotRegistry registry = new SlotRegistry(
            List.of(slotConfig(0, false, Duration.ofSeconds(30)), slotConfig(1, false, Duration.ofSeconds(30))),
            config -> Map.of(0, card0, 1, card1).get(config.id()));

    @AfterEach
    void stop() {
        release.countDown();
        registry.close();
        card0.assertScriptDone();
        card1.assertScriptDone();
    }

    @Test
    void slotsAreFoundByIdInConfigOrder() {
        assertEquals(List.of(0, 1), registry.all().stream().map(Slot::id).toList());
        assertEquals("test slot 1", registry.get(1).name());
        assertNull(registry.get(2));
    }

    @Test
    void aSlotBlockedInACardCallDoesNotDelayAnotherSlotWhileItsOwnRequestsWait() throws Exception {
        CountDownLatch slot0InCard = new CountDownLatch(1);
        readEfDir(card0);
        selectUsim(card0);
        card0.expect(AUTHENTICATE, () -> {
            slot0InCard.countDown();
            release.await();
            return Hex.decode("6135");
        }).expect("00C0000035", AUTH_SUCCESS + "9000");
        authenticateSuccess(card0);
        firstAuthentication(card1);

        CompletableFuture<AuthResult> first0 = registry.get(0).authenticate(usimRequest());
        slot0InCard.await();
        CompletableFuture<AuthResult> second0 = registry.get(0).authenticate(usimRequest());

        // slot 1 answers in full while slot 0 is held inside its card call
        assertInstanceOf(AuthResult.Success.class, resultOf(registry.get(1).authenticate(usimRequest())));
        assertFalse(first0.isDone());
        assertFalse(second0.isDone(), "slot 0's second request waits for its first");
        assertEquals(2, registry.get(0).status().queueDepth());

        release.countDown();
        assertInstanceOf(AuthResult.Success.class, resultOf(first0));
        assertInstanceOf(AuthResult.Success.class, resultOf(second0));
    }

    @Test
    void startConnectsEverySlotAndReturnsAlsoWhenOneHasNoCard() {
        card1.removeCard();

        registry.start();

        assertEquals(1, card0.connects());
        assertEquals(1, card1.connects());
        assertEquals(State.PRESENT, registry.get(0).status().state());
        assertEquals(State.NO_CARD, registry.get(1).status().state());
    }
}
