package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.simgate.gateway.fakes.UiccDialogue.readEfDir;
import static org.simgate.gateway.fakes.UiccDialogue.selectUsim;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.config.SuciConfig;
import org.simgate.gateway.fakes.ScriptedCard;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.SlotException;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/**
 * The MNC length for SUCI comes from the card's EF.AD; a card without one falls back to the slot's
 * {@code simgate.suci.slots[].mnc-length}, and without that the request is refused, never guessed.
 */
class SuciServiceTest {
    private final ScriptedCard card = new ScriptedCard();
    private final SlotRegistry registry = new SlotRegistry(List.of(
            new SlotConfig(0, "scripted", SlotConfig.SIMCARD, false, 8, Duration.ofSeconds(30), null)), config -> card);

    @AfterEach
    void stop() {
        registry.close();
        card.assertScriptDone();
    }

    /** info() then EF.AD, which this card lacks. */
    private void cardWithoutEfAd() {
        card.expect("00A40804022FE2", "611E")
                .expect("00C000001E", "621C8202412183022FE2A5038001718A01058B032F06028002000A880110" + "9000")
                .expect("00B000000A", "988812010000000010F1" + "9000");
        readEfDir(card);
        selectUsim(card);
        card.expect("00A40004026F07", "611E")
                .expect("00C000001E", "621C8202412183026F07A5038001718A01058B036F060280020009880138" + "9000")
                .expect("00B0000009", "082926102143658709" + "9000")
                .expect("00A40004026FAD", "6A82");
    }

    private static SuciConfig suci(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString("simgate.suci { " + hocon + " }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()).suci();
    }

    @Test
    void withoutEfAdTheSlotsMncLengthIsUsed() throws Exception {
        GatewayService service = new GatewayService(registry, 0, suci("slots = [ { slot = 0, mnc-length = 3 } ]"));
        cardWithoutEfAd();

        SubscriptionConcealedIdentifier suci = service.suci(0, new SuciRequest(0, null, null, null))
                .get(10, TimeUnit.SECONDS);

        // IMSI 262011234567890 split 262 / 011 / 234567890 as the slot says, not as a guess would
        assertEquals("suci-0-262-011-0-0-0-234567890", suci.suci());
    }

    @Test
    void withoutEfAdAndWithoutASlotSettingItIsRefused() {
        GatewayService service = new GatewayService(registry, 0, SuciConfig.none());
        cardWithoutEfAd();

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> service.suci(0, new SuciRequest(0, null, null, null)).get(10, TimeUnit.SECONDS));

        SlotException refused = assertInstanceOf(SlotException.class, e.getCause());
        assertEquals(SlotException.Kind.BAD_REQUEST, refused.kind());
        assertEquals("the card in slot 0 states no MNC length in EF.AD (6FAD, byte 4) and simgate.suci.slots sets no"
                + " mnc-length for it", refused.getMessage());
    }

    @Test
    void anUnknownKeyIsRefusedBeforeTheCardIsAsked() {
        GatewayService service = new GatewayService(registry, 0, SuciConfig.none());

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> service.suci(0, new SuciRequest(1, 4, null, null)).get(10, TimeUnit.SECONDS));

        assertEquals(SlotException.Kind.BAD_REQUEST, ((SlotException) e.getCause()).kind());
    }
}
