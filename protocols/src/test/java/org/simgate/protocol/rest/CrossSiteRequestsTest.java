package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a web page of another site makes the operator's browser send to a REST listener reaches no
 * card, GET included; clients that are not browsers, and the listener's own pages, are served.
 * Requests go to Host localhost (plain HTTP).
 */
class CrossSiteRequestsTest {
    private static final String AUTH_BODY = "{\"rand\":\"00112233445566778899aabbccddeeff\","
            + "\"autn\":\"3cbc31a43007800010f4e2e95de26b00\"}";
    private static final String REFUSAL = "{\"error\":{\"message\":\"refused: the browser marks this request as sent by "
            + "a web page of another site (Origin, Sec-Fetch-Site); web pages may not use the cards. Clients that are "
            + "not browsers send neither header\"}}";

    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    /** {@code request} with {@code headers} (CRLF-terminated lines) added after the Host line. */
    private static String with(String request, String headers) {
        int afterHost = request.indexOf("\r\n") + 2;
        afterHost = request.indexOf("\r\n", afterHost) + 2;
        return request.substring(0, afterHost) + headers + request.substring(afterHost);
    }

    private static String textPlainPost(String uri, String body, String headers) {
        return "POST " + uri + " HTTP/1.1\r\nHost: localhost:8000\r\n" + headers + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private void assertRefused(EmbeddedRest.Answer answer) {
        assertEquals(403, answer.status());
        assertEquals(REFUSAL, answer.body());
        assertEquals("close", answer.header("connection"));
        assertFalse(rest.channel.isOpen(), "closed after the refusal");
        assertEquals(List.of(), service.calls, "no card was reached");
        assertEquals(List.of(), service.suciRequests, "no card was reached");
    }

    /** A form or fetch of another site: the browser names the page's origin. */
    @Test
    void aCrossSiteTextPlainPostOfApdusIsRefused() {
        rest.send(textPlainPost("/apdu-api/v1/slot/0", "{\"apdus\":[\"0020000108FFFFFFFFFFFFFFFF\"]}",
                "Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"));
        assertRefused(rest.answer());
    }

    @Test
    void aPostNamingAnotherOriginAloneIsRefused() {
        rest.send(textPlainPost("/sim-auth-api/v1/slot/0", AUTH_BODY, "Origin: https://evil.example\r\n"));
        assertRefused(rest.answer());
    }

    /** An {@code <img src>}: no Origin on a GET, but Sec-Fetch-Site says where it came from. */
    @ParameterizedTest
    @ValueSource(strings = {"/?type=apdu&hex=0020000108FFFFFFFFFFFFFFFF", "/?type=imsi",
            "/?type=rand-autn&rand=00112233445566778899aabbccddeeff&autn=3cbc31a43007800010f4e2e95de26b00",
            "/sim-info-api/v1/slot/0", "/api/v1/slots", "/sim-info-api/v1/slot/0/suci?scheme=null"})
    void anImageGetOfACardRouteIsRefused(String uri) {
        rest.send(with(EmbeddedRest.get(uri), "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"
                + "Sec-Fetch-Dest: image\r\n"));
        assertRefused(rest.answer());
    }

    /** Another port of this host is another application, not this listener. */
    @Test
    void sameSiteIsRefusedToo() {
        rest.send(with(EmbeddedRest.get("/?type=imsi"), "Sec-Fetch-Site: same-site\r\n"));
        assertRefused(rest.answer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "http://localhost:8081", "https://localhost", "http://127.0.0.1"})
    void anOriginOtherThanTheListenersOwnIsRefused(String origin) {
        rest.send(with(EmbeddedRest.get("/?type=imsi"), "Origin: " + origin + "\r\n"));
        assertRefused(rest.answer());
    }

    @Test
    void theListenersOwnOriginIsServed() {
        rest.send(textPlainPost("/sim-auth-api/v1/slot/0", AUTH_BODY,
                "Origin: http://LOCALHOST:8000/\r\nSec-Fetch-Site: same-origin\r\n"));
        assertEquals(200, rest.answer().status());
        assertEquals(1, service.calls.size());
    }

    /** The user typed the address: {@code none}. */
    @Test
    void anAddressTypedIntoTheBrowserIsServed() {
        rest.send(with(EmbeddedRest.get("/?type=imsi"), "Sec-Fetch-Site: none\r\nSec-Fetch-Mode: navigate\r\n"));
        assertEquals(200, rest.answer().status());
    }

    /** curl, pySim, SWu, strongSwan: neither header. */
    @Test
    void clientsThatAreNotBrowsersAreServed() {
        rest.send(EmbeddedRest.post("/sim-auth-api/v1/slot/0", AUTH_BODY));
        rest.send(EmbeddedRest.get("/?type=imsi"));
        rest.send(EmbeddedRest.post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00A40004023F00\"]}"));
        assertEquals(List.of(200, 200, 200), rest.answers().stream().map(EmbeddedRest.Answer::status).toList());
        assertEquals(3, service.calls.size());
        assertTrue(rest.channel.isOpen());
    }

    /** Health reaches no card: a status page of another site may poll it. */
    @Test
    void healthIsAnsweredToAnySite() {
        rest.send(with(EmbeddedRest.get("/health"), "Origin: https://status.example\r\nSec-Fetch-Site: cross-site\r\n"));
        assertEquals(200, rest.answer().status());
    }

    /** A keep-alive client's earlier request is answered first, then the refusal, in order. */
    @Test
    void aRefusalPipelinedBehindARequestComesAfterItsAnswer() {
        service.hold = true;
        rest.send(EmbeddedRest.get("/sim-info-api/v1/slot/0")
                + with(EmbeddedRest.get("/?type=imsi"), "Sec-Fetch-Site: cross-site\r\n"));
        assertEquals(List.of(), rest.answers());
        service.<org.simgate.service.CardInfo>nextHeld().complete(service.cardInfo);
        rest.channel.runPendingTasks();
        List<EmbeddedRest.Answer> answers = rest.answers();
        assertEquals(List.of(200, 403), answers.stream().map(EmbeddedRest.Answer::status).toList());
        assertEquals(1, service.calls.size());
    }
}
