package org.simgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.transport.CardTransport;

/** Opens the transport a slot's config names. */
final class Transports {
    private Transports() {
    }

    static CardTransport open(SlotConfig slot) {
        try {
            return slot.card().open();
        } catch (IOException e) {
            throw new UncheckedIOException("slot " + slot.id() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the slot's transport could open now ({@link org.simgate.gateway.config.TransportConfig#check}). */
    static void check(SlotConfig slot) {
        try {
            slot.card().check();
        } catch (IOException e) {
            throw new UncheckedIOException("slot " + slot.id() + ": " + e.getMessage(), e);
        }
    }
}
