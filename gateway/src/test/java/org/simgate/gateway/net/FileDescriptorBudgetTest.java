package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;

/** The listeners' max-connections and a reserve must fit in the process's open-file limit. */
class FileDescriptorBudgetTest {

    private static GatewayConfig config(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    /** http 1024 + https 1024 + line 1024 + management 128, and 256 for the rest. */
    @Test
    void theDefaultsNeed3456() {
        assertDoesNotThrow(() -> FileDescriptorBudget.check(config(""), 3456));
        ConfigError e = assertThrows(ConfigError.class, () -> FileDescriptorBudget.check(config(""), 3455));
        assertEquals("the listeners may hold 3200 connections (simgate.http (simgate.rest.max-connections) 1024 + "
                + "simgate.https (simgate.rest.max-connections) 1024 + simgate.line.max-connections 1024 + "
                + "simgate.management.max-connections 128) plus 256 other open files, but this process may open only "
                + "3455 files (ulimit -n): lower those max-connections or raise the limit (systemd: LimitNOFILE)",
                e.getMessage());
    }

    @Test
    void onlyEnabledListenersCount() {
        GatewayConfig httpOnly = config("simgate { https.enabled = false, line.enabled = false, management.enabled = false }");
        assertDoesNotThrow(() -> FileDescriptorBudget.check(httpOnly, 1024 + 256));
        assertThrows(ConfigError.class, () -> FileDescriptorBudget.check(httpOnly, 1024 + 255));
    }

    @Test
    void smallerLimitsFitASmallerProcess() {
        assertDoesNotThrow(() -> FileDescriptorBudget.check(config("""
                simgate.rest.max-connections = 300
                simgate.line.max-connections = 100
                simgate.management.max-connections = 20
                """), 1024));
    }

    @Test
    void listeningVpcdRelaysCount() {
        GatewayConfig relays = config("""
                simgate { https.enabled = false, line.enabled = false, management.enabled = false
                  vpcd-relay = [ { slot = 0, listen = "127.0.0.1:35963" }, { slot = 0, listen = "127.0.0.1:35964" } ] }
                """);
        assertDoesNotThrow(() -> FileDescriptorBudget.check(relays, 1024 + 32 + 256));
        assertThrows(ConfigError.class, () -> FileDescriptorBudget.check(relays, 1024 + 31 + 256));
    }

    /** This machine's own limit takes the shipped defaults (the test suite's gateways run on them). */
    @Test
    void thisProcessTakesTheDefaults() {
        assertTrue(FileDescriptorBudget.processLimit().isPresent(), "a Unix JVM tells its open-file limit");
        assertDoesNotThrow(() -> FileDescriptorBudget.check(config("")));
    }
}
