package org.simgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.simgate.gateway.config.SimcardConfig;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.transport.CardTransport;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SimcardTransport;

/** Opens the transport a slot's config names. */
final class Transports {
    private Transports() {
    }

    static CardTransport open(SlotConfig slot) {
        return switch (slot.transport()) {
            case SlotConfig.SIMCARD -> simcard(slot);
            default -> throw new IllegalStateException("no transport " + slot.transport());
        };
    }

    private static CardTransport simcard(SlotConfig slot) {
        SimcardConfig c = slot.simcard();
        try {
            return new SimcardTransport(new SimcardProfile(c.imsi(), c.iccid(), c.k(), c.opc(), c.sqnCheck(),
                    c.stateFile(), c.inserted(), c.impi(), c.domain(), c.impu(), c.kcInAuthResponse(), c.mncLength()));
        } catch (IOException e) {
            // a state file that exists but cannot be read must stop the start: a silent reset would let
            // replayed AUTNs through
            throw new UncheckedIOException("slot " + slot.id() + ": " + e.getMessage(), e);
        }
    }
}
