package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;

/** One slot: a card behind one transport, with its own queue and timeout. */
public record SlotConfig(int id, String name, String transport, boolean allowApdu, int queueSize,
                         Duration operationTimeout, TransportConfig card) {

    public static final String SIMCARD = "simcard";

    static SlotConfig from(ConfigReader c) {
        int id = c.integer("id", 0, 65535);
        String name = c.has("name") ? c.string("name") : "simgate slot " + id;
        String transport = c.string("transport");
        TransportConfig card = switch (transport) {
            case SIMCARD -> SimcardConfig.from(c.child(SIMCARD));
            case PcscConfig.TRANSPORT -> PcscConfig.from(c.child(PcscConfig.TRANSPORT));
            case "modem" -> ModemConfig.from(c.child("modem"));
            case RemsimConfig.TRANSPORT -> RemsimConfig.from(c.child(RemsimConfig.TRANSPORT), c.duration("operation-timeout"));
            default -> throw new ConfigError(c.path("transport"), "unknown transport '" + transport
                    + "' (known: " + SIMCARD + ", " + PcscConfig.TRANSPORT + ", modem, " + RemsimConfig.TRANSPORT + ")");
        };
        return new SlotConfig(id, name, transport, c.bool("allow-apdu"), c.integer("queue-size", 1, 100_000),
                c.duration("operation-timeout"), card);
    }
}
