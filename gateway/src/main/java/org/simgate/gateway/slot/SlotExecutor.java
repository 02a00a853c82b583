package org.simgate.gateway.slot;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.slf4j.MDC;

/**
 * One slot's thread. Card I/O is blocking, so it runs here and never on a Netty event loop; one
 * thread per slot means one slot's transactions never interleave while slots run in parallel.
 *
 * <p>The queue is bounded: when it is full a submission fails at once with BUSY rather than wait.
 * Each submission has a deadline counted from when it was submitted; {@link SlotWatchdog} fails a
 * late one with TIMEOUT even while its card call is still stuck, and a task whose deadline passed in
 * the queue never touches the card.
 */
public final class SlotExecutor implements AutoCloseable {
    private final ThreadPoolExecutor thread;
    private final long timeoutNanos;
    /** The slot as its users know it (its configured name): failures a client reads name it so. */
    private final String slotName;
    private volatile Task<?> running;
    /** Set by the watchdog when a card call overran; the slot reconnects before its next call. */
    private volatile boolean overran;

    public SlotExecutor(String slotName, int queueSize, java.time.Duration timeout) {
        this(slotName, null, queueSize, timeout);
    }

    /**
     * @param slotName the slot's name, as its failures (BUSY, TIMEOUT) name it to clients
     * @param slotId   the slot's id, set as MDC {@code slot} on the thread for its whole life so every
     *                 line it logs names the slot, and the thread's name {@code slot-<id>}; null sets
     *                 no MDC and names the thread {@code slotName}
     */
    public SlotExecutor(String slotName, String slotId, int queueSize, java.time.Duration timeout) {
        this.slotName = slotName;
        this.timeoutNanos = timeout.toNanos();
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
                runnable -> {
                    Thread t = new Thread(() -> {
                        if (slotId != null) {
                            MDC.put(SlotLogContext.KEY, slotId);
                        }
                        runnable.run();
                    }, slotId == null ? slotName : "slot-" + slotId);
                    t.setDaemon(true);
                    return t;
                });
        SlotWatchdog.INSTANCE.watch(this);
    }

    /** Queues {@code work}; the future completes on the slot thread (or the watchdog's, on timeout). */
    public <T> CompletableFuture<T> submit(CardWork<T> work) {
        Task<T> task = new Task<>(work, System.nanoTime() + timeoutNanos);
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            task.future.completeExceptionally(thread.isShutdown()
                    ? new SlotException(Kind.TRANSPORT_DOWN, slotName + " is shutting down")
                    : new SlotException(Kind.BUSY, slotName + " is busy: its queue is full"));
        }
        return task.future;
    }

    /** Requests waiting plus the one running. */
    public int queueDepth() {
        return thread.getQueue().size() + (running != null ? 1 : 0);
    }

    /** Whether a card call overran its deadline since the last call to this method. */
    public boolean takeOverran() {
        boolean was = overran;
        overran = false;
        return was;
    }

    /** Fails every task whose deadline has passed; called by the watchdog, off the slot thread. */
    void expireLate(long now) {
        Task<?> current = running;
        if (current != null && now - current.deadline > 0 && !current.future.isDone()) {
            overran = true; // before the future fails: whoever sees the TIMEOUT sees the overrun too
            current.expire(slotName);
        }
        // expired tasks leave the queue at once: behind a hung card they would otherwise fill it and
        // turn every new request into BUSY long after their own clients were answered
        thread.getQueue().removeIf(queued -> {
            Task<?> task = (Task<?>) queued;
            if (now - task.deadline > 0) {
                task.expire(slotName);
                return true;
            }
            return false;
        });
    }

    /** Stops taking work, lets queued work finish for up to {@code waitMillis}, then stops. */
    public void shutdown(long waitMillis) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                abandon();
            }
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt();
        }
        SlotWatchdog.INSTANCE.forget(this);
    }

    /** Stops now. Work that never ran, or still hangs, is failed: no caller waits for ever on its future. */
    private void abandon() {
        SlotException stopping = new SlotException(Kind.TRANSPORT_DOWN, slotName + " is shutting down");
        Task<?> current = running;
        if (current != null) {
            current.future.completeExceptionally(stopping);
        }
        for (Runnable neverRan : thread.shutdownNow()) {
            ((Task<?>) neverRan).future.completeExceptionally(stopping);
        }
    }

    @Override
    public void close() {
        shutdown(0);
    }

    private final class Task<T> implements Runnable {
        final CardWork<T> work;
        final long deadline;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Task(CardWork<T> work, long deadline) {
            this.work = work;
            this.deadline = deadline;
        }

        boolean expire(String slot) {
            return future.completeExceptionally(new SlotException(Kind.TIMEOUT, slot + ": the card did not answer in time"));
        }

        @Override
        public void run() {
            if (future.isDone()) {
                return; // expired while queued: the client has its answer, the card is not touched
            }
            running = this;
            T result = null;
            Throwable failure = null;
            try {
                result = work.run();
            } catch (SlotException e) {
                failure = e;
            } catch (Throwable e) {
                failure = new SlotException(Kind.INTERNAL, slotName + ": internal error", e);
            } finally {
                // before the future completes: whoever sees the answer must not count this task as queued
                running = null;
            }
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }
}
