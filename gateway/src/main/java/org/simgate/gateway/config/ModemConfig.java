package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;
import java.util.Locale;
import org.simgate.transport.CardTransport;
import org.simgate.transport.modem.AtCsimModem;
import org.simgate.transport.modem.ModemSettings;

/**
 * A SIM in a modem reached with AT+CSIM (transport = modem):
 * {@code modem { port = "/dev/ttyUSB2", baud = 115200, flow-control = none, command-timeout = 5s,
 * max-reconnect-delay = 10s }}. Only port is required. Opening does not touch the port: the slot
 * connects on its own thread, so a modem that is absent at start leaves the slot "transport down"
 * until it appears, and simgate starts anyway.
 */
public record ModemConfig(String port, int baud, ModemSettings.FlowControl flowControl, Duration commandTimeout,
                          Duration maxReconnectDelay) implements TransportConfig {

    static ModemConfig from(ConfigReader c) {
        String port = c.string("port");
        if (port.isBlank()) {
            throw new ConfigError(c.path("port"), "must name the modem's AT port, e.g. /dev/ttyUSB2");
        }
        ModemSettings.FlowControl flow = ModemSettings.FlowControl.NONE;
        if (c.has("flow-control")) {
            String value = c.string("flow-control").toLowerCase(Locale.ROOT);
            flow = switch (value) {
                case "none" -> ModemSettings.FlowControl.NONE;
                case "rtscts" -> ModemSettings.FlowControl.RTSCTS;
                default -> throw new ConfigError(c.path("flow-control"), "must be none or rtscts");
            };
        }
        return new ModemConfig(port,
                c.has("baud") ? c.integer("baud", 300, 4_000_000) : 115_200,
                flow,
                c.has("command-timeout") ? c.duration("command-timeout") : Duration.ofSeconds(5),
                c.has("max-reconnect-delay") ? c.duration("max-reconnect-delay") : Duration.ofSeconds(10));
    }

    @Override
    public CardTransport open() {
        return new AtCsimModem(new ModemSettings(port, baud, flowControl, commandTimeout, maxReconnectDelay));
    }
}
