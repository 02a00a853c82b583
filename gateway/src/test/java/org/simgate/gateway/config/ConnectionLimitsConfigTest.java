package org.simgate.gateway.config;

import org.simgate.protocol.rest.RestLimits;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listeners' connection budgets and request read deadlines: shipped defaults, a file's own, bad values. */
class ConnectionLimitsConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    @Test
    void theShippedDefaults() {
        GatewayConfig config = GatewayConfig.load(null);
        assertEquals(new RestLimits(8192, Duration.ofSeconds(60), 64, 1024, 256, Duration.ofSeconds(10)), config.rest());
        assertEquals(128, config.management().maxConnections());
        assertEquals(64, config.management().maxConnectionsPerAddress());
        assertEquals(Duration.ofSeconds(10), config.management().requestReadTimeout());
        assertEquals(1024, config.line().maxConnections());
    }

    @Test
    void aFileSetsItsOwn() throws IOException {
        GatewayConfig config = load("""
                simgate.rest { max-connections = 100, max-connections-per-address = 10, request-read-timeout = 2s }
                simgate.management { max-connections = 20, max-connections-per-address = 5, request-read-timeout = 500ms }
                simgate.line.max-connections = 30
                """);
        assertEquals(new RestLimits(8192, Duration.ofSeconds(60), 64, 100, 10, Duration.ofSeconds(2)), config.rest());
        assertEquals(20, config.management().maxConnections());
        assertEquals(5, config.management().maxConnectionsPerAddress());
        assertEquals(Duration.ofMillis(500), config.management().requestReadTimeout());
        assertEquals(30, config.line().maxConnections());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("simgate.rest.max-connections: must be between 1 and 1000000",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.rest.max-connections = 0"))));
        assertEquals("simgate.rest.max-connections-per-address: must be between 1 and 1000000",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.rest.max-connections-per-address = -1"))));
        assertEquals("simgate.rest.request-read-timeout: must be a positive duration",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.rest.request-read-timeout = 0s"))));
        assertEquals("simgate.management.max-connections: must be between 1 and 1000000",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.management.max-connections = 0"))));
        assertEquals("simgate.management.request-read-timeout: must be a duration such as 500ms or 10s",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.management.request-read-timeout = soon"))));
        assertEquals("simgate.line.max-connections: must be between 1 and 1000000",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.line.max-connections = 0"))));
    }

    @Test
    void aChangedLimitTakesARestart() throws IOException {
        GatewayConfig running = GatewayConfig.load(null);
        assertEquals(java.util.List.of("simgate.rest", "simgate.line", "simgate.management"), running.needsRestart(load("""
                simgate.rest.max-connections = 100
                simgate.line.max-connections = 30
                simgate.management.request-read-timeout = 5s
                """)));
    }
}
