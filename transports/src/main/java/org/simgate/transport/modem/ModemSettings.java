package org.simgate.transport.modem;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one modem's AT command port.
 *
 * @param port              the device path (/dev/ttyUSB2, /dev/serial/by-id/…, a socat link) or COM5
 * @param baud              line speed; USB modems (CDC-ACM) ignore it, real UARTs need the modem's own
 * @param flowControl       none, or RTS/CTS hardware handshake
 * @param commandTimeout    how long one AT command may take before the transport gives up on it
 * @param maxReconnectDelay the longest wait between two attempts to reopen a modem that is gone
 */
public record ModemSettings(String port, int baud, FlowControl flowControl, Duration commandTimeout,
                            Duration maxReconnectDelay) {

    public enum FlowControl {
        NONE,
        RTSCTS
    }

    public ModemSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(flowControl, "flowControl");
        if (port.isBlank()) {
            throw new IllegalArgumentException("port is blank");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()
                || maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** 115200 baud, no flow control, 5 s per command, reconnect attempts at most 10 s apart. */
    public static ModemSettings of(String port) {
        return new ModemSettings(port, 115200, FlowControl.NONE, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public ModemSettings withCommandTimeout(Duration timeout) {
        return new ModemSettings(port, baud, flowControl, timeout, maxReconnectDelay);
    }

    public ModemSettings withMaxReconnectDelay(Duration delay) {
        return new ModemSettings(port, baud, flowControl, commandTimeout, delay);
    }
}
