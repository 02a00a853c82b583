package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two slots on one SQN state file, however it is spelt, are refused: each would overwrite the other. */
class SharedStateFileTest {
    @TempDir
    Path dir;

    private static String slot(int id, String imsiEnd, Path stateFile) {
        return "{ id = " + id + ", transport = simcard, simcard { imsi = \"00101000000000" + imsiEnd
                + "\", iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", "
                + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\", state-file = " + ConfigUtil.quoteString(stateFile.toString())
                + " } }";
    }

    private GatewayConfig load(Path a, Path b) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.slots = [\n  " + slot(0, "1", a) + "\n  " + slot(1, "2", b) + "\n]\n");
        return GatewayConfig.load(file);
    }

    private String refused(Path a, Path b) {
        return assertThrows(ConfigError.class, () -> load(a, b)).getMessage();
    }

    @Test
    void theSameFileTwiceIsRefusedNamingTheSecondSlot() {
        Path a = dir.resolve("var/a.sqn");
        assertEquals(dir.resolve("simgate.conf") + ":3: simgate.slots[1].simcard.state-file: slot 1 names the SQN state "
                + "file of slot 0 (" + a + "): each card would overwrite the other's SQN memory and accept replayed "
                + "challenges; give each its own", refused(a, a));
    }

    @Test
    void aDifferentSpellingOfTheSameFileIsRefused() throws IOException {
        Path a = dir.resolve("var/a.sqn");
        refused(a, dir.resolve("var/../var/a.sqn"));
        refused(a, dir.resolve("var/./a.sqn"));
        Files.createDirectories(dir.resolve("var"));
        Files.createSymbolicLink(dir.resolve("state"), dir.resolve("var"));
        refused(a, dir.resolve("state/a.sqn"));
        Files.writeString(a, "");
        Files.createSymbolicLink(dir.resolve("var/b.sqn"), a);
        refused(dir.resolve("var/b.sqn"), a);
    }

    @Test
    void twoFilesAreFine() {
        assertDoesNotThrow(() -> load(dir.resolve("var/a.sqn"), dir.resolve("var/b.sqn")));
    }
}
