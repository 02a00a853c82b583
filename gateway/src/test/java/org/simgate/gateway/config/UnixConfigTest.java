package org.simgate.gateway.config;

import org.simgate.protocol.unix.UnixConfig;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code simgate.unix}: off by default, its path and octal mode checked, a change taking a restart. */
class UnixConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    @Test
    void offByDefaultWithAPathUnderVarAndOwnerAndGroupOnly() throws IOException {
        UnixConfig unix = load("").unix();

        assertFalse(unix.enabled());
        assertEquals(Path.of("var/simcard.sock"), unix.path());
        assertEquals("rw-rw----", unix.modeText());
        assertFalse(unix.othersConnect());
    }

    @Test
    void theModeIsOctalQuotedOrNot() throws IOException {
        assertEquals("rw-------", load("simgate.unix.mode = \"0600\"").unix().modeText());
        assertEquals("rw-rw-rw-", load("simgate.unix.mode = \"666\"").unix().modeText());
        assertTrue(load("simgate.unix.mode = \"666\"").unix().othersConnect());
        assertEquals("rw-rw----", load("simgate.unix.mode = 660").unix().modeText(), "HOCON reads 660 as a number: the same digits");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simgate.unix.mode = \"0680\"  | simgate.unix.mode: must be an octal file mode of permission bits, such as \"0660\"",
        "simgate.unix.mode = \"4660\"  | simgate.unix.mode: must be an octal file mode of permission bits, such as \"0660\"",
        "simgate.unix.mode = \"rw\"    | simgate.unix.mode: must be an octal file mode of permission bits, such as \"0660\"",
        "simgate.unix.path = \"\"      | simgate.unix.path: must be a file path, e.g. \"var/simcard.sock\"",
        "simgate.unix.enabled = maybe  | simgate.unix.enabled: must be true or false",
    })
    void badSettingsAreOneLineNamingTheKey(String setting, String error) {
        assertEquals(error, ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load(setting))));
    }

    @Test
    void aPathLongerThanASocketAddressTakesIsRefused() throws IOException {
        String longest = "/run/" + "x".repeat(UnixConfig.MAX_PATH_BYTES - 5);
        assertEquals(107, longest.length());
        assertEquals(Path.of(longest), load("simgate.unix.path = \"" + longest + "\"").unix().path());

        assertEquals("simgate.unix.path: must be at most 107 bytes long (the limit of a UNIX socket address)",
                ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load("simgate.unix.path = \"" + longest + "y\""))));
    }

    @Test
    void aChangeTakesARestart() throws IOException {
        assertEquals(List.of("simgate.unix"), load("").needsRestart(load("simgate.unix.enabled = true")));
    }
}
