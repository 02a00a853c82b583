package org.simgate.gateway.slot;

import org.slf4j.MDC;

/**
 * The MDC key {@code slot}: every log line about a slot carries its id, whichever thread writes it
 * (the slot's own thread sets it for its whole life; work on a slot done elsewhere sets it around
 * that work), so operators can grep or filter one slot's lines.
 */
public final class SlotLogContext {
    public static final String KEY = "slot";

    private SlotLogContext() {
    }

    /** Sets {@code slot} until the result is closed: {@code try (var ignored = SlotLogContext.of(3)) { … }}. */
    public static MDC.MDCCloseable of(int slot) {
        return MDC.putCloseable(KEY, Integer.toString(slot));
    }
}
