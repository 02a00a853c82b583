package org.simgate.gateway.config;

import org.simgate.protocol.line.LineConfig;
import org.simgate.front.config.ListenerConfig;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simgate.line: the shipped defaults, and one clear line for a value that cannot run. */
class LineConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    @Test
    void theShippedDefaults() {
        LineConfig line = GatewayConfig.load(null).line();

        assertEquals(new ListenerConfig(true, "127.0.0.1", 4001, null, null, null), line.listener());
        assertEquals(new LineConfig(line.listener(), 2048, 64, Duration.ofMinutes(5), 64, 16), line);
    }

    @Test
    void aFileSetsOnlyWhatItChanges() throws IOException {
        LineConfig line = load("simgate.line { port = 0, max-line = 4k, idle-timeout = 30s }").line();

        assertEquals(new LineConfig(new ListenerConfig(true, "127.0.0.1", 0, null, null, null), 4096, 64,
                Duration.ofSeconds(30), 64, 16), line);
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("simgate.line.max-line: must be between 64 and 1048576 bytes",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.line.max-line = 10"))));
        assertEquals("simgate.line.max-commands: must be between 1 and 10000",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.line.max-commands = 0"))));
        assertEquals("simgate.line.idle-timeout: must be a duration such as 500ms or 10s",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.line.idle-timeout = soon"))));
        assertEquals("simgate.line.enabled: must be true or false",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.line.enabled = perhaps"))));
    }
}
