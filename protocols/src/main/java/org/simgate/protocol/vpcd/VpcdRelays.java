package org.simgate.protocol.vpcd;

import java.util.List;

/** {@code simgate.vpcd-relay}: every relay, in config order. */
public record VpcdRelays(List<VpcdRelayConfig> relays) {

    public VpcdRelays {
        relays = List.copyOf(relays);
    }

    /** The relays that vpcd connects to ({@code listen = "host:port"}): listeners of their own. */
    public List<VpcdRelayConfig> listening() {
        return relays.stream().filter(VpcdRelayConfig::listen).toList();
    }

    /** The relays that connect out to a vpcd ({@code connect = "host:port"}). */
    public List<VpcdRelayConfig> connecting() {
        return relays.stream().filter(relay -> !relay.listen()).toList();
    }
}
