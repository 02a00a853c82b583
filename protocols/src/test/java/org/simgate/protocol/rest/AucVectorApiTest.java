package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AucTriplet;
import org.simgate.service.AucVector;

/** {@code POST /auc-api/v1/vectors}, request and answer bytes, over a stub AuC. */
class AucVectorApiTest {
    private static final HexFormat HEX = HexFormat.of();
    static final String IMSI = "001010000000001";

    final List<String> calls = new ArrayList<>();
    AucException next;

    final AucService auc = new AucService() {
        @Override
        public CompletableFuture<AucVector> vector(String imsi, String servingNetworkName) {
            calls.add("vector " + imsi + " " + servingNetworkName);
            if (next != null) {
                return CompletableFuture.failedFuture(next);
            }
            if (!IMSI.equals(imsi)) {
                return CompletableFuture.failedFuture(new AucException(AucException.Kind.UNKNOWN_SUBSCRIBER,
                        "no subscriber with IMSI " + imsi));
            }
            return CompletableFuture.completedFuture(new AucVector(fill(1, 16), fill(2, 16), fill(3, 8), fill(4, 16),
                    fill(5, 16), servingNetworkName == null ? null : fill(6, 16),
                    servingNetworkName == null ? null : fill(7, 32)));
        }

        @Override
        public CompletableFuture<Void> resynchronise(String imsi, byte[] rand, byte[] auts) {
            calls.add("resync " + imsi + " " + HEX.formatHex(rand) + " " + HEX.formatHex(auts));
            return next != null ? CompletableFuture.failedFuture(next) : CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<AucTriplet>> triplets(String imsi, int count) {
            throw new UnsupportedOperationException();
        }
    };

    private EmbeddedRest.Answer post(String body) {
        return new EmbeddedRest(new FakeSimService(), auc).send(EmbeddedRest.post("/auc-api/v1/vectors", body)).answer();
    }

    @Test
    void aVectorIsRandAutnXresCkIkInLowercaseHex() {
        EmbeddedRest.Answer answer = post("{\"imsi\":\"" + IMSI + "\"}");
        assertEquals(200, answer.status());
        assertEquals("{\"rand\":\"" + "01".repeat(16) + "\",\"autn\":\"" + "02".repeat(16) + "\",\"xres\":\""
                + "03".repeat(8) + "\",\"ck\":\"" + "04".repeat(16) + "\",\"ik\":\"" + "05".repeat(16) + "\"}", answer.body());
    }

    @Test
    void aServingNetworkNameAddsXresStarAndKausf() {
        EmbeddedRest.Answer answer = post("{\"imsi\":\"" + IMSI + "\",\"serving_network_name\":\"5G:mnc001.mcc001.3gppnetwork.org\"}");
        assertEquals(200, answer.status());
        assertTrue(answer.body().endsWith(",\"xres_star\":\"" + "06".repeat(16) + "\",\"kausf\":\"" + "07".repeat(32)
                + "\"}"), answer.body());
        assertEquals(List.of("vector " + IMSI + " 5G:mnc001.mcc001.3gppnetwork.org"), calls);
    }

    @Test
    void resyncComesBeforeTheVector() {
        String rand = "00112233445566778899aabbccddeeff";
        String auts = "0123456789abcdef0123456789ab";
        assertEquals(200, post("{\"imsi\":\"" + IMSI + "\",\"resync\":{\"rand\":\"" + rand + "\",\"auts\":\"" + auts + "\"}}")
                .status());
        assertEquals(List.of("resync " + IMSI + " " + rand + " " + auts, "vector " + IMSI + " null"), calls);
    }

    @Test
    void anUnknownImsiIs404() {
        EmbeddedRest.Answer answer = post("{\"imsi\":\"001019999999999\"}");
        assertEquals(404, answer.status());
        assertEquals("{\"error\":{\"message\":\"no subscriber with IMSI 001019999999999\"}}", answer.body());
    }

    @Test
    void autsWhoseMacSFailsIs400AndNoVectorIsMade() {
        next = new AucException(AucException.Kind.AUTS_REJECTED, "IMSI " + IMSI + ": MAC-S in AUTS does not verify");
        EmbeddedRest.Answer answer = post("{\"imsi\":\"" + IMSI + "\",\"resync\":{\"rand\":\"" + "00".repeat(16)
                + "\",\"auts\":\"" + "00".repeat(14) + "\"}}");
        assertEquals(400, answer.status());
        assertEquals(1, calls.size(), "no vector after a refused AUTS: " + calls);
    }

    @Test
    void anAucThatCannotKeepItsStateIs503WithoutDetails() {
        next = new AucException(AucException.Kind.UNAVAILABLE, "IMSI x: disk full at /var/lib/simgate/auc.sqn");
        EmbeddedRest.Answer answer = post("{\"imsi\":\"" + IMSI + "\"}");
        assertEquals(503, answer.status());
        assertEquals("{\"error\":{\"message\":\"the AuC cannot make vectors now\"}}", answer.body());
    }

    @Test
    void withoutAnAucTheApiIsNotThere() {
        EmbeddedRest.Answer answer = new EmbeddedRest(new FakeSimService())
                .send(EmbeddedRest.post("/auc-api/v1/vectors", "{\"imsi\":\"" + IMSI + "\"}")).answer();
        assertEquals(404, answer.status());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                   | imsi: must be 5 to 15 digits",
        "{\"imsi\":1010}                                      | imsi: must be 5 to 15 digits",
        "[]                                                   | body must be a JSON object",
        "{\"imsi\":\"001010000000001\",\"k\":\"00\"}          | body: only imsi, resync and serving_network_name are known",
        "{\"imsi\":\"001010000000001\",\"resync\":{\"rand\":\"00\"}} | resync.rand: must be 16 bytes of hex",
        "{\"imsi\":\"001010000000001\",\"resync\":{\"rand\":\"00112233445566778899aabbccddeeff\"}} | resync.auts: must be 14 bytes of hex",
        "{\"imsi\":\"001010000000001\",\"serving_network_name\":\"5G:mnc01.mcc001.3gppnetwork.org\"} | serving_network_name: the MNC has 2 digits: the serving network name pads it to 3 with a leading zero (TS 24.501 §9.12.1), so write 5G:mnc001.mcc001.3gppnetwork.org",
    })
    void badRequestsAre400NamingTheField(String body, String message) {
        EmbeddedRest.Answer answer = post(body.trim());
        assertEquals(400, answer.status());
        assertEquals("{\"error\":{\"message\":\"" + message.trim() + "\"}}", answer.body());
        assertTrue(calls.isEmpty(), "refused before the AuC");
    }

    static byte[] fill(int value, int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
