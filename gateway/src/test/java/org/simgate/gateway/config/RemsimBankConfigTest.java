package org.simgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.front.config.ConfigError;
import org.simgate.protocol.remsim.RemsimBankConfig;
import org.simgate.protocol.remsim.RemsimBankFront;

/** simgate.remsim.bankd: the shipped defaults, the exposure rule, and one clear line for what cannot run. */
class RemsimBankConfigTest {
    private static final String SLOT = "simgate.slots = [ { id = 3, transport = simcard, allow-apdu = true, simcard {"
            + " imsi = \"001010000000001\", iccid = \"8988211000000000011\","
            + " k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ]\n";

    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        return GatewayConfig.load(file);
    }

    private static RemsimBankConfig bank(GatewayConfig config) {
        return (RemsimBankConfig) config.front(RemsimBankFront.NAME).config();
    }

    @Test
    void theShippedDefaults() {
        assertEquals(new RemsimBankConfig(false, "127.0.0.1", 9998, 1, "127.0.0.1", 9999, List.of(0),
                Duration.ofSeconds(30), Duration.ofSeconds(10), false, 64), bank(GatewayConfig.load(null)));
    }

    @Test
    void theIssuesExample() throws IOException {
        RemsimBankConfig config = bank(load(SLOT + "simgate.remsim.bankd { enabled = true, server = \"10.0.0.5:9998\","
                + " bank-id = 4, bind = \"127.0.0.1\", port = 9999, slots = [3] }"));
        assertEquals(new RemsimBankConfig(true, "10.0.0.5", 9998, 4, "127.0.0.1", 9999, List.of(3),
                Duration.ofSeconds(30), Duration.ofSeconds(10), false, 64), config);
        new RemsimBankFront().check(config);
    }

    @Test
    void aBindBeyondLoopbackRefusesToStartUnlessSaid() throws IOException {
        RemsimBankConfig open = bank(load(SLOT + "simgate.remsim.bankd { enabled = true, bind = \"0.0.0.0\", slots = [3] }"));
        ConfigError e = assertThrows(ConfigError.class, () -> new RemsimBankFront().check(open));
        assertEquals("simgate.remsim.bankd.bind: 0.0.0.0 listens beyond this host, and RSPRO has no authentication: "
                + "whoever reaches the port uses the mapped cards. Bind 127.0.0.1 and carry the link in a tunnel "
                + "(docs/remsim.md), or set simgate.remsim.bankd.allow-unauthenticated = true", e.getMessage());

        RemsimBankConfig said = bank(load(SLOT + "simgate.remsim.bankd { enabled = true, bind = \"0.0.0.0\","
                + " allow-unauthenticated = true, slots = [3] }"));
        new RemsimBankFront().check(said);
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("simgate.remsim.bankd.server: must be \"host:port\" of the remsim-server's RSPRO port, e.g. "
                + "\"127.0.0.1:9998\"", message(SLOT + "simgate.remsim.bankd.server = \"somewhere\""));
        assertEquals("simgate.remsim.bankd.bank-id: must be between 0 and 1023",
                message(SLOT + "simgate.remsim.bankd.bank-id = 1024"));
        assertEquals("simgate.remsim.bankd.slots[1]: slot 3 is listed twice: one card cannot be two bank slots",
                message(SLOT + "simgate.remsim.bankd { enabled = true, slots = [3, 3] }"));
        assertEquals("simgate.remsim.bankd.slots: must list 1 to 1024 simgate slot ids, bank slot N being slots[N]",
                message(SLOT + "simgate.remsim.bankd.slots = []"));
        assertEquals("simgate.remsim.bankd.pong-timeout: must be a duration such as 500ms or 10s",
                message(SLOT + "simgate.remsim.bankd.pong-timeout = never"));
        assertEquals("simgate.remsim.bankd.slot: unknown key (did you mean slots?)", message(SLOT + "simgate.remsim.bankd.slot = [3]"));
    }

    @Test
    void aSlotThatTakesNoRawApdusCannotBeLent() {
        String message = message("simgate.slots = [ { id = 3, transport = simcard, simcard {"
                + " imsi = \"001010000000001\", iccid = \"8988211000000000011\","
                + " k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ]\n"
                + "simgate.remsim.bankd { enabled = true, slots = [3] }");
        assertEquals(true, message.startsWith("simgate.remsim.bankd.slots[0]: "), message);
        assertEquals(true, message.endsWith(" (remsim clients send raw TPDUs)"), message);
    }

    private String message(String hocon) {
        return ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load(hocon)));
    }
}
