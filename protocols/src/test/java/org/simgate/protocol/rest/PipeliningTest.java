package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;

/** Answers leave in request order, on the event loop, whatever order the slots finish in. */
class PipeliningTest {
    private final FakeSimService service = new FakeSimService();
    private final EmbeddedRest rest = new EmbeddedRest(service);

    @Test
    void answersKeepRequestOrderWhenALaterSlotIsFaster() {
        service.hold = true;
        rest.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY)
                + post("/sim-auth-api/v1/slot/1", SimAuthApiTest.BODY)
                + get("/health"));
        CompletableFuture<AuthResult> slow = service.nextHeld();
        CompletableFuture<AuthResult> fast = service.nextHeld();

        fast.complete(new AuthResult.SyncFailure(FakeSimService.AUTS));
        rest.channel.runPendingTasks();
        assertEquals("", rest.rawOutput(), "the second answer waits for the first");

        slow.complete(new AuthResult.Success(FakeSimService.RES, FakeSimService.CK, FakeSimService.IK, null));
        rest.channel.runPendingTasks();
        List<EmbeddedRest.Answer> answers = rest.answers();
        assertEquals(3, answers.size());
        assertTrue(answers.get(0).body().startsWith("{\"successful_3g_authentication\""), answers.get(0).body());
        assertTrue(answers.get(1).body().startsWith("{\"synchronisation_failure\""), answers.get(1).body());
        assertEquals("{\"status\":\"ok\"}", answers.get(2).body());
        assertTrue(rest.channel.isOpen());
    }

    @Test
    void failuresAndImmediateAnswersTakeTheirTurnToo() {
        service.hold = true;
        rest.send(get("/sim-info-api/v1/slot/0")
                + get("/nope")
                + get("/sim-info-api/v1/slot/1")
                + post("/sim-auth-api/v1/slot/0", "{}"));
        CompletableFuture<CardInfo> first = service.nextHeld();
        CompletableFuture<CardInfo> third = service.nextHeld();

        third.completeExceptionally(new SlotException(SlotException.Kind.NO_CARD, "no card"));
        rest.channel.runPendingTasks();
        assertEquals("", rest.rawOutput());
        first.complete(service.cardInfo);
        rest.channel.runPendingTasks();

        List<EmbeddedRest.Answer> answers = rest.answers();
        assertEquals(List.of(200, 404, 410, 400), answers.stream().map(EmbeddedRest.Answer::status).toList());
    }

    @Test
    void aFutureCompletedOnAnotherThreadIsWrittenOnTheEventLoop() throws InterruptedException {
        service.hold = true;
        rest.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY));
        CompletableFuture<AuthResult> future = service.nextHeld();

        Thread slotThread = new Thread(() -> future.complete(service.authResult), "slot-0");
        slotThread.start();
        slotThread.join();
        assertTrue(future.isDone());
        assertEquals("", rest.rawOutput(), "nothing is written from the slot's thread");

        rest.channel.runPendingTasks();
        assertEquals(200, rest.answer().status());
    }

    @Test
    void aCloseRequestEndsThePipeline() {
        rest.send(get("/health")
                + "GET /sim-info-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + get("/sim-info-api/v1/slot/1"));

        List<EmbeddedRest.Answer> answers = rest.answers();
        assertEquals(2, answers.size());
        assertEquals("close", answers.get(1).header("Connection"));
        assertFalse(rest.channel.isOpen());
        assertEquals(1, service.calls.size(), "the request after the close is not run");
    }

    @Test
    void readingPausesWhileTooManyAnswersAreOwed() {
        EmbeddedRest limited = new EmbeddedRest(service, new RestSettings(8192, Duration.ofSeconds(60), 2));
        service.hold = true;

        limited.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY));
        assertTrue(limited.channel.config().isAutoRead());
        limited.send(post("/sim-auth-api/v1/slot/1", SimAuthApiTest.BODY));
        assertFalse(limited.channel.config().isAutoRead());

        CompletableFuture<AuthResult> first = service.nextHeld();
        first.complete(service.authResult);
        limited.channel.runPendingTasks();
        assertTrue(limited.channel.config().isAutoRead());
        assertEquals(1, limited.answers().size());
    }

    @Test
    void aLateAnswerForAClosedConnectionIsDropped() {
        service.hold = true;
        rest.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY));
        rest.channel.close();

        CompletableFuture<AuthResult> future = service.nextHeld();
        future.complete(service.authResult);
        rest.channel.runPendingTasks();

        assertEquals("", rest.rawOutput());
    }
}
