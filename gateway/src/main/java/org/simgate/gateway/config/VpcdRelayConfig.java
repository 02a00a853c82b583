package org.simgate.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code simgate.vpcd-relay}: export a slot as a card in a vpcd reader. Either
 * {@code connect = "host:port"} (simgate connects out to vpcd, retrying every {@code retry}) or
 * {@code listen = "host:port"} (vpcd in reversed mode connects in). The slot must allow raw APDUs
 * ({@code allow-apdu = true}): the relay sends the PC/SC client's APDUs as they come.
 */
public record VpcdRelayConfig(int slot, String host, int port, boolean listen, Duration retry) {

    /** {@code simgate.vpcd-relay}, checked against the slots: see {@link #check}. */
    static List<VpcdRelayConfig> list(Config root, List<SlotConfig> slots, PcscAutoConfig pcsc) {
        if (!root.hasPath("simgate.vpcd-relay")) {
            return List.of();
        }
        List<? extends Config> entries;
        try {
            entries = root.getConfigList("simgate.vpcd-relay");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError("simgate.vpcd-relay", "must be a list [ { slot = 0, connect = \"127.0.0.1:35963\" } ]");
        }
        List<VpcdRelayConfig> relays = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            relays.add(from(new ConfigReader(entries.get(i), "simgate.vpcd-relay[" + i + "]")));
        }
        check(relays, slots, pcsc);
        return List.copyOf(relays);
    }

    static VpcdRelayConfig from(ConfigReader c) {
        int slot = c.integer("slot", 0, 65535);
        boolean connect = c.has("connect");
        boolean listen = c.has("listen");
        if (connect == listen) {
            throw new ConfigError(c.path("connect"), "set either connect = \"host:port\" (to a vpcd) or "
                    + "listen = \"host:port\" (for vpcd in reversed mode), not " + (connect ? "both" : "neither"));
        }
        String key = connect ? "connect" : "listen";
        String address = c.string(key).trim();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new ConfigError(c.path(key), "must be host:port, e.g. 127.0.0.1:35963");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < (listen ? 0 : 1) || port > 65535) {
            throw new ConfigError(c.path(key), "the port must be a number from " + (listen ? 0 : 1) + " to 65535");
        }
        Duration retry = c.has("retry") ? c.duration("retry") : Duration.ofSeconds(1);
        return new VpcdRelayConfig(slot, host, port, listen, retry);
    }

    /** The slot must exist and allow raw APDUs; with pcsc.auto on, ids past the configured ones may be readers yet to be found. */
    static void check(List<VpcdRelayConfig> relays, List<SlotConfig> slots, PcscAutoConfig pcsc) {
        for (int i = 0; i < relays.size(); i++) {
            VpcdRelayConfig relay = relays.get(i);
            String path = "simgate.vpcd-relay[" + i + "].slot";
            SlotConfig slot = slots.stream().filter(s -> s.id() == relay.slot()).findFirst().orElse(null);
            if (slot == null) {
                if (pcsc.auto() && relay.slot() >= pcsc.firstSlot()) {
                    if (!pcsc.allowApdu()) {
                        throw new ConfigError(path, "auto slots do not allow raw APDUs: set simgate.slot-defaults.allow-apdu = true");
                    }
                    continue;
                }
                throw new ConfigError(path, "no slot " + relay.slot() + " in simgate.slots");
            }
            if (!slot.allowApdu()) {
                throw new ConfigError(path, "slot " + relay.slot() + " does not allow raw APDUs, which the relay sends: "
                        + "set allow-apdu = true on it");
            }
        }
    }

    public boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
