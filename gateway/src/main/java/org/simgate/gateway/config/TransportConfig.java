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
}
