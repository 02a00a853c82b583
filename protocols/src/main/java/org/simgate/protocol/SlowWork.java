package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCounted;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Work too slow for an event loop (a P-384 signature, a device's finalization with its passphrase
 * hash and file write), run for one connection on {@link VerificationThreads} within
 * {@link VerificationLimits}: one peer address, or one key id, may only have its share waiting.
 * The result comes back on the connection's event loop. Every HTTP front's slow checks go through
 * here; used on the event loop.
 */
public final class SlowWork {
    /** Why the work was not taken. */
    public enum Refusal {
        /** This address or key id already has its share waiting: 429. */
        WAITING,
        /** The threads take no more: 503. */
        BUSY
    }

    /** Told the work's result, on the event loop; {@code failure} when it threw. */
    @FunctionalInterface
    public interface Done<T> {
        void done(T result, Throwable failure);
    }

    private final ChannelHandlerContext ctx;
    private final Executor offLoop;
    private final VerificationLimits limits = VerificationThreads.limits();

    /** @param offLoop {@link VerificationThreads#executor()}; tests: their own */
    public SlowWork(ChannelHandlerContext ctx, Executor offLoop) {
        this.ctx = ctx;
        this.offLoop = Objects.requireNonNull(offLoop, "offLoop");
    }

    /**
     * Runs {@code work} off the event loop, then {@code then} on it; {@code held} (the request the
     * work reads, or null) stays readable until {@code then} returns.
     *
     * @param keyId the key id the request names, counted with the peer's address; null: the address only
     * @return null when the work was taken, else why not ({@code then} is not called)
     */
    public <T> Refusal submit(String keyId, Supplier<T> work, ReferenceCounted held, Done<T> then) {
        VerificationLimits.Permit permit = limits.tryAcquire(ctx.channel().remoteAddress(), keyId);
        if (permit == null) {
            return Refusal.WAITING;
        }
        CompletableFuture<T> result;
        retain(held);
        try {
            result = CompletableFuture.supplyAsync(work, offLoop);
        } catch (RejectedExecutionException e) {
            permit.release();
            release(held);
            return Refusal.BUSY;
        }
        result.whenComplete((value, failure) -> permit.release());
        result.whenComplete((value, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    try {
                        then.done(value, failure);
                    } finally {
                        release(held);
                    }
                });
            } catch (RejectedExecutionException e) {
                release(held); // the event loop is shutting down, and the connection with it
            }
        });
        return null;
    }

    private static void retain(ReferenceCounted held) {
        if (held != null) {
            held.retain();
        }
    }

    private static void release(ReferenceCounted held) {
        if (held != null) {
            held.release();
        }
    }
}
