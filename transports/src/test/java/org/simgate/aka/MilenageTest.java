package org.simgate.aka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.aka.Vectors.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.transport.Hex;

/** Every function of MILENAGE against every conformance test set of TS 35.208 (sets 1..20). */
class MilenageTest {

    static Stream<Arguments> testSets() {
        return Vectors.milenageSets().stream().map(v -> Arguments.of(v.get("test_set").asInt(), v));
    }

    @Test
    void allTwentyTestSetsArePresent() {
        assertEquals(20, Vectors.milenageSets().size());
        for (int n = 1; n <= 20; n++) {
            Vectors.milenageSet(n);
        }
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: OPc = OP xor E_K(OP)")
    @MethodSource("testSets")
    void opcFromOp(int set, JsonNode v) {
        assertHex(v, "opc", Milenage.opcFromOp(bytes(v, "k"), bytes(v, "op")));
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f1 (MAC-A)")
    @MethodSource("testSets")
    void f1(int set, JsonNode v) {
        assertHex(v, "f1_mac_a", milenage(v).f1(bytes(v, "rand"), bytes(v, "sqn"), bytes(v, "amf")));
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f1* (MAC-S)")
    @MethodSource("testSets")
    void f1star(int set, JsonNode v) {
        assertHex(v, "f1star_mac_s", milenage(v).f1star(bytes(v, "rand"), bytes(v, "sqn"), bytes(v, "amf")));
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f2 (RES)")
    @MethodSource("testSets")
    void f2(int set, JsonNode v) {
        assertHex(v, "f2_res", milenage(v).f2345(bytes(v, "rand")).res());
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f3 (CK)")
    @MethodSource("testSets")
    void f3(int set, JsonNode v) {
        assertHex(v, "f3_ck", milenage(v).f2345(bytes(v, "rand")).ck());
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f4 (IK)")
    @MethodSource("testSets")
    void f4(int set, JsonNode v) {
        assertHex(v, "f4_ik", milenage(v).f2345(bytes(v, "rand")).ik());
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f5 (AK)")
    @MethodSource("testSets")
    void f5(int set, JsonNode v) {
        assertHex(v, "f5_ak", milenage(v).f2345(bytes(v, "rand")).ak());
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: f5* (AK for AUTS)")
    @MethodSource("testSets")
    void f5star(int set, JsonNode v) {
        assertHex(v, "f5star_ak_resync", milenage(v).f5star(bytes(v, "rand")));
    }

    @ParameterizedTest(name = "TS 35.208 set {0}: from OP gives the same as from OPc")
    @MethodSource("testSets")
    void withOpEqualsWithOpc(int set, JsonNode v) {
        Milenage fromOp = Milenage.withOp(bytes(v, "k"), bytes(v, "op"));
        assertArrayEquals(milenage(v).f2345(bytes(v, "rand")).res(), fromOp.f2345(bytes(v, "rand")).res());
    }

    private static Milenage milenage(JsonNode v) {
        return Milenage.withOpc(bytes(v, "k"), bytes(v, "opc"));
    }

    private static void assertHex(JsonNode v, String field, byte[] actual) {
        assertEquals(v.get(field).asText().toLowerCase(), Hex.lower(actual), field);
    }
}
