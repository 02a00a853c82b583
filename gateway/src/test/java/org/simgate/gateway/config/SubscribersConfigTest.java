package org.simgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.front.config.ConfigError;

/** {@code simgate.subscribers}: the CSV read with the config, its errors in the config's style, its settings. */
class SubscribersConfigTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";

    @TempDir
    Path dir;

    private GatewayConfig load(String csv, String settings) throws IOException {
        Path subscribers = dir.resolve("subscribers.csv");
        Files.writeString(subscribers, csv);
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.subscribers {\n  file = \"" + subscribers + "\"\n" + settings + "}\n");
        return GatewayConfig.load(file);
    }

    @Test
    void withoutTheSectionThereAreNoSubscribers() {
        SubscribersConfig none = GatewayConfig.load(null).subscribers();
        assertFalse(none.enabled());
        assertTrue(none.subscribers().isEmpty());
    }

    @Test
    void theFileIsReadWithTheConfigAndTheDefaultsApply() throws IOException {
        SubscribersConfig config = load("imsi,k,opc\n001010000000101," + K + "," + OPC + "\n", "").subscribers();
        assertTrue(config.enabled());
        assertEquals(1, config.subscribers().size());
        assertEquals(Path.of("var/subscribers.sqn"), config.stateFile());
        assertEquals(2, config.mncLength());
        assertFalse(config.allowApdu());
        assertEquals(16, config.queueSize());
        assertEquals(Duration.ofSeconds(10), config.operationTimeout());
        assertFalse(config.toString().contains(K) || config.toString().contains(OPC), config.toString());
    }

    @Test
    void settingsAreRead() throws IOException {
        SubscribersConfig config = load("imsi,k,opc\n310150000000101," + K + "," + OPC + "\n",
                "state-file = \"" + dir.resolve("farm.sqn") + "\", mnc-length = 3, allow-apdu = true, queue-size = 4,"
                        + " operation-timeout = 2s\n").subscribers();
        assertEquals(dir.resolve("farm.sqn"), config.stateFile());
        assertEquals("ims.mnc150.mcc310.3gppnetwork.org", config.subscribers().all().get(0).homeDomain());
        assertTrue(config.allowApdu());
        assertEquals(4, config.queueSize());
        assertEquals(Duration.ofSeconds(2), config.operationTimeout());
    }

    @Test
    void aBadRowIsAConfigErrorNamingTheCsvsLineAndColumn() {
        ConfigError e = assertThrows(ConfigError.class, () -> load("imsi,k,opc\n001010000000101," + K + ",cd63\n", ""));
        assertEquals(dir.resolve("subscribers.csv") + ":2: opc: must be 32 hex characters (16 bytes)", e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.subscribers.file = \"" + dir.resolve("none.csv") + "\"\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GatewayConfig.load(file));
        assertTrue(e.getMessage().startsWith(dir.resolve("none.csv") + ": cannot be read"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefused() {
        ConfigError e = assertThrows(ConfigError.class, () -> load("imsi,k,opc\n", "allow-apdus = true\n"));
        assertTrue(e.getMessage().contains("simgate.subscribers.allow-apdus: unknown key"), e.getMessage());
    }

    @Test
    void theJournalCannotBeSwitchedOff() {
        ConfigError e = assertThrows(ConfigError.class, () -> load("imsi,k,opc\n", "state-file = \"\"\n"));
        assertTrue(e.getMessage().contains("simgate.subscribers.state-file: must be a file path"), e.getMessage());
    }

    @Test
    void aChangedSubscriberFileTakesARestart() throws IOException {
        GatewayConfig before = load("imsi,k,opc\n001010000000101," + K + "," + OPC + "\n", "");
        assertEquals(List.of(), before.needsRestart(load("imsi,k,opc\n001010000000101," + K + "," + OPC + "\n", "")));
        GatewayConfig after = load("imsi,k,opc\n001010000000101," + K + "," + OPC.replace('c', 'd') + "\n", "");
        assertEquals(List.of("simgate.subscribers"), before.needsRestart(after));
    }
}
