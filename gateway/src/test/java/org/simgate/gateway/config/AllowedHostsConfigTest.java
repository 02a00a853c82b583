package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** allowed-hosts on the HTTP listeners (docs/security.md, DNS rebinding). */
class AllowedHostsConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    @Test
    void noneByDefault() {
        GatewayConfig config = GatewayConfig.load(null);
        assertEquals(List.of(), config.http().allowedHosts());
        assertEquals(List.of(), config.https().allowedHosts());
        assertEquals(List.of(), config.management().listener().allowedHosts());
    }

    @Test
    void eachHttpListenerHasItsOwn() throws IOException {
        GatewayConfig config = load("simgate { http.allowed-hosts = [gw.example, \"*.lab.example\"],"
                + " https.allowed-hosts = [\"10.0.0.5\"], management.allowed-hosts = [\"*\"] }");
        assertEquals(List.of("gw.example", "*.lab.example"), config.http().allowedHosts());
        assertEquals(List.of("10.0.0.5"), config.https().allowedHosts());
        assertEquals(List.of("*"), config.management().listener().allowedHosts());
    }

    @Test
    void aChangeNeedsARestart() throws IOException {
        GatewayConfig running = GatewayConfig.load(null);
        assertEquals(List.of("simgate.http"), running.needsRestart(load("simgate.http.allowed-hosts = [gw.example]")));
    }

    @Test
    void aBadEntryNamesItsKeyAndIndexNotItsValue() {
        assertEquals("simgate.https.allowed-hosts[1]: must be a host name, an IP address, *.domain or *",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class,
                        () -> load("simgate.https.allowed-hosts = [gw.example, \"https://gw.example\"]"))));
        assertEquals("simgate.management.allowed-hosts: must be a list of strings",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class,
                        () -> load("simgate.management.allowed-hosts = { a = 1 }"))));
    }
}
