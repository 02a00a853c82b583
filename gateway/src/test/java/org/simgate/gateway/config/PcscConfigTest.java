package org.simgate.gateway.config;

import org.simgate.protocol.vpcd.VpcdRelayConfig;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.transport.pcsc.PcscTransport;

/** The pcsc slot block, simgate.pcsc (auto) and simgate.vpcd-relay: what binds, and one line per mistake. */
class PcscConfigTest {
    private static final String SIMCARD = "transport = simcard, simcard { imsi = \"001010000000001\", "
            + "iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", "
            + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\" }";

    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    private String error(String hocon) {
        return ConfigMessages.withoutLocation(assertThrows(ConfigError.class, () -> load(hocon)));
    }

    @Test
    void theDefaultsHaveNoAutoSlotsAndNoRelays() {
        GatewayConfig config = GatewayConfig.load(null);
        assertFalse(config.pcsc().auto());
        assertEquals(List.of(), config.vpcdRelays());
        assertEquals(PcscTransport.Mode.EXCLUSIVE, config.pcsc().mode());
    }

    @Test
    void aPcscSlotNamesItsReaderByRegexAndIsExclusiveUnlessSaidOtherwise() throws IOException {
        GatewayConfig config = load("simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"OMNIKEY.*00 00\" } },"
                + " { id = 4, transport = pcsc, pcsc { reader = \"sysmoOCTSIM\", mode = shared } } ]");
        PcscConfig three = (PcscConfig) config.slots().get(0).card();
        assertEquals("OMNIKEY.*00 00", three.reader().pattern());
        assertEquals(PcscTransport.Mode.EXCLUSIVE, three.mode());
        assertEquals("pcsc", config.slots().get(0).transport());
        assertEquals(PcscTransport.Mode.SHARED, ((PcscConfig) config.slots().get(1).card()).mode());
    }

    @Test
    void pcscSlotMistakesNameTheKey() {
        assertEquals("simgate.slots[0].pcsc: missing", error("simgate.slots = [ { id = 3, transport = pcsc } ]"));
        assertEquals("simgate.slots[0].pcsc.reader: missing", error("simgate.slots = [ { id = 3, transport = pcsc, pcsc {} } ]"));
        assertTrue(error("simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"(\" } } ]")
                .startsWith("simgate.slots[0].pcsc.reader: not a regular expression"));
        assertEquals("simgate.slots[0].pcsc.mode: must be exclusive or shared",
                error("simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = x, mode = locked } } ]"));
        assertEquals("simgate.slots[0].transport: unknown transport 'pcs' (known: simcard, pcsc, modem, remsim)",
                error("simgate.slots = [ { id = 3, transport = pcs } ]"));
    }

    @Test
    void relaysConnectOrListen() throws IOException {
        GatewayConfig config = load("simgate.slots = [ { id = 0, allow-apdu = true, " + SIMCARD + " } ]\n"
                + "simgate.vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:35963\" },"
                + " { slot = 0, listen = \"[::1]:0\", retry = 250ms } ]");
        assertEquals(new VpcdRelayConfig(0, "127.0.0.1", 35963, false, Duration.ofSeconds(1)), config.vpcdRelays().get(0));
        assertEquals(new VpcdRelayConfig(0, "::1", 0, true, Duration.ofMillis(250)), config.vpcdRelays().get(1));
        assertTrue(config.vpcdRelays().get(1).isLoopback());
    }

    @Test
    void relayMistakesNameTheKey() {
        String slot = "simgate.slots = [ { id = 0, allow-apdu = true, " + SIMCARD + " }, { id = 1, allow-apdu = false, "
                + SIMCARD + " } ]\n";
        assertTrue(error(slot + "simgate.vpcd-relay = [ { slot = 0 } ]").startsWith("simgate.vpcd-relay[0].connect: set either"));
        assertTrue(error(slot + "simgate.vpcd-relay = [ { slot = 0, connect = \"a:1\", listen = \"b:2\" } ]")
                .endsWith("not both"));
        assertEquals("simgate.vpcd-relay[0].connect: must be host:port, e.g. 127.0.0.1:35963",
                error(slot + "simgate.vpcd-relay = [ { slot = 0, connect = \"localhost\" } ]"));
        assertEquals("simgate.vpcd-relay[0].connect: the port must be a number from 1 to 65535",
                error(slot + "simgate.vpcd-relay = [ { slot = 0, connect = \"localhost:0\" } ]"));
        assertEquals("simgate.vpcd-relay[0].slot: no slot 7 in simgate.slots",
                error(slot + "simgate.vpcd-relay = [ { slot = 7, connect = \"localhost:35963\" } ]"));
        assertEquals("simgate.vpcd-relay[1].slot: slot 1 does not allow raw APDUs, which the relay sends: "
                        + "set allow-apdu = true on it",
                error(slot + "simgate.vpcd-relay = [ { slot = 0, connect = \"localhost:35963\" },"
                        + " { slot = 1, connect = \"localhost:35964\" } ]"));
        assertEquals("simgate.vpcd-relay: must be a list [ { slot = 0, connect = \"127.0.0.1:35963\" } ]",
                error(slot + "simgate.vpcd-relay = 3"));
    }

    @Test
    void autoSlotsAreReadersInPcscOrderFromFirstSlotWithTheSlotDefaults() throws IOException {
        GatewayConfig config = load("simgate { slots = [], pcsc { auto = true, readers = \"OCTSIM\", first-slot = 2 },"
                + " slot-defaults { allow-apdu = true, queue-size = 5 } }");
        List<SlotConfig> slots = config.pcsc().slots(List.of("sysmocom sysmoOCTSIM [CCID] (1) 00 00", "Yubikey 00 00",
                "sysmocom sysmoOCTSIM [CCID] (1) 00 01"), config.slots());
        assertEquals(2, slots.size());
        assertEquals(2, slots.get(0).id());
        assertEquals("sysmocom sysmoOCTSIM [CCID] (1) 00 00", slots.get(0).name());
        assertEquals(3, slots.get(1).id());
        assertEquals("sysmocom sysmoOCTSIM [CCID] (1) 00 01", slots.get(1).name());
        assertTrue(slots.get(0).allowApdu());
        assertEquals(5, slots.get(0).queueSize());
        PcscConfig reader = (PcscConfig) slots.get(0).card();
        assertTrue(reader.reader().matcher("sysmocom sysmoOCTSIM [CCID] (1) 00 00").find(), "brackets taken literally");
        assertFalse(reader.reader().matcher("sysmocom sysmoOCTSIM [CCID] (1) 00 00 extra").find(), "anchored");
    }

    @Test
    void anAutoSlotOnAConfiguredIdIsAnErrorNotARenumbering() throws IOException {
        GatewayConfig config = load("simgate.pcsc.auto = true");
        ConfigError e = assertThrows(ConfigError.class, () -> config.pcsc().slots(List.of("Reader A"), config.slots()));
        assertEquals("simgate.pcsc.auto: PC/SC reader 'Reader A' would be slot 0, which simgate.slots already has: "
                + "set simgate.slots = [] (drops the simulated cards) or simgate.pcsc.first-slot past the configured ids",
                e.getMessage());
    }

    @Test
    void aRelayMayNameAnAutoSlotIfAutoSlotsAllowApdus() throws IOException {
        assertEquals(1, load("simgate { slots = [], pcsc.auto = true, slot-defaults.allow-apdu = true,"
                + " vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:35963\" } ] }").vpcdRelays().size());
        assertEquals("simgate.vpcd-relay[0].slot: auto slots do not allow raw APDUs: set simgate.slot-defaults.allow-apdu = true",
                error("simgate { slots = [], pcsc.auto = true, vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:35963\" } ] }"));
    }

    @Test
    void autoMistakesNameTheKey() {
        assertEquals("simgate.pcsc.auto: must be true or false", error("simgate.pcsc.auto = maybe"));
        assertEquals("simgate.pcsc.first-slot: must be between 0 and 65535", error("simgate.pcsc.first-slot = -1"));
        assertEquals("simgate.pcsc.mode: must be exclusive or shared", error("simgate.pcsc.mode = open"));
    }
}
