package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Tuak;
import org.simgate.transport.Hex;

/** {@code algorithm = milenage | tuak} and the TUAK keys of a simcard slot. */
class SimcardAlgorithmConfigTest {
    // TS 35.233 test set 2 (256-bit K) and set 1 (128-bit K): public values used as secrets here
    private static final String K256 = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0";
    private static final String TOP = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
    private static final String TOPC = "305425427e18c503c8a4b294ea72c95d0c36c6c6b29d0c65de5974d5977f8524";
    private static final String K128 = "abababababababababababababababab";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";

    @TempDir
    Path dir;

    private SimcardConfig load(String simcardBody) throws IOException {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, "simgate.slots = [ { id = 0, transport = simcard, simcard { imsi = \"001010000000001\","
                + " iccid = \"8988211000000000011\", " + simcardBody + " } } ]\n");
        return (SimcardConfig) GatewayConfig.load(file).slots().get(0).card();
    }

    @Test
    void milenageIsTheDefault() throws IOException {
        SimcardConfig card = load("k = \"" + K128 + "\", opc = \"" + OPC + "\"");
        assertInstanceOf(AkaKeys.MilenageKeys.class, card.keys());
        assertEquals(OPC, Hex.lower(card.opc()));
    }

    @Test
    void tuakWithTopAndEveryLength() throws IOException {
        SimcardConfig card = load("algorithm = tuak, k = \"" + K256 + "\", top = \"" + TOP + "\", mac-length = 128,"
                + " res-length = 256, ck-ik-length = 256, keccak-iterations = 2");
        AkaKeys.TuakKeys tuak = assertInstanceOf(AkaKeys.TuakKeys.class, card.keys());
        assertEquals(new Tuak.Lengths(128, 256, 256, 256), tuak.lengths());
        assertEquals(2, tuak.iterations());
        assertArrayEquals(Tuak.topcFromTop(Hex.decode(K256), Hex.decode(TOP), 2), tuak.topc());
        assertEquals(K256, Hex.lower(card.k()));
        assertNull(card.opc());
        assertEquals(tuak, card.profile().keys());
    }

    @Test
    void tuakDefaultsAreTheSizesNetworksUseToday() throws IOException {
        SimcardConfig card = load("algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC + "\"");
        AkaKeys.TuakKeys tuak = (AkaKeys.TuakKeys) card.keys();
        assertEquals(Tuak.Lengths.DEFAULT, tuak.lengths());
        assertEquals(1, tuak.iterations());
        assertEquals(TOPC, Hex.lower(tuak.topc()));
    }

    static Stream<Arguments> badConfigs() {
        String simcard = "simgate.slots[0].simcard.";
        return Stream.of(
                Arguments.of("unknown algorithm", "algorithm = comp128, k = \"" + K128 + "\", opc = \"" + OPC + "\"",
                        simcard + "algorithm: must be milenage or tuak"),
                Arguments.of("TUAK key on a Milenage card", "k = \"" + K128 + "\", opc = \"" + OPC + "\", res-length = 32",
                        simcard + "res-length: only for algorithm = tuak"),
                Arguments.of("OPc on a TUAK card", "algorithm = tuak, k = \"" + K128 + "\", opc = \"" + OPC + "\"",
                        simcard + "opc: only for algorithm = milenage (TUAK takes top or topc)"),
                Arguments.of("K of 24 bytes", "algorithm = tuak, k = \"" + K256.substring(0, 48) + "\", topc = \"" + TOPC + "\"",
                        simcard + "k: must be 32 or 64 hex characters (16 or 32 bytes)"),
                Arguments.of("K not hex", "algorithm = tuak, k = \"" + K128.substring(0, 31) + "x\", topc = \"" + TOPC + "\"",
                        simcard + "k: must be hex (0-9, a-f)"),
                Arguments.of("TOPc of 16 bytes", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + OPC + "\"",
                        simcard + "topc: must be 64 hex characters (32 bytes)"),
                Arguments.of("both top and topc", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC
                        + "\", top = \"" + TOP + "\"", simcard + "top: set either top or topc, not both"),
                Arguments.of("neither top nor topc", "algorithm = tuak, k = \"" + K128 + "\"",
                        simcard + "topc: missing (or set top)"),
                Arguments.of("MAC of 32 bits", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC + "\", mac-length = 32",
                        simcard + "mac-length: must be 64, 128 or 256 (bits)"),
                Arguments.of("RES of 48 bits", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC + "\", res-length = 48",
                        simcard + "res-length: must be 32, 64, 128 or 256 (bits)"),
                Arguments.of("CK/IK of 192 bits", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC
                        + "\", ck-ik-length = 192", simcard + "ck-ik-length: must be 128 or 256 (bits)"),
                Arguments.of("no iterations", "algorithm = tuak, k = \"" + K128 + "\", topc = \"" + TOPC
                        + "\", keccak-iterations = 0", simcard + "keccak-iterations: must be between 1 and 255"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void aBadAlgorithmConfigIsOneLineNamingTheKeyAndNeverItsValue(String what, String body, String expected) {
        ConfigError e = assertThrows(ConfigError.class, () -> load(body));
        assertEquals(expected, ConfigMessages.withoutLocation(e));
        for (String secret : List.of(K256, TOP, TOPC, K128, OPC)) {
            for (int i = 0; i + 8 <= secret.length(); i += 8) {
                assertFalse(e.getMessage().contains(secret.substring(i, i + 8)), e.getMessage());
            }
        }
    }

    @Test
    void toStringShowsNoTuakKey() throws IOException {
        SimcardConfig card = load("algorithm = tuak, k = \"" + K256 + "\", topc = \"" + TOPC + "\"");
        String text = card.toString() + card.profile();
        assertFalse(text.contains(K256.substring(0, 16)), text);
        assertFalse(text.contains(TOPC.substring(0, 16)), text);
    }
}
