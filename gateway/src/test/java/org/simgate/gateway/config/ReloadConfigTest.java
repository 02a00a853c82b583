package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload compares: slot configs by value, and the sections only a restart applies. */
class ReloadConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    private static String simcardSlot(String k, String slotSettings) {
        return "simgate.slots = [ { id = 0, transport = simcard, " + slotSettings + " simcard { imsi = \"001010000000001\", "
                + "iccid = \"8988211000000000011\", k = \"" + k + "\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ]\n";
    }

    @Test
    void theFileWatchIsOnByDefaultAndCanBeTurnedOff() throws IOException {
        assertTrue(load("").reload().watchFile());
        assertFalse(load("simgate.reload.watch-file = false").reload().watchFile());
        ConfigError wrong = assertThrows(ConfigError.class, () -> load("simgate.reload.watch-file = sometimes"));
        assertEquals("simgate.reload.watch-file: must be true or false", ConfigMessages.withoutLocation(wrong));
    }

    @Test
    void theSameFileReadTwiceGivesEqualSlotsKeysAndReaderPatternsIncluded() throws IOException {
        String slots = "simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"OMNIKEY.*\" } } ]\n";
        // a pcsc slot cannot open without its reader, but its config compares without one
        GatewayConfig first = load(slots);
        GatewayConfig again = load(slots);
        assertEquals(first.slots(), again.slots());
        assertNotEquals(first.slots(), load(slots.replace("OMNIKEY", "Gemalto")).slots());
        String k = "465b5ce8b199b49faa5f0a2ee238a6bc";
        assertEquals(load(simcardSlot(k, "")).slots(), load(simcardSlot(k, "")).slots(), "simcard keys compare by value");
        assertNotEquals(load(simcardSlot(k, "")).slots(), load(simcardSlot("0396eb317b6d1c36f19c1c84cd6ffd16", "")).slots());
    }

    @Test
    void listenerSectionsNeedARestartSlotsSuciAndTheDefaultSlotDoNot() throws IOException {
        GatewayConfig running = load("");
        assertEquals(List.of(), running.needsRestart(load("")));
        assertEquals(List.of(), running.needsRestart(load("simgate.default-slot = 1\nsimgate.slots = []\n")));
        assertEquals(List.of("simgate.http", "simgate.https", "simgate.line", "simgate.management", "simgate.reload"),
                running.needsRestart(load("simgate.http.port = 8001\nsimgate.https.bind = \"127.0.0.2\"\n"
                        + "simgate.line.idle-timeout = 1m\nsimgate.management.metrics = false\n"
                        + "simgate.reload.watch-file = false\n")));
        String apduSlot = simcardSlot("465b5ce8b199b49faa5f0a2ee238a6bc", "allow-apdu = true,");
        assertEquals(List.of("simgate.vpcd-relay"), running.needsRestart(load(
                apduSlot + "simgate.vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:35999\" } ]\n")));
        assertEquals(List.of(), running.needsRestart(load(
                apduSlot + "simgate.vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:35963\" } ]\n")),
                "connect-mode relays change live");
    }
}
