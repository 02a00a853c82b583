package org.simgate.protocol.line;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one line-protocol listener.
 *
 * @param maxLineBytes             longest line, without its line end; a longer one is answered
 *                                 {@code >ERR:C084:…} and the connection closed (what follows it
 *                                 cannot be framed)
 * @param maxCommands              commands in one request; a request with more is answered
 *                                 {@code >ERR:C084:…} and none of it runs
 * @param idleTimeout              how long a connection may send nothing while it is owed no answer
 *                                 before it is closed
 * @param maxConnectionsPerAddress open connections from one client address; one more is answered
 *                                 {@code >ERR:C090:…} and closed
 * @param maxPipelined             requests of one connection in flight at once; beyond it the
 *                                 connection is not read until answers have gone out
 */
public record LineSettings(int maxLineBytes, int maxCommands, Duration idleTimeout, int maxConnectionsPerAddress,
                           int maxPipelined) {

    public static final LineSettings DEFAULTS = new LineSettings(2048, 64, Duration.ofMinutes(5), 64, 16);

    public LineSettings {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes must be at least 64");
        }
        if (maxCommands < 1 || maxConnectionsPerAddress < 1 || maxPipelined < 1) {
            throw new IllegalArgumentException("maxCommands, maxConnectionsPerAddress and maxPipelined must be positive");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }
}
