package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.gateway.fakes.UiccDialogue.AUTN;
import static org.simgate.gateway.fakes.UiccDialogue.RAND;
import static org.simgate.gateway.fakes.UiccDialogue.firstAuthentication;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.transport.Hex;

/** The SimService the protocols call, over two slots with scripted cards. */
class GatewayServiceTest {
    private final ScriptedCard card0 = new ScriptedCard();
    private final ScriptedCard card3 = new ScriptedCard();
    private final SlotRegistry registry = new SlotRegistry(List.of(
            new SlotConfig(0, "bench slot 0", SlotConfig.SIMCARD, true, 8, Duration.ofSeconds(30), null),
            new SlotConfig(3, "bench slot 3", SlotConfig.SIMCARD, false, 8, Duration.ofSeconds(30), null)),
            config -> Map.of(0, card0, 3, card3).get(config.id()));
    private final GatewayService service = new GatewayService(registry, 3);
    private final AuthRequest request = new AuthRequest(Application.USIM, Hex.decode(RAND), Hex.decode(AUTN));

    @AfterEach
    void stop() {
        registry.close();
        card0.assertScriptDone();
        card3.assertScriptDone();
    }

    private static SlotException.Kind failureKind(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "failed at once, without queueing anywhere");
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return assertInstanceOf(SlotException.class, e.getCause()).kind();
    }

    @Test
    void anUnknownSlotFailsWithNoSuchSlot() {
        assertEquals(SlotException.Kind.NO_SUCH_SLOT, failureKind(service.authenticate(1, request)));
        assertEquals(SlotException.Kind.NO_SUCH_SLOT, failureKind(service.info(1)));
        assertEquals(SlotException.Kind.NO_SUCH_SLOT, failureKind(service.transmit(-1, List.of(Hex.decode("00A4000C023F00")))));
    }

    @Test
    void aKnownSlotAuthenticatesOnItsOwnCard() throws Exception {
        firstAuthentication(card3);

        AuthResult result = service.authenticate(3, request).get(10, TimeUnit.SECONDS);

        assertInstanceOf(AuthResult.Success.class, result);
        assertEquals(0, card0.connects());
    }

    @Test
    void slotsListsEveryConfiguredSlotWithoutTouchingACard() {
        List<SlotStatus> slots = service.slots();

        assertEquals(2, slots.size());
        SlotStatus first = slots.get(0);
        assertEquals(0, first.id());
        assertEquals("bench slot 0", first.name());
        assertEquals("simcard", first.transport());
        assertTrue(first.apduAllowed());
        assertEquals(0, first.queueDepth());
        SlotStatus second = slots.get(1);
        assertEquals(3, second.id());
        assertFalse(second.apduAllowed());
        assertEquals(0, card0.connects() + card3.connects());
    }

    @Test
    void theDefaultSlotIsTheConfiguredOne() {
        assertEquals(3, service.defaultSlot());
    }
}
