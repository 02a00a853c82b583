package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.gateway.slot.SlotExecutorTest.failureOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.fakes.ScriptedCard;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Every line about a slot names it (MDC slot), whichever thread logs it. */
class SlotLogContextTest {
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger slotLogs = logging.getLogger("org.simgate.gateway.slot");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final ScriptedCard card = new ScriptedCard();

    @BeforeEach
    void capture() {
        lines.setContext(logging);
        lines.start();
        slotLogs.addAppender(lines);
        slotLogs.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        slotLogs.detachAppender(lines);
        slotLogs.setLevel(null);
    }

    private List<ILoggingEvent> logged() {
        synchronized (lines.list) {
            return List.copyOf(lines.list);
        }
    }

    @Test
    void theSlotThreadTheReloadAndTheCloseAllNameTheSlot() throws Exception {
        SlotRegistry registry = new SlotRegistry(
                List.of(new SlotConfig(4, "slot four", SlotConfig.SIMCARD, false, 8, Duration.ofSeconds(30), null)),
                config -> card);
        try {
            registry.start(); // on the slot's thread: "card present"
            card.removeCard();
            failureOf(registry.get(4).resetCard()); // on the slot's thread: "no card in slot"
            registry.apply(registry.changesTo(List.of()), 1_000); // on this thread: "removed by a reload"
        } finally {
            registry.close();
        }
        List<ILoggingEvent> events = logged();
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("card present")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("no card in slot")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("removed by a reload")), events.toString());
        for (ILoggingEvent event : events) {
            assertEquals("4", event.getMDCPropertyMap().get("slot"), "no slot on: " + event.getFormattedMessage());
        }
        assertTrue(events.stream().anyMatch(e -> e.getThreadName().equals("slot-4")));
        assertTrue(events.stream().anyMatch(e -> !e.getThreadName().equals("slot-4")));
        assertNull(MDC.get("slot"), "set only around the slot's work on this thread");
        assertFalse(events.isEmpty());
    }
}
