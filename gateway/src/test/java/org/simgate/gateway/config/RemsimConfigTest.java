package org.simgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.simgate.front.config.ConfigError;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.simgate.transport.CardTransport;
import org.simgate.transport.remsim.RemsimClientTransport;

/** {@code transport = remsim}: its defaults, every key, and one line naming the key for each mistake. */
class RemsimConfigTest {

    private static GatewayConfig config(String slotExtra, String remsimBody) {
        return GatewayConfig.from(ConfigFactory.parseString(
                "simgate.slots = [ { id = 7, transport = remsim" + slotExtra + ", remsim { " + remsimBody + " } } ]")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    private static RemsimConfig remsim(String remsimBody) {
        return (RemsimConfig) config("", remsimBody).slots().get(0).card();
    }

    private static String error(String slotExtra, String remsimBody) {
        return assertThrows(ConfigError.class, () -> config(slotExtra, remsimBody)).getMessage();
    }

    @Test
    void theIssuesExampleAndTheDefaults() {
        GatewayConfig config = config("", "server = \"127.0.0.1:9998\", client-id = 9, client-slot = 0");
        Duration operationTimeout = config.slots().get(0).operationTimeout();
        assertEquals(new RemsimConfig("127.0.0.1", 9998, 9, 0, operationTimeout, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(10)), config.slots().get(0).card());
        assertEquals("remsim", config.slots().get(0).transport());
        assertEquals(remsim("client-id = 9"), remsim("server = \"127.0.0.1\", client-id = 9"),
                "server and port default to osmo-remsim's 127.0.0.1:9998");
    }

    @Test
    void everyKey() {
        assertEquals(new RemsimConfig("::1", 19998, 1023, 3, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(3), Duration.ofSeconds(1)), remsim("server = \"[::1]:19998\", client-id = 1023, "
                + "client-slot = 3, tpdu-timeout = 2s, max-reconnect-delay = 5s, ping-interval = 3s, "
                + "pong-timeout = 1s"));
        assertEquals("remsim.example.org", remsim("server = \"remsim.example.org:9998\", client-id = 1").host());
    }

    @Test
    void opensWithoutConnecting() {
        CardTransport transport = remsim("server = \"127.0.0.1:9\", client-id = 9").open();
        try {
            assertInstanceOf(RemsimClientTransport.class, transport);
            assertFalse(transport.isPresent());
            assertEquals("remsim client 9:0 of server 127.0.0.1:9 (not mapped)", transport.describe());
            assertEquals("down", transport.detail().flat().get("server_link"));
        } finally {
            transport.retire();
        }
    }

    @Test
    void mistakesNameTheirKey() {
        assertEquals("simgate.slots[0].remsim.client-id: missing", error("", ""));
        assertEquals("simgate.slots[0].remsim.client-id: must be between 0 and 1023", error("", "client-id = 1024"));
        assertEquals("simgate.slots[0].remsim.client-slot: must be between 0 and 1023",
                error("", "client-id = 1, client-slot = -1"));
        assertEquals("simgate.slots[0].remsim.server: must be host:port of the remsim server, e.g. 127.0.0.1:9998",
                error("", "server = \"127.0.0.1:99999\", client-id = 1"));
        assertEquals("simgate.slots[0].remsim.server: must be host:port of the remsim server, e.g. 127.0.0.1:9998",
                error("", "server = \":9998\", client-id = 1"));
        assertEquals("simgate.slots[0].remsim.tpdu-timeout: must not exceed the slot's operation-timeout (2000 ms)",
                error(", operation-timeout = 2s", "client-id = 1, tpdu-timeout = 3s"));
        assertEquals("simgate.slots[0].remsim: missing", assertThrows(ConfigError.class,
                () -> GatewayConfig.from(ConfigFactory.parseString("simgate.slots = [ { id = 7, transport = remsim } ]")
                        .withFallback(ConfigFactory.parseResources("application.conf")).resolve())).getMessage());
    }
}
