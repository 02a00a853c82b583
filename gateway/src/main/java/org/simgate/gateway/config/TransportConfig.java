package org.simgate.gateway.config;

import java.io.IOException;
import org.simgate.transport.CardTransport;

/**
 * The transport-specific part of a slot's config ({@code simcard { … }}, {@code pcsc { … }}, …).
 * Each transport adds one record implementing this and one case in {@link SlotConfig#from}.
 */
public interface TransportConfig {

    /** Opens the transport this config describes; the slot connects it later, on its own thread. */
    CardTransport open() throws IOException;

    /**
     * Whether the transport could open now, checked before a reload changes anything: by default
     * it is opened and closed. A transport that holds something its running predecessor holds too
     * (a simulated card's SQN state file) checks without taking it.
     */
    default void check() throws IOException {
        open().close();
    }
}
