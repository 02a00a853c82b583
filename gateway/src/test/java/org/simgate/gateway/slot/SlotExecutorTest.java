package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;

/**
 * The slot's thread: serial, bounded, with deadlines. Waits are on latches; the only time bounds
 * are generous guards against a hang, never a claim about speed.
 */
class SlotExecutorTest {
    /** Far beyond any deadline used here: reaching it means a hang, not a slow machine. */
    static final long HANG_GUARD_SECONDS = 10;
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(200);
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

    private final List<SlotExecutor> executors = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAndStop() {
        release.countDown();
        executors.forEach(SlotExecutor::close);
    }

    private SlotExecutor executor(int queueSize, Duration timeout) {
        SlotExecutor executor = new SlotExecutor("test-slot", queueSize, timeout);
        executors.add(executor);
        return executor;
    }

    /** Work that signals it has started, then holds the slot until the test releases it. */
    private CardWork<String> holdUntilReleased(CountDownLatch started) {
        return () -> {
            started.countDown();
            release.await();
            return "held";
        };
    }

    static <T> T resultOf(CompletableFuture<T> future) throws Exception {
        return future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

    static SlotException failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(SlotException.class, e.getCause());
    }

    @Test
    void workRunsOnTheSlotsOwnThread() throws Exception {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);

        assertEquals("test-slot", resultOf(executor.submit(() -> Thread.currentThread().getName())));
    }

    @Test
    void manyConcurrentSubmissionsNeverOverlap() throws Exception {
        SlotExecutor executor = executor(1000, LONG_TIMEOUT);
        AtomicInteger inWork = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> futures = new CopyOnWriteArrayList<>();
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread submitter = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    futures.add(executor.submit(() -> {
                        mostAtOnce.accumulateAndGet(inWork.incrementAndGet(), Math::max);
                        for (int spin = 0; spin < 100; spin++) {
                            Thread.onSpinWait(); // widen the window in which an overlap would show
                        }
                        inWork.decrementAndGet();
                        return 1;
                    }));
                }
            });
            submitter.start();
            submitters.add(submitter);
        }
        go.countDown();
        for (Thread submitter : submitters) {
            submitter.join();
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        assertEquals(400, futures.size());
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    void workRunsInTheOrderItWasSubmitted() throws Exception {
        SlotExecutor executor = executor(200, LONG_TIMEOUT);
        List<Integer> order = new CopyOnWriteArrayList<>();

        List<CompletableFuture<Boolean>> futures = IntStream.range(0, 100)
                .mapToObj(i -> executor.submit(() -> order.add(i))).toList();
        resultOf(futures.get(99));

        assertEquals(IntStream.range(0, 100).boxed().toList(), order);
    }

    @Test
    void aFullQueueAnswersBusyAtOnce() throws Exception {
        SlotExecutor executor = executor(2, LONG_TIMEOUT);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = executor.submit(holdUntilReleased(started));
        started.await();
        CompletableFuture<String> queued1 = executor.submit(() -> "queued 1");
        CompletableFuture<String> queued2 = executor.submit(() -> "queued 2");

        CompletableFuture<String> rejected = executor.submit(() -> "never runs");

        // decided while the slot is still held: the submission did not wait for room
        assertTrue(rejected.isCompletedExceptionally());
        assertEquals(Kind.BUSY, failureOf(rejected).kind());
        assertEquals(3, executor.queueDepth());
        release.countDown();
        assertEquals("held", resultOf(running));
        assertEquals("queued 1", resultOf(queued1));
        assertEquals("queued 2", resultOf(queued2));
    }

    @Test
    void stuckWorkFailsWithTimeoutAndMarksTheSlotOverrun() throws Exception {
        SlotExecutor executor = executor(4, SHORT_TIMEOUT);
        CountDownLatch started = new CountDownLatch(1);

        CompletableFuture<String> stuck = executor.submit(holdUntilReleased(started));

        // the watchdog answers while the work is still stuck in its "card call"
        assertEquals(Kind.TIMEOUT, failureOf(stuck).kind());
        assertTrue(executor.takeOverran(), "whoever sees the TIMEOUT must also see the overrun");
        assertFalse(executor.takeOverran(), "the overrun is reported once");
        release.countDown();
    }

    @Test
    void workFinishingInTimeDoesNotMarkAnOverrun() throws Exception {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);

        assertEquals("done", resultOf(executor.submit(() -> "done")));

        assertFalse(executor.takeOverran());
    }

    @Test
    void workWhoseDeadlinePassedInTheQueueNeverRuns() throws Exception {
        SlotExecutor executor = executor(4, SHORT_TIMEOUT);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean touchedTheCard = new AtomicBoolean();
        executor.submit(holdUntilReleased(started));
        started.await();

        CompletableFuture<String> queued = executor.submit(() -> {
            touchedTheCard.set(true);
            return "too late";
        });

        assertEquals(Kind.TIMEOUT, failureOf(queued).kind());
        release.countDown();
        executor.shutdown(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS)); // drains the queue, then stops
        assertFalse(touchedTheCard.get());
    }

    @Test
    void anExceptionInWorkIsAnInternalErrorWithItsCause() {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);
        IllegalStateException bug = new IllegalStateException("a bug");

        SlotException e = failureOf(executor.submit(() -> {
            throw bug;
        }));

        assertEquals(Kind.INTERNAL, e.kind());
        assertSame(bug, e.getCause());
    }

    @Test
    void aSlotExceptionFromWorkPassesThroughUnchanged() {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);
        SlotException noCard = new SlotException(Kind.NO_CARD, "no card");

        assertSame(noCard, failureOf(executor.submit(() -> {
            throw noCard;
        })));
    }

    @Test
    void shutdownLetsQueuedWorkFinish() throws Exception {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = executor.submit(holdUntilReleased(started));
        started.await();
        CompletableFuture<String> queued1 = executor.submit(() -> "queued 1");
        CompletableFuture<String> queued2 = executor.submit(() -> "queued 2");

        Thread stopper = new Thread(() -> executor.shutdown(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS)));
        stopper.start();
        // TIMED_WAITING: the stopper has stopped intake and waits in awaitTermination
        while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.isAlive()) {
            Thread.onSpinWait();
        }
        assertEquals(Kind.TRANSPORT_DOWN, failureOf(executor.submit(() -> "after shutdown")).kind());
        release.countDown();
        stopper.join();

        assertEquals("held", resultOf(running));
        assertEquals("queued 1", resultOf(queued1));
        assertEquals("queued 2", resultOf(queued2));
    }

    @Test
    void shutdownWithoutWaitingFailsQueuedWorkInsteadOfLeavingItPending() throws Exception {
        SlotExecutor executor = executor(4, LONG_TIMEOUT);
        CountDownLatch started = new CountDownLatch(1);
        executor.submit(holdUntilReleased(started));
        started.await();
        CompletableFuture<String> queued = executor.submit(() -> "queued");

        executor.shutdown(0);

        // a client waiting on this future must get an answer, not wait for ever
        assertEquals(Kind.TRANSPORT_DOWN, failureOf(queued).kind());
    }
}
