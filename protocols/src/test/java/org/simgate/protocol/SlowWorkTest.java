package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowWorkTest {
    private final Queue<Runnable> offLoop = new ArrayDeque<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = channel.pipeline().firstContext();

    @AfterEach
    void drain() {
        Runnable work;
        while ((work = offLoop.poll()) != null) {
            work.run(); // gives back every permit: the limits are the process's
        }
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
    }

    @Test
    void theResultComesBackOnTheEventLoopAndTheRequestIsHeldUntilThen() {
        ByteBuf request = Unpooled.copiedBuffer(new byte[] {1});
        List<String> results = new ArrayList<>();
        assertNull(new SlowWork(ctx, offLoop::add).submit("k", () -> "verified", request,
                (result, failure) -> results.add(result + " " + request.refCnt())));
        request.release(); // the caller's own reference ends before the work runs
        assertEquals(1, request.refCnt(), "held for the work");
        offLoop.poll().run();
        assertTrue(results.isEmpty(), "not yet: the answer waits for the event loop");
        channel.runPendingTasks();
        assertEquals(List.of("verified 1"), results);
        assertEquals(0, request.refCnt(), "let go once the result was told");
    }

    @Test
    void onePeersShareIsLimitedAndAFullQueueIsBusy() {
        ByteBuf request = Unpooled.copiedBuffer(new byte[] {1});
        SlowWork full = new SlowWork(ctx, task -> {
            throw new RejectedExecutionException("full");
        });
        assertEquals(SlowWork.Refusal.BUSY, full.submit("other-key", () -> "x", request, (result, failure) -> { }));
        assertEquals(1, request.refCnt(), "a refused work holds nothing");
        request.release();

        SlowWork slow = new SlowWork(ctx, offLoop::add);
        for (int i = 0; i < VerificationLimits.PER_PEER; i++) {
            assertNull(slow.submit(null, () -> "x", null, (result, failure) -> { }));
        }
        assertEquals(SlowWork.Refusal.WAITING, slow.submit(null, () -> "x", null, (result, failure) -> { }));
    }
}
