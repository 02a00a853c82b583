package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;
import static org.simgate.protocol.rest.SimAuthApiTest.assertError;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;

/** The usim_https_server compatible API, answers compared byte for byte. */
class UsimHttpsApiTest {
    static final String RAND = "D6BA0C396BCE3189EF8B49FAF3F67462";
    static final String AUTN = "B46F17E0F84F8000E6693AE37446963E";

    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    private static String response(String body) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void imsiByteForByte() {
        assertEquals(response("{\n\t\"imsi\": \"001010123456063\"\n}"), rest.send(get("/?type=imsi")).rawOutput());
        assertEquals("info", service.lastCall().operation());
        assertEquals(0, service.lastCall().slot());
    }

    @Test
    void imsiIsNullWhenTheCardHasNoUsim() {
        service.cardInfo = new CardInfo(null, "8988211000000123456", null, List.of());

        assertEquals(response("{\n\t\"imsi\": null\n}"), rest.send(get("/?type=imsi")).rawOutput());
    }

    @Test
    void randAutnByteForByteInUppercase() {
        String raw = rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN.toLowerCase())).rawOutput();

        assertEquals(response("{\n\t\"res\": \"A54211D5E3BA50BF\",\n\t\"ck\": \"B40BA9A3C58B2A05BBF0D987B21BF8CB\","
                + "\n\t\"ik\": \"F769BCD751044604127672711C6D3441\"\n}"), raw);
        FakeSimService.Call call = service.lastCall();
        assertEquals(Application.USIM, call.application());
        assertArrayEquals(FakeSimService.HEX.parseHex(RAND), call.rand());
        assertArrayEquals(FakeSimService.HEX.parseHex(AUTN), call.autn());
    }

    @Test
    void syncFailurePutsAutsInResAndInAutsAndNullsCkIk() {
        service.authResult = new AuthResult.SyncFailure(FakeSimService.AUTS);

        // res + null ck/ik for fasferraz's clients, "auts" for neko-strongswan and NekoIMS
        assertEquals(response("{\n\t\"res\": \"CD8D7E5A1C2BA4B7F1FD6C1B2D3E\",\n\t\"ck\": null,\n\t\"ik\": null,"
                        + "\n\t\"auts\": \"CD8D7E5A1C2BA4B7F1FD6C1B2D3E\"\n}"),
                rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN)).rawOutput());
    }

    @Test
    void appPicksTheApplicationInAnyCaseAndDefaultsToUsim() {
        rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN + "&app=isim")).answer();
        assertEquals(Application.ISIM, service.lastCall().application());

        rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN + "&app=ISIM")).answer();
        assertEquals(Application.ISIM, service.lastCall().application());

        rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN + "&app=usim")).answer();
        assertEquals(Application.USIM, service.lastCall().application());

        rest.send(get("/?type=rand-autn&app=&rand=" + RAND + "&autn=" + AUTN)).answer();
        assertEquals(Application.USIM, service.lastCall().application());
    }

    @Test
    void anUnknownAppIs400AndReachesNoCard() {
        assertError(400, "unknown app (usim or isim)",
                rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN + "&app=csim")).answer());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void cardRefusalIs200WithTheSimAuthErrorBody() {
        service.authResult = new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC);

        EmbeddedRest.Answer answer = rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN)).answer();

        assertEquals(200, answer.status());
        assertEquals("{\"error\":{\"message\":\"authentication error, incorrect MAC\",\"status_word\":\"9862\","
                + "\"reason\":\"incorrect_mac\"}}", answer.body());
    }

    @Test
    void apduByteForByte() {
        service.rapdus = List.of(FakeSimService.HEX.parseHex("082986609410005040ab9000"));
        assertEquals(response("{\n\t\"data\": \"082986609410005040AB\",\n\t\"sw1\": \"90\",\n\t\"sw2\": \"00\"\n}"),
                rest.send(get("/?type=apdu&hex=00B0000009")).rawOutput());
        assertArrayEquals(FakeSimService.HEX.parseHex("00B0000009"), service.lastCall().apdus().get(0));

        service.rapdus = List.of(FakeSimService.HEX.parseHex("6a82"));
        assertEquals(response("{\n\t\"data\": \"\",\n\t\"sw1\": \"6A\",\n\t\"sw2\": \"82\"\n}"),
                rest.send(get("/?type=apdu&hex=00a40000027f20")).rawOutput());
    }

    @Test
    void apduWithoutAStatusWordIs502() {
        service.rapdus = List.of(new byte[] {(byte) 0x90});

        assertError(502, "card answer has no status word", rest.send(get("/?type=apdu&hex=00B0000009")).answer());
    }

    @Test
    void apduRefusedBySlotIs403() {
        service.failure = new SlotException(SlotException.Kind.FORBIDDEN, "raw APDUs are off for this slot");

        assertError(403, "raw APDUs are off for this slot", rest.send(get("/?type=apdu&hex=00B0000009")).answer());
    }

    @Test
    void slotComesFromTheParameterElseTheDefault() {
        rest.send(get("/?type=imsi&slot=1")).answer();
        assertEquals(1, service.lastCall().slot());

        service.defaultSlot = 1;
        rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN)).answer();
        assertEquals(1, service.lastCall().slot());

        assertError(404, "no slot 4", rest.send(get("/?slot=4&type=imsi")).answer());
    }

    @Test
    void malformedQueriesAre400() {
        assertError(400, "missing type parameter", rest.send(get("/")).answer());
        assertError(400, "missing type parameter", rest.send(get("/?rand=" + RAND)).answer());
        assertError(400, "unknown type (imsi, rand-autn or apdu)", rest.send(get("/?type=kc")).answer());
        assertError(400, "rand must be 16 bytes of hex (32 digits)", rest.send(get("/?type=rand-autn&autn=" + AUTN)).answer());
        assertError(400, "rand must be 16 bytes of hex (32 digits)",
                rest.send(get("/?type=rand-autn&rand=" + RAND.substring(1) + "&autn=" + AUTN)).answer());
        assertError(400, "autn must be 16 bytes of hex (32 digits)",
                rest.send(get("/?type=rand-autn&rand=" + RAND + "&autn=")).answer());
        assertError(400, "hex has an odd number of hex digits (an APDU is whole bytes)",
                rest.send(get("/?type=apdu&hex=00B000000")).answer());
        assertError(400, "hex must be a C-APDU in hex", rest.send(get("/?type=apdu&hex=00B0000G")).answer());
        assertError(400, "hex must be a C-APDU in hex", rest.send(get("/?type=apdu")).answer());
        assertError(400, "hex is shorter than 4 bytes", rest.send(get("/?type=apdu&hex=00B0")).answer());
        assertError(400, "bad slot number", rest.send(get("/?type=imsi&slot=one")).answer());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void onlyGet() {
        EmbeddedRest.Answer answer = rest.send(post("/?type=imsi", "")).answer();

        assertError(405, "method not allowed, use GET", answer);
        assertEquals("GET", answer.header("Allow"));
    }
}
