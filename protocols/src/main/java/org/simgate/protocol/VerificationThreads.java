package org.simgate.protocol;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do an HTTP request's slow checks, so that they never stall an event loop: a
 * P-384 ECDSA signature (milliseconds each, against microseconds for an HMAC) on the REST and
 * management listeners, and a device's finalize request (a signature, a passphrase hash, a file
 * write).
 *
 * <p>One pool for the process, like the CPU it stands for: every listener shares it, and its
 * threads end after a minute without work, so a gateway whose clients use shared keys only never
 * keeps one. The queue is bounded: when it is full the work is refused and the request answered
 * 503, rather than a flood of expensive signatures queueing without limit. Before that, each peer
 * address and each key id may have only so much of it ({@link #limits()}, a 429 beyond), so that
 * one source cannot fill the queue in front of everyone else.
 */
public final class VerificationThreads {
    public static final int QUEUE = 1024;
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();
    private static final VerificationLimits LIMITS = new VerificationLimits();

    private VerificationThreads() {
    }

    private static ThreadPoolExecutor pool() {
        int threads = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "verify-" + NUMBER.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The pool; its {@code execute} throws {@link RejectedExecutionException} when the queue is full. */
    public static Executor executor() {
        return POOL;
    }

    /** What each peer address and key id may have on the pool at once, for every listener. */
    public static VerificationLimits limits() {
        return LIMITS;
    }
}
