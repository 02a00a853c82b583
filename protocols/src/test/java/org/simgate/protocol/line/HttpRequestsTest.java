package org.simgate.protocol.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A web page can make a browser POST to the line port with line commands in the body (a form,
 * {@code fetch} in no-cors mode); the browser's request line comes first. Such a connection is
 * closed unanswered and nothing of the body reaches a card.
 */
class HttpRequestsTest {
    /** What a browser sends for {@code fetch("http://127.0.0.1:4001/", {method: "POST", mode: "no-cors", body})}. */
    static final String BROWSER_POST = "POST / HTTP/1.1\r\nHost: 127.0.0.1:4001\r\nConnection: keep-alive\r\n"
            + "Content-Length: 43\r\nContent-Type: text/plain;charset=UTF-8\r\nOrigin: http://attacker.example\r\n\r\n"
            + ">simgate slot 0|\n>1:APDU:00A40004023F00|\n\n";

    @Test
    void aBrowsersPostIsClosedUnansweredAndItsBodyNeverRuns() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals("", line.send(BROWSER_POST).output());
        assertFalse(line.channel.isOpen());
        assertEquals(List.of(), cards.card(0).calls);
    }

    @Test
    void theBodyNeverRunsHoweverTcpCutsTheRequest() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        byte[] bytes = BROWSER_POST.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int sent = 0;
        while (sent < bytes.length && line.channel.isOpen()) {
            line.send(new byte[] {bytes[sent++]});
        }
        assertEquals("POST / HTTP/1.1\r\n".length(), sent, "closed at the request line's end");
        assertEquals("", line.output());
        assertFalse(line.channel.isOpen());
        assertEquals(List.of(), cards.card(0).calls);
    }

    @Test
    void aHostLineFirstClosesTheConnectionToo() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        line.send("host: 127.0.0.1\n>simgate slot 0|\n>1:IMSI|\n\n");
        assertFalse(line.channel.isOpen());
        assertEquals(List.of(), cards.card(0).calls);
    }

    /** Between requests is where a request line belongs; after an answered request the rule still holds. */
    @Test
    void anHttpRequestLineBetweenRequestsClosesTheConnection() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertTrue(line.send(">simgate slot 0|\n>1:IMSI|\n\n").output().startsWith(">1:"));
        line.send("GET / HTTP/1.0\n>simgate slot 0|\n>2:IMSI|\n\n");
        assertEquals("", line.output());
        assertFalse(line.channel.isOpen());
        assertEquals(1, cards.card(0).calls.size());
    }

    @Test
    void anHttpRequestLineWithoutLineEndAtTheEndOfInputClosesToo() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        line.send("PUT /x HTTP/1.1").endInput();
        assertEquals("", line.output());
        assertFalse(line.channel.isOpen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST / HTTP/1.1", "GET /sim-auth-api/v1/slot/0?x=1 HTTP/1.0", "OPTIONS * HTTP/1.1",
            "PRI * HTTP/2.0", "Host: 127.0.0.1:4001", "HOST:x", "host:"})
    void browserLines(String line) {
        assertTrue(HttpLines.isHttp(line), line);
    }

    /** Lines a line-protocol client or a person at telnet sends are never taken for HTTP. */
    @ParameterizedTest
    @ValueSource(strings = {">simgate slot 0|", ">1:APDU:00A4040008A000000003000000|", "get reset 1000", "help",
            "GET", "GET /", "post / http/1.1", "hostname", "Hosting: x", "POST / HTTP/1.1 extra"})
    void lineProtocolLines(String line) {
        assertFalse(HttpLines.isHttp(line), line);
    }
}
