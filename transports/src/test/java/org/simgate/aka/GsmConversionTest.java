package org.simgate.aka;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * c2 and c3 (TS 33.102 §6.8.1.2) against the TS 55.205 GSM-MILENAGE sets. c2 is the TS 33.102
 * function, the xor of RES's 32-bit words (the file's "sres_func1"), not the first 32 bits of RES.
 */
class GsmConversionTest {

    static Stream<Arguments> testSets() {
        List<Arguments> sets = new ArrayList<>();
        Vectors.file("gsm_c2c3.json").get("test_sets")
                .forEach(v -> sets.add(Arguments.of(v.get("ts55205_test_set").asInt(), v)));
        return sets.stream();
    }

    @Test
    void allNineteenSetsArePresent() {
        assertEquals(19, testSets().count());
    }

    @ParameterizedTest(name = "TS 55.205 set {0}: SRES = c2(RES)")
    @MethodSource("testSets")
    void c2(int set, JsonNode v) {
        assertEquals(v.get("sres_func1_c2_xor").asText(), Hex.lower(GsmConversion.c2(bytes(v, "res_from_35208"))));
    }

    @ParameterizedTest(name = "TS 55.205 set {0}: Kc = c3(CK, IK)")
    @MethodSource("testSets")
    void c3(int set, JsonNode v) {
        assertEquals(v.get("kc_c3").asText(),
                Hex.lower(GsmConversion.c3(bytes(v, "ck_from_35208"), bytes(v, "ik_from_35208"))));
    }

    @ParameterizedTest(name = "TS 55.205 set {0}: Ki, RAND, OPc through MILENAGE to SRES and Kc")
    @MethodSource("testSets")
    void endToEnd(int set, JsonNode v) {
        AkaOutput out = Milenage.withOpc(bytes(v, "ki"), bytes(v, "opc")).f2345(bytes(v, "rand"));
        assertEquals(v.get("sres_func1_c2_xor").asText(), Hex.lower(GsmConversion.c2(out.res())));
        assertEquals(v.get("kc_c3").asText(), Hex.lower(GsmConversion.c3(out.ck(), out.ik())));
    }

    @Test
    void libosmocoreExample() {
        JsonNode v = Vectors.file("gsm_c2c3.json").get("libosmocore_end_to_end_example");
        AkaOutput out = Milenage.withOpc(bytes(v, "k"), bytes(v, "opc")).f2345(bytes(v, "rand"));
        assertEquals(v.get("res").asText(), Hex.lower(out.res()));
        assertEquals(v.get("sres_c2").asText(), Hex.lower(GsmConversion.c2(out.res())));
        assertEquals(v.get("kc_c3").asText(), Hex.lower(GsmConversion.c3(out.ck(), out.ik())));
    }
}
