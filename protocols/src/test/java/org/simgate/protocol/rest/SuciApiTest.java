package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simgate.service.SlotException;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;

/** {@code GET /sim-info-api/v1/slot/{n}/suci}: the query as read, the answer, and every refusal. */
class SuciApiTest {
    private static final String PROFILE_A_OUTPUT = "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
            + "cb02352410cddd9e730ef3fa87";

    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    private EmbeddedRest.Answer suci(String uri) {
        return rest.send(get(uri)).answer();
    }

    @Test
    void profileAWithTheKeyInTheQuery() {
        service.suci = new SubscriptionConcealedIdentifier("suci-0-208-93-0-1-1-" + PROFILE_A_OUTPUT, "208", "93", "0",
                1, 1, PROFILE_A_OUTPUT);

        EmbeddedRest.Answer answer = suci("/sim-info-api/v1/slot/1/suci?scheme=1&hn_key_id=1"
                + "&hn_public_key=5A8D38864820197C3394B92613B20B91633CBD897119273BF8E4A6F4EEC0A650&routing_indicator=0012");

        assertEquals(200, answer.status());
        assertEquals("{\"suci\":\"suci-0-208-93-0-1-1-" + PROFILE_A_OUTPUT + "\",\"supi_type\":\"imsi\","
                + "\"mcc\":\"208\",\"mnc\":\"93\",\"routing_indicator\":\"0\",\"protection_scheme_id\":1,"
                + "\"home_network_public_key_id\":1,\"scheme_output\":\"" + PROFILE_A_OUTPUT + "\"}", answer.body());
        SuciRequest request = service.suciRequests.get(0);
        assertEquals(1, request.scheme());
        assertEquals(1, request.homeNetworkKeyId());
        assertEquals("0012", request.routingIndicator());
        assertArrayEquals(FakeSimService.HEX.parseHex("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650"),
                request.homeNetworkPublicKey());
    }

    @Test
    void nullSchemeNeedsNoKey() {
        assertEquals(200, suci("/sim-info-api/v1/slot/0/suci?scheme=0").status());
        SuciRequest request = service.suciRequests.get(0);
        assertEquals(0, request.scheme());
        assertEquals(0, request.homeNetworkKeyId());
        assertNull(request.homeNetworkPublicKey());
        assertNull(request.routingIndicator());
    }

    @Test
    void theInfoRouteIsUnchanged() {
        EmbeddedRest.Answer answer = suci("/sim-info-api/v1/slot/0");
        assertEquals(200, answer.status());
        assertTrue(answer.body().startsWith("{\"imsi\":\"001010123456063\""), answer.body());
        assertTrue(service.suciRequests.isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/sim-info-api/v1/slot/0/suci|scheme: missing (0 null-scheme, 1 Profile A, 2 Profile B)",
        "/sim-info-api/v1/slot/0/suci?scheme=3|scheme: must be 0 (null-scheme), 1 (Profile A) or 2 (Profile B)",
        "/sim-info-api/v1/slot/0/suci?scheme=a|scheme: must be 0 (null-scheme), 1 (Profile A) or 2 (Profile B)",
        "/sim-info-api/v1/slot/0/suci?scheme=1|hn_key_id: missing (0 to 255, the key id the SUCI names)",
        "/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=256|hn_key_id: must be 0 to 255",
        "/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=-1|hn_key_id: must be 0 to 255",
        "/sim-info-api/v1/slot/0/suci?scheme=0&hn_key_id=2|hn_key_id: the null-scheme uses no key (give none, or 0)",
        "/sim-info-api/v1/slot/0/suci?scheme=1&hn_key_id=1&hn_public_key=xyz|hn_public_key: must be hex",
        "/sim-info-api/v1/slot/0/suci?scheme=0&routing_indicator=12345|routing_indicator: must be 1 to 4 digits",
        "/sim-info-api/v1/slot/x/suci?scheme=0|bad slot number",
    })
    void aBadQueryIsA400NamingTheParameter(String uri, String message) {
        EmbeddedRest.Answer answer = suci(uri);
        assertEquals(400, answer.status());
        assertEquals("{\"error\":{\"message\":\"" + message + "\"}}", answer.body());
        assertTrue(service.suciRequests.isEmpty());
    }

    @Test
    void theServicesRefusalIsItsStatus() {
        service.failure = new SlotException(SlotException.Kind.BAD_REQUEST,
                "hn_key_id: no home network public key 9 is configured for slot 0 (simgate.suci); give hn_public_key");
        EmbeddedRest.Answer answer = suci("/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=9");
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("no home network public key 9"), answer.body());
        assertEquals(404, suci("/sim-info-api/v1/slot/7/suci?scheme=0").status());
    }

    @Test
    void onlyGet() {
        EmbeddedRest.Answer answer = rest.send(post("/sim-info-api/v1/slot/0/suci?scheme=0", "{}")).answer();
        assertEquals(405, answer.status());
        assertEquals("GET", answer.header("Allow"));
    }
}
