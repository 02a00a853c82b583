package org.simgate.transport.simcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.aka.Vectors.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.AutsRejectedException;
import org.simgate.aka.Tuak;
import org.simgate.aka.Vectors;
import org.simgate.transport.Bytes;

/**
 * A software card personalised with TUAK answers AUTHENTICATE with RES, CK and IK at the lengths of
 * its personalisation: each TS 35.233 set's K, TOPc, sizes and iterations, challenged with the set's
 * RAND, SQN and AMF by an {@link AuthenticationCentre} running TUAK, answers the set's own values.
 */
class TuakCardTest {

    static Stream<Arguments> testSets() {
        List<Arguments> sets = new ArrayList<>();
        Vectors.file("tuak_35233.json").get("test_sets").forEach(v -> sets.add(Arguments.of(v.get("name").asText(), v)));
        return sets.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void answersTheTestSetsRes_Ck_IkAtItsLengths(String name, JsonNode v) throws IOException {
        AkaKeys.TuakKeys keys = keys(v);
        CardSession card = new CardSession(new SoftUicc(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys)
                .withSqnCheck(false)));
        AuthenticationVector vector = new AuthenticationCentre(keys.algorithm())
                .generate(bytes(v, "rand"), AuthenticationCentre.sqnValue(bytes(v, "sqn")), bytes(v, "amf"));
        // AUTN = SQN ⊕ AK ‖ AMF ‖ the first 64 bits of MAC-A
        assertEquals(Bytes.text(xor(bytes(v, "sqn"), bytes(v, "f5_ak"))) + Bytes.text(bytes(v, "amf"))
                + Bytes.text(Arrays.copyOf(bytes(v, "f1_mac_a"), 8)), Bytes.text(vector.autn()));

        card.selectUsim();
        byte[] answer = card.authenticate(TestCard.authenticate(Bytes.text(vector.rand()), Bytes.text(vector.autn())));

        byte[] res = bytes(v, "f2_res");
        byte[] ck = bytes(v, "f3_ck");
        byte[] ik = bytes(v, "f4_ik");
        boolean convertible = res.length <= 16 && ck.length == 16 && ik.length == 16;
        String expected = "DB" + lv(res) + lv(ck) + lv(ik)
                + (convertible ? "08" + Bytes.text(org.simgate.aka.GsmConversion.c3(ck, ik)) : "");
        assertEquals(expected, Bytes.text(answer));
    }

    @ParameterizedTest(name = "{0}: AUTS from a TUAK card resynchronises the TUAK network")
    @MethodSource("testSets")
    void synchronisationFailureCarriesAutsTheNetworkVerifies(String name, JsonNode v)
            throws IOException, AutsRejectedException {
        AkaKeys.TuakKeys keys = keys(v);
        CardSession card = new CardSession(new SoftUicc(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys)));
        AuthenticationCentre centre = new AuthenticationCentre(keys.algorithm());
        byte[] amf = bytes(v, "amf");
        card.selectUsim();
        AuthenticationVector first = centre.generate(bytes(v, "rand"), 0x41, amf);
        card.authenticate(TestCard.authenticate(Bytes.text(first.rand()), Bytes.text(first.autn())));
        byte[] replay = card.authenticate(TestCard.authenticate(Bytes.text(first.rand()), Bytes.text(first.autn())));
        assertEquals("DC0E", Bytes.text(Arrays.copyOf(replay, 2)));
        long sqnMs = centre.resynchronise(first.rand(), Arrays.copyOfRange(replay, 2, 16));
        assertEquals(0x41, sqnMs);
    }

    @Test
    void wrongMacIs9862() throws IOException {
        JsonNode v = Vectors.file("tuak_35233.json").get("test_sets").get(0);
        CardSession card = new CardSession(new SoftUicc(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys(v))));
        // a Milenage network's AUTN never verifies on a TUAK card
        String autn = TestCard.autn(TestCard.RAND, 0x21, TestCard.AMF);
        card.selectUsim();
        card.exchange(TestCard.authenticate(TestCard.RAND, autn), "9862");
    }

    @Test
    void gsmContextOnlyWhereC2AndC3AreDefined() throws IOException {
        List<JsonNode> sets = new ArrayList<>();
        Vectors.file("tuak_35233.json").get("test_sets").forEach(sets::add);
        // set 1: 32-bit RES, 128-bit CK and IK: SRES = c2(RES), Kc = c3(CK, IK)
        JsonNode one = sets.get(0);
        CardSession card = new CardSession(new SoftUicc(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys(one))));
        card.selectUsim();
        card.exchange("00880080 11 10" + one.get("rand").asText(), "61 0E");
        card.exchange("00C00000 0E", "04" + Bytes.text(org.simgate.aka.GsmConversion.c2(bytes(one, "f2_res")))
                + "08" + Bytes.text(org.simgate.aka.GsmConversion.c3(bytes(one, "f3_ck"), bytes(one, "f4_ik"))) + "9000");
        // set 5: 256-bit RES and CK, which c2 and c3 are not defined for
        JsonNode five = sets.get(4);
        CardSession wide = new CardSession(new SoftUicc(SimcardProfile.of(TestCard.IMSI, TestCard.ICCID, keys(five))));
        wide.selectUsim();
        wide.exchange("00880080 11 10" + five.get("rand").asText(), "9864");
    }

    static AkaKeys.TuakKeys keys(JsonNode v) {
        JsonNode bits = v.get("lengths_bits");
        Tuak.Lengths lengths = new Tuak.Lengths(bits.get("MAC").asInt(), bits.get("RES").asInt(),
                bits.get("CK").asInt(), bits.get("IK").asInt());
        return AkaKeys.TuakKeys.withTop(bytes(v, "k"), bytes(v, "top"), lengths, v.get("keccak_iterations").asInt());
    }

    private static String lv(byte[] value) {
        return String.format("%02X", value.length) + Bytes.text(value);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
