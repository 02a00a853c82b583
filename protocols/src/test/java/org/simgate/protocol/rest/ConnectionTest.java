package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;
import static org.simgate.protocol.rest.SimAuthApiTest.assertError;

import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.simgate.service.AuthResult;

/** Keep-alive, close, HTTP/1.0, garbage, body limit and the idle timeout. */
class ConnectionTest {
    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    @Test
    void http11KeepsTheConnectionByDefault() {
        for (int i = 0; i < 3; i++) {
            EmbeddedRest.Answer answer = rest.send(get("/health")).answer();
            assertEquals(200, answer.status());
            assertEquals("HTTP/1.1", answer.version());
            assertNull(answer.header("Connection"));
            assertTrue(rest.channel.isOpen());
        }
    }

    @Test
    void connectionCloseIsHonoured() {
        EmbeddedRest.Answer answer = rest.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").answer();

        assertEquals(200, answer.status());
        assertEquals("close", answer.header("Connection"));
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void http10ClosesUnlessKeepAlive() {
        EmbeddedRest.Answer kept = rest.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").answer();
        assertEquals("HTTP/1.0", kept.version());
        assertEquals("keep-alive", kept.header("Connection"));
        assertTrue(rest.channel.isOpen());

        EmbeddedRest.Answer closed = rest.send("GET /health HTTP/1.0\r\n\r\n").answer();
        assertEquals("{\"status\":\"ok\"}", closed.body());
        assertEquals("HTTP/1.0", closed.version());
        assertNull(closed.header("Connection"), "closing is HTTP/1.0's default");
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void garbageIs400AndCloses() {
        EmbeddedRest.Answer answer = rest.send("\u0016\u0003\u0001\u0002\u0000GARBAGE GARBAGE GARBAGE\r\n\r\n").answer();

        assertError(400, "malformed HTTP request", answer);
        assertEquals("HTTP/1.1", answer.version());
        assertEquals("close", answer.header("Connection"));
        assertFalse(rest.channel.isOpen());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void anOverlongRequestLineIs400AndCloses() {
        EmbeddedRest.Answer answer = rest.send(get("/?type=imsi&pad=" + "a".repeat(5000))).answer();

        assertError(400, "malformed HTTP request", answer);
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void aBodyOverTheLimitIs413AndCloses() {
        String body = "{\"rand\":\"" + "0".repeat(9000) + "\"}";

        EmbeddedRest.Answer answer = rest.send(post("/sim-auth-api/v1/slot/0", body)).answer();

        assertError(413, "request body larger than 8192 bytes", answer);
        assertEquals("close", answer.header("Connection"));
        assertFalse(rest.channel.isOpen());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void expectContinueWithATooLargeBodyGetsTheJson413WithoutSendingIt() {
        EmbeddedRest.Answer answer = rest.send("POST /apdu-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\n"
                + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n").answer();

        assertError(413, "request body larger than 8192 bytes", answer);
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void expectContinueWithinTheLimitIsContinued() {
        String body = "{\"apdus\":[\"00B00000\"]}";
        rest.send("POST /apdu-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + body.length() + "\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", rest.rawOutput());

        assertEquals(200, rest.send(body).answer().status());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        String chunk = "0".repeat(5000);
        String request = "POST /apdu-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

        assertError(413, "request body larger than 8192 bytes", rest.send(request).answer());
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void aBodyAtTheLimitIsAccepted() {
        RestSettings small = new RestSettings(64, Duration.ofSeconds(60), 8);
        EmbeddedRest limited = new EmbeddedRest(service, small);
        String body = "{\"apdus\":[\"00B00000\"]}";
        String padded = body.substring(0, body.length() - 1) + " ".repeat(64 - body.length()) + "}";

        assertEquals(200, limited.send(post("/apdu-api/v1/slot/0", padded)).answer().status());
        assertError(413, "request body larger than 64 bytes", limited.send(post("/apdu-api/v1/slot/0", padded + " ")).answer());
    }

    @Test
    void answersBeforeA413AreStillWritten() {
        String request = get("/health") + post("/sim-auth-api/v1/slot/0", "x".repeat(9000));

        List<EmbeddedRest.Answer> answers = rest.send(request).answers();

        assertEquals(2, answers.size());
        assertEquals(200, answers.get(0).status());
        assertEquals(413, answers.get(1).status());
    }

    @Test
    void aHalfSentRequestIsClosedAfterTheIdleTimeout() {
        // a request read timeout beyond the idle timeout: here the idle timeout is the one that ends it
        EmbeddedRest rest = new EmbeddedRest(service, new RestSettings(8192, Duration.ofSeconds(60), 64,
                Duration.ofMinutes(5)));
        rest.send("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\nContent-Length: 80\r\n\r\n{\"rand\":");

        rest.channel.advanceTimeBy(59, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();
        assertTrue(rest.channel.isOpen());

        rest.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();
        assertFalse(rest.channel.isOpen());
        assertEquals("", rest.rawOutput());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() {
        rest.send(get("/health")).answer();

        rest.channel.advanceTimeBy(61, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();

        assertFalse(rest.channel.isOpen());
    }

    @Test
    void waitingForTheCardIsNotIdleness() {
        service.hold = true;
        rest.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY));

        rest.channel.advanceTimeBy(61, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();
        assertTrue(rest.channel.isOpen(), "the server owes an answer, so the client may be silent");

        CompletableFuture<AuthResult> future = service.nextHeld();
        future.complete(service.authResult);
        rest.channel.runPendingTasks();
        assertEquals(200, rest.answer().status());

        rest.channel.advanceTimeBy(61, TimeUnit.SECONDS);
        rest.channel.runScheduledPendingTasks();
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void aClientThatShutsItsSideStillGetsItsAnswers() {
        service.hold = true;
        rest.send(get("/health") + post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY));
        rest.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(rest.channel.isOpen());

        CompletableFuture<AuthResult> future = service.nextHeld();
        future.complete(service.authResult);
        rest.channel.runPendingTasks();

        List<EmbeddedRest.Answer> answers = rest.answers();
        assertEquals(2, answers.size());
        assertNull(answers.get(0).header("Connection"));
        assertEquals(200, answers.get(1).status());
        assertEquals("close", answers.get(1).header("Connection"));
        assertFalse(rest.channel.isOpen());
    }

    @Test
    void aClientThatShutsItsSideWithNothingOwedIsClosed() {
        rest.send(get("/health")).answer();

        rest.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertFalse(rest.channel.isOpen());
    }

    @Test
    void requestsSplitAcrossReadsAreAssembled() {
        byte[] request = post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY).getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : request) {
            rest.send(new byte[] {b});
        }

        assertEquals(200, rest.answer().status());
    }
}
