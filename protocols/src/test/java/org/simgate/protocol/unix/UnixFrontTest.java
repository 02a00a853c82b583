package org.simgate.protocol.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.front.Exposure;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.KeyLedger;

/** The UNIX-socket front binds its own block, as a front in its own folder does, with no gateway. */
class UnixFrontTest {
    private static final String REST = "rest { max-body = 8k, idle-timeout = 60s, max-pipelined = 64, "
            + "max-connections = 1024, max-connections-per-address = 256, request-read-timeout = 10s }\n";
    private final UnixFront front = new UnixFront();

    private UnixApis read(String hocon) {
        return front.read(new ConfigReader(ConfigFactory.parseString(hocon), "simgate", new KeyLedger()), id -> null);
    }

    @Test
    void withoutItsBlockItIsOff() {
        UnixApis apis = read(REST);
        assertFalse(apis.socket().enabled());
        assertEquals(List.of("simgate.unix"), front.sections());
    }

    @Test
    void itsBlockBindsIntoItsRecord() {
        UnixApis apis = read(REST + "unix { enabled = true, path = \"run/sim.sock\", mode = \"0600\" }");
        assertTrue(apis.socket().enabled());
        assertEquals(Path.of("run/sim.sock"), apis.socket().path());
        assertEquals("rw-------", apis.socket().modeText());
    }

    @Test
    void aProblemNamesTheFullKey() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> read(REST + "unix { enabled = true, path = \"run/sim.sock\", mode = \"0999\" }"));
        assertEquals("simgate.unix.mode", e.key());
    }

    @Test
    void aSocketListensOnThisHostOnly() {
        assertEquals(Exposure.NONE, front.exposure(read(REST + "unix { enabled = true, path = \"s.sock\", mode = \"0666\" }")));
    }

    @Test
    void onlyItsOwnBlockNeedsARestartTheRestLimitsAreTheRestFrontsToReport() {
        UnixApis running = read(REST + "unix { enabled = true, path = \"s.sock\", mode = \"0660\" }");
        UnixApis otherLimits = read(REST.replace("max-pipelined = 64", "max-pipelined = 8")
                + "unix { enabled = true, path = \"s.sock\", mode = \"0660\" }");
        UnixApis otherPath = read(REST + "unix { enabled = true, path = \"t.sock\", mode = \"0660\" }");
        assertEquals(List.of(), front.needsRestart(running, otherLimits));
        assertEquals(List.of("simgate.unix"), front.needsRestart(running, otherPath));
    }
}
