package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;

class SimAuthApiTest {
    static final String RAND = "23553cbe9637a89d218ae64dae47bf35";
    static final String AUTN = "55f328b43577b9b94a9ffac354dfafb3";
    static final String BODY = "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"}";

    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    private EmbeddedRest.Answer auth(String uri, String body) {
        return rest.send(post(uri, body)).answer();
    }

    @Test
    void successAnswersResCkIkKcInLowercase() {
        EmbeddedRest.Answer answer = auth("/sim-auth-api/v1/slot/0",
                "{\"rand\":\"" + RAND.toUpperCase() + "\",\"autn\":\"" + AUTN + "\"}");

        assertEquals(200, answer.status());
        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\","
                + "\"kc\":\"eae4be823af9a08b\"}}", answer.body());
        assertEquals("application/json", answer.header("Content-Type"));
        assertEquals(String.valueOf(answer.body().length()), answer.header("Content-Length"));
        FakeSimService.Call call = service.lastCall();
        assertEquals(0, call.slot());
        assertEquals(Application.USIM, call.application());
        assertArrayEquals(FakeSimService.HEX.parseHex(RAND), call.rand());
        assertArrayEquals(FakeSimService.HEX.parseHex(AUTN), call.autn());
    }

    @Test
    void kcIsLeftOutWhenTheCardGivesNone() {
        service.authResult = new AuthResult.Success(FakeSimService.RES, FakeSimService.CK, FakeSimService.IK, null);

        assertEquals("{\"successful_3g_authentication\":{\"res\":\"a54211d5e3ba50bf\","
                        + "\"ck\":\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\"ik\":\"f769bcd751044604127672711c6d3441\"}}",
                auth("/sim-auth-api/v1/slot/1", BODY).body());
        assertEquals(1, service.lastCall().slot());
    }

    @Test
    void syncFailureAnswersAuts() {
        service.authResult = new AuthResult.SyncFailure(FakeSimService.AUTS);

        EmbeddedRest.Answer answer = auth("/sim-auth-api/v1/slot/0", BODY);

        assertEquals(200, answer.status());
        assertEquals("{\"synchronisation_failure\":{\"auts\":\"cd8d7e5a1c2ba4b7f1fd6c1b2d3e\"}}", answer.body());
    }

    @Test
    void cardRefusalsAre200WithAReason() {
        service.authResult = new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC);
        EmbeddedRest.Answer mac = auth("/sim-auth-api/v1/slot/0", BODY);
        assertEquals(200, mac.status());
        assertEquals("{\"error\":{\"message\":\"authentication error, incorrect MAC\",\"status_word\":\"9862\","
                + "\"reason\":\"incorrect_mac\"}}", mac.body());

        service.authResult = new AuthResult.Rejected(0x9865, AuthResult.Reason.KEY_FRESHNESS_FAILURE);
        assertEquals("{\"error\":{\"message\":\"key freshness failure\",\"status_word\":\"9865\","
                + "\"reason\":\"key_freshness_failure\"}}", auth("/sim-auth-api/v1/slot/0", BODY).body());

        service.authResult = new AuthResult.Rejected(0x6F00, AuthResult.Reason.CARD_ERROR);
        assertEquals("{\"error\":{\"message\":\"card error\",\"status_word\":\"6f00\",\"reason\":\"card_error\"}}",
                auth("/sim-auth-api/v1/slot/0", BODY).body());
    }

    @Test
    void applicationPicksIsimInAnyCaseAndDefaultsToUsim() {
        auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\",\"application\":\"isim\"}");
        assertEquals(Application.ISIM, service.lastCall().application());

        auth("/sim-auth-api/v1/slot/0", "{\"application\":null,\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"}");
        assertEquals(Application.USIM, service.lastCall().application());

        auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\",\"extra\":{\"x\":[1,2]},\"autn\":\"" + AUTN + "\"}");
        assertEquals(Application.USIM, service.lastCall().application());
    }

    @Test
    void appIsTakenForApplication() {
        auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\",\"app\":\"Isim\"}");
        assertEquals(Application.ISIM, service.lastCall().application());

        auth("/sim-auth-api/v1/slot/0", "{\"app\":\"usim\",\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"}");
        assertEquals(Application.USIM, service.lastCall().application());

        assertError(400, "unknown application (USIM or ISIM)", auth("/sim-auth-api/v1/slot/0",
                "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\",\"app\":\"CSIM\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN,
        "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"} trailing",
        "not json",
    })
    void badJsonIs400WithoutEchoingTheBody(String body) {
        EmbeddedRest.Answer answer = auth("/sim-auth-api/v1/slot/0", body);

        assertEquals(400, answer.status());
        assertTrue(answer.body().equals("{\"error\":{\"message\":\"malformed JSON body\"}}")
                || answer.body().equals("{\"error\":{\"message\":\"body must be one JSON object\"}}"), answer.body());
        assertFalse(answer.body().contains(RAND));
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void malformedRequestsAre400WithAReason() {
        assertError(400, "body must be a JSON object", auth("/sim-auth-api/v1/slot/0", ""));
        assertError(400, "body must be a JSON object", auth("/sim-auth-api/v1/slot/0", "[1]"));
        assertError(400, "missing rand", auth("/sim-auth-api/v1/slot/0", "{\"autn\":\"" + AUTN + "\"}"));
        assertError(400, "missing autn", auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\"}"));
        assertError(400, "rand must be 16 bytes of hex (32 digits)",
                auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND.substring(2) + "\",\"autn\":\"" + AUTN + "\"}"));
        assertError(400, "autn must be 16 bytes of hex (32 digits)",
                auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN.replace('5', 'g') + "\"}"));
        assertError(400, "autn must be 16 bytes of hex (32 digits)",
                auth("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + RAND + "\",\"autn\":12}"));
        assertError(400, "unknown application (USIM or ISIM)", auth("/sim-auth-api/v1/slot/0",
                "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\",\"application\":\"CSIM\"}"));
        assertError(400, "bad slot number", auth("/sim-auth-api/v1/slot/x", BODY));
        assertError(400, "bad slot number", auth("/sim-auth-api/v1/slot/-1", BODY));
        assertError(400, "bad slot number", auth("/sim-auth-api/v1/slot/", BODY));
        assertError(400, "bad slot number", auth("/sim-auth-api/v1/slot/12345678901", BODY));
        assertTrue(service.calls.isEmpty());
        assertTrue(rest.channel.isOpen(), "a 400 on a keep-alive request keeps the connection");
    }

    @Test
    void unknownSlotIs404() {
        assertError(404, "no slot 7", auth("/sim-auth-api/v1/slot/7", BODY));
    }

    @Test
    void wrongMethodIs405WithAllow() {
        EmbeddedRest.Answer answer = rest.send(get("/sim-auth-api/v1/slot/0")).answer();

        assertError(405, "method not allowed, use POST", answer);
        assertEquals("POST", answer.header("Allow"));
    }

    @Test
    void slotFailuresMapToStatusCodes() {
        assertFailure(410, "no card in slot 0", org.simgate.service.SlotException.Kind.NO_CARD, "no card in slot 0");
        assertFailure(403, "raw APDUs are off", org.simgate.service.SlotException.Kind.FORBIDDEN, "raw APDUs are off");
        assertFailure(504, "card did not answer in time", org.simgate.service.SlotException.Kind.TIMEOUT, null);
        assertFailure(502, "bad answer", org.simgate.service.SlotException.Kind.CARD_PROTOCOL, "bad answer");
        assertFailure(500, "internal error", org.simgate.service.SlotException.Kind.INTERNAL, "NPE at Slot.java:12");
        assertFailure(404, "no such slot", org.simgate.service.SlotException.Kind.NO_SUCH_SLOT, "");
    }

    @Test
    void busyAndTransportDownAre503WithRetryAfter() {
        EmbeddedRest.Answer busy = assertFailure(503, "queue full",
                org.simgate.service.SlotException.Kind.BUSY, "queue full");
        assertEquals("1", busy.header("Retry-After"));

        EmbeddedRest.Answer down = assertFailure(503, "slot's reader or modem is not reachable",
                org.simgate.service.SlotException.Kind.TRANSPORT_DOWN, null);
        assertEquals("1", down.header("Retry-After"));
    }

    @Test
    void aSlotExceptionWrappedInCompletionExceptionIsUnwrapped() {
        service.failure = new CompletionException(
                new org.simgate.service.SlotException(org.simgate.service.SlotException.Kind.NO_CARD, "empty"));

        assertError(410, "empty", auth("/sim-auth-api/v1/slot/0", BODY));
    }

    @Test
    void unexpectedExceptionsAre500AndTheConnectionStaysUsable() {
        service.thrown = new IllegalStateException("boom " + RAND);
        EmbeddedRest.Answer thrown = auth("/sim-auth-api/v1/slot/0", BODY);
        assertError(500, "internal error", thrown);
        assertNull(thrown.header("Connection"));

        service.thrown = null;
        service.failure = new IllegalStateException("async boom");
        assertError(500, "internal error", auth("/sim-auth-api/v1/slot/0", BODY));

        service.failure = null;
        assertEquals(200, auth("/sim-auth-api/v1/slot/0", BODY).status());
        assertTrue(rest.channel.isOpen());
    }

    @Test
    void aNullResultIs500() {
        service.authResult = null;

        assertError(500, "internal error", auth("/sim-auth-api/v1/slot/0", BODY));
        assertTrue(rest.channel.isOpen());
    }

    private EmbeddedRest.Answer assertFailure(int status, String message,
                                              org.simgate.service.SlotException.Kind kind, String thrownMessage) {
        service.failure = new org.simgate.service.SlotException(kind, thrownMessage);
        EmbeddedRest.Answer answer = auth("/sim-auth-api/v1/slot/0", BODY);
        assertError(status, message, answer);
        return answer;
    }

    static void assertError(int status, String message, EmbeddedRest.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("{\"error\":{\"message\":\"" + message + "\"}}", answer.body());
        assertEquals("application/json", answer.header("Content-Type"));
        assertEquals(String.valueOf(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                answer.header("Content-Length"));
    }
}
