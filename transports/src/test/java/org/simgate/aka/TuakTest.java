package org.simgate.aka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.simgate.aka.Vectors.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.transport.Hex;

/** Every function of TUAK against TS 35.233 test sets 1..6, and Keccak-p[1600] against TS 35.232's sets. */
class TuakTest {

    static List<JsonNode> sets() {
        List<JsonNode> sets = new ArrayList<>();
        Vectors.file("tuak_35233.json").get("test_sets").forEach(sets::add);
        return sets;
    }

    static Stream<Arguments> testSets() {
        return sets().stream().map(v -> Arguments.of(v.get("name").asText(), v));
    }

    static Stream<Arguments> permutationSets() {
        List<Arguments> sets = new ArrayList<>();
        Vectors.file("tuak_35233.json").get("keccak_p1600_permutation_sets").get("sets")
                .forEach(v -> sets.add(Arguments.of(v.get("name").asText(), v)));
        return sets.stream();
    }

    @Test
    void allSixTestSetsArePresent() {
        assertEquals(6, sets().size());
        assertEquals(6, permutationSets().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permutationSets")
    void keccakP1600(String name, JsonNode v) {
        byte[] state = bytes(v, "input");
        KeccakP1600.permute(state, 1);
        assertHex(v, "output", state);
    }

    @ParameterizedTest(name = "{0}: TOPc from TOP")
    @MethodSource("testSets")
    void topc(String name, JsonNode v) {
        assertHex(v, "topc", Tuak.topcFromTop(bytes(v, "k"), bytes(v, "top"), v.get("keccak_iterations").asInt()));
    }

    @ParameterizedTest(name = "{0}: f1 (MAC-A)")
    @MethodSource("testSets")
    void f1(String name, JsonNode v) {
        assertHex(v, "f1_mac_a", tuak(v).f1(bytes(v, "rand"), bytes(v, "sqn"), bytes(v, "amf")));
    }

    @ParameterizedTest(name = "{0}: f1* (MAC-S)")
    @MethodSource("testSets")
    void f1star(String name, JsonNode v) {
        assertHex(v, "f1star_mac_s", tuak(v).f1star(bytes(v, "rand"), bytes(v, "sqn"), bytes(v, "amf")));
    }

    @ParameterizedTest(name = "{0}: f2..f5 (RES, CK, IK, AK)")
    @MethodSource("testSets")
    void f2345(String name, JsonNode v) {
        AkaOutput out = tuak(v).f2345(bytes(v, "rand"));
        assertHex(v, "f2_res", out.res());
        assertHex(v, "f3_ck", out.ck());
        assertHex(v, "f4_ik", out.ik());
        assertHex(v, "f5_ak", out.ak());
    }

    @ParameterizedTest(name = "{0}: f5* (AK for AUTS)")
    @MethodSource("testSets")
    void f5star(String name, JsonNode v) {
        assertHex(v, "f5star_ak", tuak(v).f5star(bytes(v, "rand")));
    }

    @ParameterizedTest(name = "{0}: from TOP as from TOPc")
    @MethodSource("testSets")
    void topAndTopcAgree(String name, JsonNode v) {
        Tuak fromTop = Tuak.withTop(bytes(v, "k"), bytes(v, "top"), lengths(v), v.get("keccak_iterations").asInt());
        assertHex(v, "f2_res", fromTop.f2345(bytes(v, "rand")).res());
    }

    @Test
    void refusesSizesTuakDoesNotHave() {
        assertThrows(IllegalArgumentException.class, () -> new Tuak.Lengths(32, 64, 128, 128));
        assertThrows(IllegalArgumentException.class, () -> new Tuak.Lengths(64, 16, 128, 128));
        assertThrows(IllegalArgumentException.class, () -> new Tuak.Lengths(64, 64, 192, 128));
        byte[] topc = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> Tuak.withTopc(new byte[24], topc, Tuak.Lengths.DEFAULT, 1));
        assertThrows(IllegalArgumentException.class, () -> Tuak.withTopc(new byte[16], topc, Tuak.Lengths.DEFAULT, 0));
    }

    @Test
    void toStringShowsNoKey() {
        JsonNode v = sets().get(0);
        String text = tuak(v).toString();
        assertFalse(text.toLowerCase().contains(v.get("k").asText()));
        assertFalse(text.toLowerCase().contains(v.get("topc").asText()));
    }

    static Tuak tuak(JsonNode v) {
        return Tuak.withTopc(bytes(v, "k"), bytes(v, "topc"), lengths(v), v.get("keccak_iterations").asInt());
    }

    static Tuak.Lengths lengths(JsonNode v) {
        JsonNode bits = v.get("lengths_bits");
        return new Tuak.Lengths(bits.get("MAC").asInt(), bits.get("RES").asInt(), bits.get("CK").asInt(),
                bits.get("IK").asInt());
    }

    private static void assertHex(JsonNode v, String field, byte[] actual) {
        assertArrayEquals(bytes(v, field), actual, () -> field + ": expected " + v.get(field).asText()
                + ", got " + Hex.lower(actual));
    }
}
