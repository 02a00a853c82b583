package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;
import static org.simgate.protocol.rest.SimAuthApiTest.assertError;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;

/** sim-info, apdu-api, health, slots and unknown paths. */
class OtherApisTest {
    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    @Test
    void simInfoAnswersImsiIccidAtrAndApplications() {
        EmbeddedRest.Answer answer = rest.send(get("/sim-info-api/v1/slot/1")).answer();

        assertEquals(200, answer.status());
        assertEquals("{\"imsi\":\"001010123456063\",\"iccid\":\"8988211000000123456\","
                + "\"atr\":\"3b9f96801fc78031a073be21136743200718000001a5\",\"applications\":[\"USIM\",\"ISIM\"]}",
                answer.body());
        assertEquals(1, service.lastCall().slot());
    }

    @Test
    void simInfoLeavesOutWhatIsNotKnown() {
        service.cardInfo = new CardInfo(null, "8988211000000123456", null, null);

        assertEquals("{\"imsi\":null,\"iccid\":\"8988211000000123456\"}",
                rest.send(get("/sim-info-api/v1/slot/0")).answer().body());
    }

    @Test
    void simInfoErrors() {
        assertError(404, "no slot 2", rest.send(get("/sim-info-api/v1/slot/2")).answer());
        assertError(400, "bad slot number", rest.send(get("/sim-info-api/v1/slot/1a")).answer());
        EmbeddedRest.Answer post = rest.send(post("/sim-info-api/v1/slot/0", "{}")).answer();
        assertError(405, "method not allowed, use GET", post);
        assertEquals("GET", post.header("Allow"));
        service.failure = new SlotException(SlotException.Kind.NO_CARD, "no card");
        assertError(410, "no card", rest.send(get("/sim-info-api/v1/slot/0")).answer());
    }

    @Test
    void apduApiRunsTheListAsOneTransactionAndAnswersUppercase() {
        service.rapdus = List.of(FakeSimService.HEX.parseHex("9000"), FakeSimService.HEX.parseHex("082986609410005040ab9000"));

        EmbeddedRest.Answer answer = rest.send(post("/apdu-api/v1/slot/0",
                "{\"apdus\":[\"00a40004023f00\",\"00B0000009\"]}")).answer();

        assertEquals(200, answer.status());
        assertEquals("{\"responses\":[\"9000\",\"082986609410005040AB9000\"]}", answer.body());
        FakeSimService.Call call = service.lastCall();
        assertEquals("transmit", call.operation());
        assertEquals(2, call.apdus().size());
        assertArrayEquals(FakeSimService.HEX.parseHex("00a40004023f00"), call.apdus().get(0));
        assertArrayEquals(FakeSimService.HEX.parseHex("00b0000009"), call.apdus().get(1));
    }

    @Test
    void apduApiRefusesBadLists() {
        String tooMany = IntStream.range(0, RequestBodies.MAX_APDUS + 1).mapToObj(i -> "\"00B00000\"")
                .collect(Collectors.joining(",", "{\"apdus\":[", "]}"));
        assertError(400, "too many apdus (at most 64)", rest.send(post("/apdu-api/v1/slot/0", tooMany)).answer());
        assertError(400, "apdus is empty", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[]}")).answer());
        assertError(400, "missing apdus", rest.send(post("/apdu-api/v1/slot/0", "{\"apdu\":[\"00B00000\"]}")).answer());
        assertError(400, "apdu 1 has an odd number of hex digits (an APDU is whole bytes)",
                rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00B00000\",\"00B0000\"]}")).answer());
        assertError(400, "apdu 0 is not hex", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00B0000x\"]}")).answer());
        assertError(400, "apdu 0 is not hex", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00 B0 00 00\"]}")).answer());
        assertError(400, "apdu 0 is shorter than 4 bytes", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00B000\"]}")).answer());
        assertError(400, "apdus must be a list of hex strings", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":\"00B00000\"}")).answer());
        assertError(400, "apdus must be a list of hex strings", rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[1]}")).answer());
        assertTrue(service.calls.isEmpty());
        assertError(405, "method not allowed, use POST", rest.send(get("/apdu-api/v1/slot/0")).answer());
    }

    @Test
    void apduApiForbiddenIs403() {
        service.failure = new SlotException(SlotException.Kind.FORBIDDEN, "raw APDUs are off for this slot");

        assertError(403, "raw APDUs are off for this slot",
                rest.send(post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00B00000\"]}")).answer());
    }

    @Test
    void healthSaysOk() {
        EmbeddedRest.Answer answer = rest.send(get("/health")).answer();

        assertEquals(200, answer.status());
        assertEquals("{\"status\":\"ok\"}", answer.body());
        assertEquals("application/json", answer.header("Content-Type"));
        assertEquals("15", answer.header("Content-Length"));
        assertEquals("GET", rest.send(post("/health", "")).answer().header("Allow"));
    }

    @Test
    void slotsListsEverySlotInSnakeCase() {
        EmbeddedRest.Answer answer = rest.send(get("/api/v1/slots")).answer();

        assertEquals(200, answer.status());
        assertEquals("{\"slots\":["
                + "{\"id\":0,\"name\":\"sim0\",\"transport\":\"simcard\",\"state\":\"present\","
                + "\"atr\":\"3b9f96801fc78031a073be21136743200718000001a5\",\"queue_depth\":0,\"last_error\":null,"
                + "\"apdu_allowed\":true},"
                + "{\"id\":1,\"name\":\"reader \\\"A\\\"\",\"transport\":\"pcsc\",\"state\":\"no_card\","
                + "\"atr\":null,\"queue_depth\":2,\"last_error\":\"card removed\",\"apdu_allowed\":false}]}",
                answer.body());
        service.slots = List.of();
        assertEquals("{\"slots\":[]}", rest.send(get("/api/v1/slots")).answer().body());
    }

    @Test
    void unknownPathsAre404() {
        for (String path : List.of("/nope", "/sim-auth-api/v1/slot", "/health/", "/api/v1/slots/0", "/sim-auth-api/v2/slot/0")) {
            assertError(404, "no such resource", rest.send(get(path)).answer());
        }
        assertError(404, "no such resource", rest.send(post("/nope", "{}")).answer());
        assertTrue(rest.channel.isOpen());
    }

    @Test
    void absoluteFormUrisAreRouted() {
        assertEquals("{\"status\":\"ok\"}", rest.send(get("http://localhost:8000/health")).answer().body());
        assertEquals(200, rest.send(get("https://localhost/?type=imsi")).answer().status());
    }
}
