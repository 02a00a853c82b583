package org.simgate.gateway.config;

import org.simgate.protocol.rest.RestLimits;
import org.simgate.protocol.management.ManagementConfig;
import org.simgate.front.config.ListenerConfig;
import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.transport.Hex;

/**
 * The shipped defaults, a user file merged over them, and one clear line naming the key for each
 * config that cannot run, never quoting the value (it may be a key).
 */
class GatewayConfigTest {
    // TS 35.208 test set 1 (K, OP, OPc): public values, used as "secrets" that must never be echoed
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OP = "cdc202d5123e20f62b6d676ac72cb318";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";

    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws IOException {
        return ConfigFile.load(dir, hocon);
    }

    /** One slot, written out in full, with {@code simcardBody} inside its simcard block. */
    private static String oneSlot(String simcardBody) {
        return "simgate.slots = [ { id = 0, transport = simcard, simcard { " + simcardBody + " } } ]\n";
    }

    private static String card(String keys) {
        return "imsi = \"001010000000001\", iccid = \"8988211000000000011\", " + keys;
    }

    @Test
    void theShippedDefaultsLoad() {
        GatewayConfig config = GatewayConfig.load(null);

        assertEquals(new ListenerConfig(true, "127.0.0.1", 8000, null, null, null), config.http());
        assertEquals(new ListenerConfig(true, "127.0.0.1", 8443, null, null, Path.of("var/tls")), config.https());
        assertTrue(config.http().isLoopback());
        assertEquals(new RestLimits(8192, Duration.ofSeconds(60), 64), config.rest());
        assertEquals(0, config.defaultSlot());
        assertEquals(2, config.slots().size());
        assertEquals(new ManagementConfig(new ListenerConfig(true, "127.0.0.1", 8081, null, null, null), true),
                config.management());

        SlotConfig slot0 = config.slots().get(0);
        assertEquals(0, slot0.id());
        assertEquals("simgate slot 0", slot0.name());
        assertEquals(SlotConfig.SIMCARD, slot0.transport());
        assertTrue(slot0.allowApdu());
        assertEquals(64, slot0.queueSize());
        assertEquals(Duration.ofSeconds(10), slot0.operationTimeout());
        SimcardConfig card0 = (SimcardConfig) slot0.card();
        assertEquals("001010000000001", card0.imsi());
        assertEquals("8988211000000000011", card0.iccid());
        assertEquals(K, Hex.lower(card0.k()));
        assertEquals(OPC, Hex.lower(card0.opc()));
        assertTrue(card0.sqnCheck());
        assertTrue(card0.inserted());
        assertEquals(Path.of("var/slot0.sqn"), card0.stateFile());
        assertEquals("001010000000001@ims.mnc001.mcc001.3gppnetwork.org", card0.impi());
        assertEquals("ims.mnc001.mcc001.3gppnetwork.org", card0.domain());
        assertEquals(List.of("sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org", "tel:+0010000000001"), card0.impu());

        SlotConfig slot1 = config.slots().get(1);
        assertEquals(1, slot1.id());
        assertFalse(slot1.allowApdu(), "slot-defaults keep raw APDUs off");
        assertEquals("8988211000000000029", simcard(slot1).iccid());
        // TS 35.208 test set 2: OPc = OP xor E_K(OP)
        assertEquals("53c15671c60a4b731c55b4a441c0bde2", Hex.lower(simcard(slot1).opc()));
        assertNull(simcard(slot1).impi());
        assertEquals(List.of(), simcard(slot1).impu());
    }

    @Test
    void aSimcardConfigNeverShowsItsKeys() {
        SimcardConfig card0 = (SimcardConfig) GatewayConfig.load(null).slots().get(0).card();

        assertFalse(card0.toString().contains(K));
        assertFalse(card0.toString().contains(OPC));
    }

    @Test
    void aUserFileIsMergedOverTheDefaults() throws IOException {
        GatewayConfig config = load("""
                simgate {
                  http.port = 18000
                  https { cert = "/etc/simgate/cert.pem", key = "/etc/simgate/key.pem" }
                  default-slot = 7
                  # a list replaces the default list: these are the only slots
                  slots = [
                    { id = 7, transport = simcard, operation-timeout = 2500ms,
                      simcard { imsi = "262011234567890", iccid = "89882110000000000118", k = "%s", op = "%s",
                                sqn-check = false, inserted = false, authenticate-time = 25ms } }
                  ]
                }
                """.formatted(K, OP));

        assertEquals(18000, config.http().port());
        assertEquals("127.0.0.1", config.http().bind());
        assertEquals(8443, config.https().port());
        assertEquals(Path.of("/etc/simgate/cert.pem"), config.https().cert());
        assertEquals(Path.of("/etc/simgate/key.pem"), config.https().key());
        assertEquals(7, config.defaultSlot());
        assertEquals(1, config.slots().size());
        SlotConfig slot = config.slots().get(0);
        assertEquals(7, slot.id());
        assertEquals("simgate slot 7", slot.name());
        assertEquals(64, slot.queueSize());
        assertFalse(slot.allowApdu());
        assertEquals(Duration.ofMillis(2500), slot.operationTimeout());
        assertEquals(OPC, Hex.lower(simcard(slot).opc()));
        assertFalse(simcard(slot).sqnCheck());
        assertFalse(simcard(slot).inserted());
        assertNull(simcard(slot).stateFile());
        assertEquals(Duration.ofMillis(25), simcard(slot).authenticateTime());
        assertEquals(Duration.ZERO, simcard(GatewayConfig.load(null).slots().get(0)).authenticateTime());
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path missing = dir.resolve("nowhere.conf");

        ConfigError e = assertThrows(ConfigError.class, () -> GatewayConfig.load(missing));

        assertEquals("config file " + missing + ": not found or not readable", e.getMessage());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("management port out of range", "simgate.management.port = 70000",
                        "simgate.management.port: must be between 0 and 65535"),
                Arguments.of("k missing",
                        oneSlot(card("opc = \"" + OPC + "\"")),
                        "simgate.slots[0].simcard.k: missing"),
                Arguments.of("k not 32 hex",
                        oneSlot(card("k = \"" + K.substring(0, 30) + "\", opc = \"" + OPC + "\"")),
                        "simgate.slots[0].simcard.k: must be 32 hex characters (16 bytes)"),
                Arguments.of("k with a non-hex character",
                        oneSlot(card("k = \"" + K.substring(0, 31) + "g\", opc = \"" + OPC + "\"")),
                        "simgate.slots[0].simcard.k: must be hex (0-9, a-f)"),
                Arguments.of("both op and opc",
                        oneSlot(card("k = \"" + K + "\", op = \"" + OP + "\", opc = \"" + OPC + "\"")),
                        "simgate.slots[0].simcard.op: set either op or opc, not both"),
                Arguments.of("neither op nor opc",
                        oneSlot(card("k = \"" + K + "\"")),
                        "simgate.slots[0].simcard.opc: missing (or set op)"),
                Arguments.of("op not hex",
                        oneSlot(card("k = \"" + K + "\", op = \"" + OP.substring(0, 31) + "x\"")),
                        "simgate.slots[0].simcard.op: must be hex (0-9, a-f)"),
                Arguments.of("imsi with letters",
                        oneSlot("imsi = \"00101000000000A\", iccid = \"8988211000000000011\", k = \"" + K
                                + "\", opc = \"" + OPC + "\""),
                        "simgate.slots[0].simcard.imsi: must be 6 to 15 decimal digits"),
                Arguments.of("imsi with digits that are not ASCII",
                        oneSlot("imsi = \"00101000000000\u0661\", iccid = \"8988211000000000011\", k = \"" + K
                                + "\", opc = \"" + OPC + "\""),
                        "simgate.slots[0].simcard.imsi: must be 6 to 15 decimal digits"),
                Arguments.of("iccid too short",
                        oneSlot("imsi = \"001010000000001\", iccid = \"89882110\", k = \"" + K + "\", opc = \"" + OPC
                                + "\""),
                        "simgate.slots[0].simcard.iccid: must be 18 to 20 decimal digits"),
                Arguments.of("duplicate slot id",
                        "simgate.slots = [\n"
                                + " { id = 0, transport = simcard, simcard { " + card("k = \"" + K + "\", opc = \"" + OPC
                                + "\"") + " } }\n"
                                + " { id = 0, transport = simcard, simcard { " + card("k = \"" + K + "\", opc = \"" + OPC
                                + "\"") + " } }\n"
                                + "]\n",
                        "simgate.slots[1].id: slot 0 is defined twice"),
                Arguments.of("slots not a list",
                        "simgate.slots = 5\n",
                        "simgate.slots: must be a list of slot objects [ { id = 0, … } ]"),
                Arguments.of("queue size 0",
                        "simgate.slot-defaults.queue-size = 0\n",
                        "simgate.slot-defaults.queue-size: must be between 1 and 100000"),
                Arguments.of("port out of range",
                        "simgate.http.port = 70000\n",
                        "simgate.http.port: must be between 0 and 65535"),
                Arguments.of("port not a number",
                        "simgate.https.port = https\n",
                        "simgate.https.port: must be a whole number"),
                Arguments.of("bad duration",
                        "simgate.rest.idle-timeout = soon\n",
                        "simgate.rest.idle-timeout: must be a duration such as 500ms or 10s"),
                Arguments.of("negative duration",
                        "simgate.slots = [ { id = 0, transport = simcard, operation-timeout = -1s, simcard { "
                                + card("k = \"" + K + "\", opc = \"" + OPC + "\"") + " } } ]\n",
                        "simgate.slots[0].operation-timeout: must be a positive duration"),
                Arguments.of("body limit beyond 1M",
                        "simgate.rest.max-body = 10M\n",
                        "simgate.rest.max-body: must be between 64 and 1048576 bytes"),
                Arguments.of("cert without key",
                        "simgate.https.cert = \"/etc/simgate/cert.pem\"\n",
                        "simgate.https.key: cert and key go together: set both or neither"),
                Arguments.of("key without cert",
                        "simgate.https.key = \"/etc/simgate/key.pem\"\n",
                        "simgate.https.cert: cert and key go together: set both or neither"),
                Arguments.of("flag not a boolean",
                        "simgate.http.enabled = maybe\n",
                        "simgate.http.enabled: must be true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void aBadConfigIsOneLineNamingTheKeyAndNeverItsValue(String what, String hocon, String expected) {
        ConfigError e = assertThrows(ConfigError.class, () -> load(hocon));

        assertEquals(expected, ConfigMessages.withoutLocation(e));
        assertSecretsAbsent(e.getMessage());
    }

    @Test
    void anUnknownTransportIsNamedWithWhatIsKnown() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(
                "simgate.slots = [ { id = 0, transport = carrier-pigeon } ]\n"));

        assertTrue(ConfigMessages.withoutLocation(e).startsWith(
                        "simgate.slots[0].transport: unknown transport 'carrier-pigeon' (known: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(SlotConfig.SIMCARD), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aSyntaxErrorNamesTheFileOnOneLineWithoutTheValue() {
        // the file ends inside the quoted key
        ConfigError e = assertThrows(ConfigError.class, () -> load(
                "simgate.slots = [ { id = 0, transport = simcard, simcard { k = \"" + K));

        assertTrue(e.getMessage().startsWith(dir.resolve("simgate.conf") + ":1: "), e.getMessage());
        assertSecretsAbsent(e.getMessage());
    }

    @Test
    void aSubstitutionWithNoValueIsAConfigErrorNamingIt() {
        ConfigError e = assertThrows(ConfigError.class, () -> load(
                "simgate.slots = [ { id = 0, transport = simcard, simcard { "
                        + card("k = ${SIMGATE_TEST_UNSET_K}, opc = \"" + OPC + "\"") + " } } ]\n"));

        assertTrue(e.getMessage().contains("${SIMGATE_TEST_UNSET_K}"), e.getMessage());
        assertSecretsAbsent(e.getMessage());
    }

    @Test
    void aSectionOfTheWrongTypeIsAConfigErrorNamingIt() {
        ConfigError e = assertThrows(ConfigError.class, () -> load("simgate.slot-defaults = 5\n"));

        assertTrue(e.getMessage().contains("simgate.slot-defaults"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static void assertSecretsAbsent(String message) {
        assertFalse(message.contains("\n"), "one line: " + message);
        String lower = message.toLowerCase();
        for (String secret : List.of(K, OP, OPC)) {
            // not the value, nor any recognisable part of it
            for (int i = 0; i + 8 <= secret.length(); i += 4) {
                assertFalse(lower.contains(secret.substring(i, i + 8)), "the message shows key material: " + message);
            }
        }
    }

    private static SimcardConfig simcard(SlotConfig slot) {
        return (SimcardConfig) slot.card();
    }
}
