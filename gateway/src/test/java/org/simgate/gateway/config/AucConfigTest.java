package org.simgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simgate.front.config.ConfigError;
import org.simgate.protocol.auc.HostapdAucConfig;
import org.simgate.protocol.auc.HostapdAucFront;

/** {@code simgate.auc} and its hostapd socket: off unless written, checked key by key, a change taking a restart. */
class AucConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        return GatewayConfig.load(file);
    }

    private static HostapdAucConfig hostapd(GatewayConfig config) {
        return (HostapdAucConfig) config.front(HostapdAucFront.NAME).config();
    }

    @Test
    void offUnlessConfigured() throws IOException {
        GatewayConfig config = load("");
        assertFalse(config.auc().enabled());
        assertFalse(hostapd(config).enabled());
    }

    @Test
    void theSocketAndTheSqnFile() throws IOException {
        GatewayConfig config = load("simgate.auc { sqn-file = \"var/auc.sqn\", hostapd { path = \"/run/simgate/auc.sock\","
                + " mode = \"0600\" } }");
        assertTrue(config.auc().enabled());
        assertEquals(Path.of("var/auc.sqn"), config.auc().sqnFile());
        assertEquals(Path.of("/run/simgate/auc.sock"), hostapd(config).path());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(hostapd(config).mode()));
    }

    @Test
    void anAucWithoutSocketIsAnAucAllTheSame() throws IOException {
        GatewayConfig config = load("simgate.auc { }");
        assertTrue(config.auc().enabled());
        assertFalse(hostapd(config).enabled());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simgate.auc.hostapd { path = \"x.sock\", mode = \"0680\" } | simgate.auc.hostapd.mode: must be an octal file mode of permission bits, such as \"0660\"",
        "simgate.auc.hostapd { path = \"\" }                         | simgate.auc.hostapd.path: must be a file path, e.g. \"/run/simgate/auc.sock\"",
        "simgate.auc.hostapd { pth = \"x.sock\" }                    | simgate.auc.hostapd.path: missing",
        "simgate.auc { hostapd { path = \"x.sock\" }, sqn-fiel = \"a\" } | simgate.auc.sqn-fiel: unknown key (did you mean sqn-file?)",
    })
    void badSettingsAreOneLineNamingTheKey(String setting, String error) {
        String message = ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load(setting)));
        assertTrue(message.startsWith(error), message);
    }

    @Test
    void aChangeTakesARestart() throws IOException {
        GatewayConfig before = load("simgate.auc.hostapd.path = \"a.sock\"");
        GatewayConfig after = load("simgate.auc.hostapd.path = \"b.sock\"");
        assertEquals(List.of("simgate.auc.hostapd"), before.needsRestart(after));
        assertEquals(List.of("simgate.auc"), load("simgate.auc.sqn-file = \"a\"").needsRestart(load("simgate.auc.sqn-file = \"b\"")));
    }
}
