package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * 503 and 504 made deterministic: the cards sit behind gates (see {@link GatedCard}), so a slot is
 * busy, hung or without its reader exactly when the test says, not when a timer happens to fire.
 * Slot 0 has a queue of one and all the time in the world, slot 1 the defaults, and slot 2 gives
 * its card one second.
 */
class BusyAndHungCardsTest {
    @TempDir
    static Path dir;
    static GatedGateway gateway;
    static final AtomicLong seq0 = new AtomicLong(1);
    static final AtomicLong seq1 = new AtomicLong(1);
    static final AtomicLong seq2 = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatedGateway(dir, RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "queue-size = 1\n operation-timeout = 10m", ""),
                TestCard.SET_2.inSlot(1, "", ""),
                TestCard.SET_1.inSlot(2, "operation-timeout = 1s", "")));
    }

    @AfterEach
    void openEveryGate() {
        gateway.releaseAll();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static AuthenticationVector challenge0() {
        return TestCard.SET_1.challenge(TestCard.sqn(seq0.getAndIncrement(), 0));
    }

    static AuthenticationVector challenge1() {
        return TestCard.SET_2.challenge(TestCard.sqn(seq1.getAndIncrement(), 0));
    }

    static AuthenticationVector challenge2() {
        return TestCard.SET_1.challenge(TestCard.sqn(seq2.getAndIncrement(), 0));
    }

    static String path(int slot) {
        return "/sim-auth-api/v1/slot/" + slot;
    }

    static CompletableFuture<Http.Response> postAsync(int slot, AuthenticationVector v) {
        return gateway.client().postAsync(gateway.http(path(slot)), SimAuthApiTest.body(v));
    }

    static Http.Response post(int slot, AuthenticationVector v) {
        return gateway.client().post(gateway.http(path(slot)), SimAuthApiTest.body(v));
    }

    static void assertSuccess(AuthenticationVector v, Http.Response response) {
        assertEquals("200 " + SimAuthApiTest.success(v), response.toString());
    }

    /** Slot {@code id}'s entry in GET /api/v1/slots. */
    static JsonNode slotStatus(int id) {
        for (JsonNode slot : gateway.client().get(gateway.http("/api/v1/slots")).json().path("slots")) {
            if (slot.path("id").asInt() == id) {
                return slot;
            }
        }
        throw new AssertionError("slot " + id + " not listed");
    }

    @Test
    void aFullQueueIs503WithRetryAfterAtOnceWhileTheCardIsBusy() throws Exception {
        gateway.card(0).hold();
        AuthenticationVector first = challenge0();
        AuthenticationVector second = challenge0();
        CompletableFuture<Http.Response> atTheCard = postAsync(0, first);
        gateway.card(0).awaitAnApduAtTheGate();
        CompletableFuture<Http.Response> queued = postAsync(0, second);
        // the operator's view says when the one place in the queue is taken: one at the card, one waiting
        while (slotStatus(0).path("queue_depth").asInt() < 2) {
            Thread.sleep(5);
        }

        Http.Response refused = post(0, challenge0());

        assertEquals("503 {\"error\":{\"message\":\"simgate slot 0 is busy: its queue is full\"}}", refused.toString());
        assertEquals("1", refused.header("retry-after"));
        assertFalse(atTheCard.isDone());
        gateway.card(0).release();
        assertSuccess(first, atTheCard.get(20, TimeUnit.SECONDS));
        assertSuccess(second, queued.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aCardThatDoesNotAnswerInTimeIs504AndTheSlotRecoversOnceItAnswersAgain() {
        gateway.card(2).hold(); // the card takes every APDU and answers none until released

        Http.Response late = post(2, challenge2());

        assertEquals("504 {\"error\":{\"message\":\"simgate slot 2: the card did not answer in time\"}}", late.toString());
        gateway.card(2).release();
        AuthenticationVector next = challenge2();
        assertSuccess(next, post(2, next));
    }

    @Test
    void aReaderThatIsGoneIs503WithRetryAfterUntilItComesBack() {
        gateway.card(1).unplug();

        Http.Response gone = post(1, challenge1());

        assertEquals("503 {\"error\":{\"message\":\"simgate slot 1: transport down\"}}", gone.toString());
        assertEquals("1", gone.header("retry-after"));
        assertEquals("transport_down", slotStatus(1).path("state").asText());
        gateway.card(1).plugIn();
        AuthenticationVector next = challenge1();
        assertSuccess(next, post(1, next));
        assertEquals("present", slotStatus(1).path("state").asText());
    }

    @Test
    void aHungSlotDoesNotHoldUpTheOtherSlot() throws Exception {
        gateway.card(0).hold();
        AuthenticationVector stuck = challenge0();
        CompletableFuture<Http.Response> waiting = postAsync(0, stuck);
        gateway.card(0).awaitAnApduAtTheGate();

        for (int i = 0; i < 5; i++) {
            AuthenticationVector other = challenge1();
            assertSuccess(other, post(1, other));
        }

        assertFalse(waiting.isDone(), "slot 0's card is still held");
        gateway.card(0).release();
        assertSuccess(stuck, waiting.get(20, TimeUnit.SECONDS));
    }

    @Test
    void onOneConnectionTheFastSlotsAnswerWaitsForTheSlowSlotsEarlierOne() throws Exception {
        AuthenticationVector slow = challenge0();
        gateway.card(0).hold();
        try (RawConnection connection = gateway.connect()) {
            connection.write(RawConnection.post(path(0), SimAuthApiTest.body(slow))
                    + RawConnection.get("/sim-info-api/v1/slot/1"));
            gateway.card(0).awaitAnApduAtTheGate();
            // slot 1 runs its work in order: once this answer is back, the pipelined info is done too
            assertEquals(200, gateway.client().get(gateway.http("/sim-info-api/v1/slot/1")).status());

            gateway.card(0).release();

            assertEquals(SimAuthApiTest.success(slow), connection.read().body());
            assertEquals(TestCard.SET_2.simInfo(), connection.read().body());
        }
    }
}
