package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /sim-info-api/v1/slot/{n}}, {@code GET /health} and {@code GET /api/v1/slots}, exact bodies. */
class SimInfoAndSlotsApiTest {
    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.forClass(RunningGateway.slots(
            TestCard.SET_1.inSlot(0, "name = \"bank A, slot 0\"\n allow-apdu = true", ""),
            TestCard.SET_2.inSlot(1, "", ""),
            TestCard.SET_1.inSlot(2, "name = \"empty\"", "inserted = false")));

    static Http.Response get(String scheme, String path) {
        return gateway.client().get(gateway.base(scheme).resolve(path));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void simInfoAnswersImsiIccidAtrAndApplicationsOfEachSlot(String scheme) {
        assertEquals("200 {\"imsi\":\"001010000000001\",\"iccid\":\"8988211000000000011\","
                + "\"atr\":\"3b9f96801fc78031e073fe21136773696d67617465b8\",\"applications\":[\"USIM\",\"ISIM\"]}",
                get(scheme, "/sim-info-api/v1/slot/0").toString());
        assertEquals("200 " + TestCard.SET_2.simInfo(), get(scheme, "/sim-info-api/v1/slot/1").toString());
    }

    @Test
    void simInfoErrors() {
        assertEquals("410 {\"error\":{\"message\":\"empty: no card in slot\"}}", get("http", "/sim-info-api/v1/slot/2").toString());
        assertEquals("404 {\"error\":{\"message\":\"no slot 3\"}}", get("http", "/sim-info-api/v1/slot/3").toString());
        Http.Response post = gateway.client().post(gateway.http("/sim-info-api/v1/slot/0"), "{}");
        assertEquals("405 {\"error\":{\"message\":\"method not allowed, use GET\"}}", post.toString());
        assertEquals("GET", post.header("allow"));
    }

    @Test
    void healthIsOk() {
        assertEquals("200 {\"status\":\"ok\"}", get("https", "/health").toString());
    }

    @Test
    void slotsListsEachSlotAsOperatorsSeeIt() {
        get("http", "/sim-info-api/v1/slot/2"); // the empty slot has been asked once: its last error is set

        assertEquals("200 {\"slots\":["
                + "{\"id\":0,\"name\":\"bank A, slot 0\",\"transport\":\"simcard\",\"state\":\"present\","
                + "\"atr\":\"" + TestCard.ATR + "\",\"queue_depth\":0,\"last_error\":null,\"apdu_allowed\":true},"
                + "{\"id\":1,\"name\":\"simgate slot 1\",\"transport\":\"simcard\",\"state\":\"present\","
                + "\"atr\":\"" + TestCard.ATR + "\",\"queue_depth\":0,\"last_error\":null,\"apdu_allowed\":false},"
                + "{\"id\":2,\"name\":\"empty\",\"transport\":\"simcard\",\"state\":\"no_card\","
                + "\"atr\":null,\"queue_depth\":0,\"last_error\":\"empty: no card in slot: no card in the simcard slot\","
                + "\"apdu_allowed\":false}]}",
                get("http", "/api/v1/slots").toString());
    }
}
