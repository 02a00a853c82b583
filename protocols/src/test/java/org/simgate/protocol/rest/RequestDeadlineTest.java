package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request must arrive whole within the request read timeout (10 s here) of its first byte, a
 * connection's first request within it of the connection: a client trickling bytes (slowloris) is
 * answered 408 and closed; one that never sent a byte is closed silently. The event loop's clock
 * is frozen and moved by the test.
 */
class RequestDeadlineTest {
    private static final String REQUEST_TIMEOUT = "{\"error\":{\"message\":\"the request did not arrive whole within "
            + "10000 ms\"}}";

    private final FakeSimService service = new FakeSimService();

    private EmbeddedRest rest(int maxPipelined) {
        return new EmbeddedRest(service, new RestSettings(8192, Duration.ofSeconds(60), maxPipelined,
                Duration.ofSeconds(10)));
    }

    private static void advance(EmbeddedRest rest, long seconds) {
        rest.channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();
        rest.channel.runPendingTasks();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheDeadlineWithoutAnAnswer() {
        EmbeddedRest rest = rest(64);
        advance(rest, 9);
        assertTrue(rest.channel.isOpen());
        advance(rest, 2);
        assertFalse(rest.channel.isOpen());
        assertEquals("", rest.rawOutput());
    }

    @Test
    void headersTrickledOneByteASecondAreAnswered408AndClosed() {
        EmbeddedRest rest = rest(64);
        String request = EmbeddedRest.get("/?type=imsi");
        int sent = 0;
        for (; sent < 10; sent++) {
            rest.send(request.substring(sent, sent + 1));
            advance(rest, 1);
        }
        assertFalse(rest.channel.isOpen(), "closed 10 s after the first byte, while bytes still came");
        EmbeddedRest.Answer answer = rest.answer();
        assertEquals(408, answer.status());
        assertEquals(REQUEST_TIMEOUT, answer.body());
        assertEquals("close", answer.header("connection"));
        assertEquals(List.of(), service.calls);
    }

    @Test
    void aBodyTrickledAfterItsHeadersIsCutOffToo() {
        EmbeddedRest rest = rest(64);
        rest.send("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 80\r\n\r\n{");
        for (int i = 0; i < 11 && rest.channel.isOpen(); i++) {
            rest.send(" ");
            advance(rest, 1);
        }
        assertFalse(rest.channel.isOpen());
        assertEquals(408, rest.answer().status());
    }

    /** The deadline is per request: a keep-alive connection serves any number, however long it lives. */
    @Test
    void requestsThatArriveWholeKeepTheConnectionAndEachGetsItsOwnDeadline() {
        EmbeddedRest rest = rest(64);
        for (int i = 0; i < 5; i++) {
            advance(rest, 8);
            rest.send(EmbeddedRest.get("/?type=imsi"));
            assertEquals(200, rest.answer().status());
        }
        assertTrue(rest.channel.isOpen(), "40 s old, every request whole within 10 s of its first byte");
        rest.send("GET /?type=imsi HTTP/1.1\r\nHost: loc");
        advance(rest, 9);
        assertTrue(rest.channel.isOpen());
        advance(rest, 2);
        assertFalse(rest.channel.isOpen());
        assertEquals(408, rest.answer().status());
    }

    /** While the server stops reading (answers owed), the time is not the client's. */
    @Test
    void theClockStopsWhileTheServerIsNotReading() {
        EmbeddedRest rest = rest(1);
        service.hold = true;
        rest.send(EmbeddedRest.get("/sim-info-api/v1/slot/0"));
        rest.send("GET /sim-info-api/v1/slot/0 HTTP/1.1\r\n");
        assertFalse(rest.channel.config().isAutoRead(), "one request in flight, the most this listener takes");
        advance(rest, 30);
        assertTrue(rest.channel.isOpen(), "the card is slow, the client is not to blame");
        service.<org.simgate.service.CardInfo>nextHeld().complete(service.cardInfo);
        rest.channel.runPendingTasks();
        assertEquals(200, rest.answers().get(0).status());
        advance(rest, 11);
        assertFalse(rest.channel.isOpen(), "reading again: the half-sent request has its 10 s");
    }

    /** A pipeline that takes the deadline out (a protocol upgrade) leaves no timer behind to close it. */
    @Test
    void takenOutOfThePipelineItClosesNothing() {
        EmbeddedRest rest = rest(64);
        rest.channel.pipeline().remove("deadline-bytes");
        rest.channel.pipeline().remove("deadline");
        advance(rest, 11);
        assertTrue(rest.channel.isOpen());
    }

    /** An answer still owed comes first; the late request gets no 408 out of order, the connection just ends. */
    @Test
    void noAnswerIsWrittenOutOfOrder() {
        EmbeddedRest rest = rest(64);
        service.hold = true;
        rest.send(EmbeddedRest.get("/sim-info-api/v1/slot/0"));
        rest.send("GET /sim-info-api/v1/slot/0 HTTP/1.1\r\n");
        advance(rest, 11);
        assertFalse(rest.channel.isOpen());
        assertEquals("", rest.rawOutput());
    }
}
