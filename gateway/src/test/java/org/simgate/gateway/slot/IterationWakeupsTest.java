package org.simgate.gateway.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work a Netty event loop submits wakes the slot's thread when the loop's iteration ends, not at
 * each submission: the requests one iteration read reach the slot together (one wake-up), and the
 * slot thread does not pre-empt the loop in the middle of its reads. Waits are on latches and
 * futures; the one bounded wait gives the old behaviour time to show, it decides nothing by itself.
 */
class IterationWakeupsTest {
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<SlotExecutor> executors = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        executors.forEach(SlotExecutor::close);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(SlotExecutorTest.HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

    private SlotExecutor executor(String name) {
        SlotExecutor executor = new SlotExecutor(name, 1000, LONG_TIMEOUT);
        executors.add(executor);
        return executor;
    }

    @Test
    void workAnEventLoopTaskSubmitsStartsOnlyAfterThatTask() throws Exception {
        SlotExecutor slot = executor("slot");
        SlotExecutorTest.resultOf(slot.submit(() -> "idle now"));
        AtomicBoolean loopTaskOver = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Boolean> sawLoopTaskOver = new CompletableFuture<>();

        loops.next().execute(() -> {
            slot.submit(() -> {
                sawLoopTaskOver.complete(loopTaskOver.get());
                ran.countDown();
                return null;
            });
            try {
                // before: the submission woke the slot thread at once, and the work ran in here
                ran.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loopTaskOver.set(true);
        });

        assertTrue(SlotExecutorTest.resultOf(sawLoopTaskOver),
                "the work ran while the event loop task that submitted it was still running");
    }

    @Test
    void everySubmissionFromEventLoopsAndOtherThreadsRuns() throws Exception {
        SlotExecutor slot0 = executor("slot-a");
        SlotExecutor slot1 = executor("slot-b");
        List<CompletableFuture<Integer>> results = new CopyOnWriteArrayList<>();
        CountDownLatch loopTasks = new CountDownLatch(200);
        int expected = 0;
        for (int task = 0; task < 200; task++) {
            int times = task % 3 + 1;
            // a loop task submits to both slots, some several times; the test's thread submits too
            loops.next().execute(() -> {
                for (int i = 0; i < times; i++) {
                    results.add(slot0.submit(() -> 1));
                    results.add(slot1.submit(() -> 1));
                }
                loopTasks.countDown();
            });
            expected += 2 * times;
            if (task % 10 == 0) {
                results.add(slot0.submit(() -> 1));
                expected++;
            }
        }

        assertTrue(loopTasks.await(SlotExecutorTest.HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> result : results) {
            assertEquals(1, SlotExecutorTest.resultOf(result));
        }
        assertEquals(expected, results.size());
    }
}
