package org.simgate.gateway.slot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>Work is queued at once, but an idle thread is woken only at the end of the submitting event
 * loop's iteration ({@link IterationWakeups}): the requests of every connection that loop read in
 * one go then cost one wake-up of this thread, not one each. A thread that is awake takes them as
 * they come. (With a thread pool's queue every submission signalled the thread, and on a busy core
 * the woken slot thread pre-empted the event loop at once, request by request: two context
 * switches per AKA, about a third of the gateway's CPU time at 16 connections.)
 */
public final class SlotExecutor implements AutoCloseable {
    private final long timeoutNanos;
    /** The slot as its users know it (its configured name): failures a client reads name it so. */
    private final String slotName;
    private final int queueSize;
    private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    /** Tasks in {@link #queue}: the bound, and the depth the dashboard shows. */
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread thread;
    /** The thread is parked, or about to park, with nothing queued: a submission must wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** No new work is taken; the thread ends once the queue is empty. */
    private volatile boolean shutdown;
    /** Stop now: the thread ends without running what is queued (which is failed). */
    private volatile boolean abandoned;
    /** The thread has ended: whatever is still queued will never run. */
    private volatile boolean exited;
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
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1");
        }
        this.slotName = slotName;
        this.queueSize = queueSize;
        this.timeoutNanos = timeout.toNanos();
        this.thread = new Thread(() -> {
            if (slotId != null) {
                MDC.put(SlotLogContext.KEY, slotId);
            }
            work();
        }, slotId == null ? slotName : "slot-" + slotId);
        thread.setDaemon(true);
        thread.start();
        SlotWatchdog.INSTANCE.watch(this);
    }

    /** Queues {@code work}; the future completes on the slot thread (or the watchdog's, on timeout). */
    public <T> CompletableFuture<T> submit(CardWork<T> work) {
        Task<T> task = new Task<>(work, System.nanoTime() + timeoutNanos);
        if (shutdown) {
            task.future.completeExceptionally(shuttingDown());
            return task.future;
        }
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            task.future.completeExceptionally(new SlotException(Kind.BUSY, slotName + " is busy: its queue is full"));
            return task.future;
        }
        queue.offer(task);
        if (exited) {
            failQueued(shuttingDown()); // the thread ended between the check above and the offer
            return task.future;
        }
        IterationWakeups.wake(this);
        return task.future;
    }

    /** Wakes the thread if it sleeps; called once per event loop iteration, or at once off event loops. */
    void wakeNow() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void work() {
        try {
            while (!abandoned) {
                Task<?> task = queue.poll();
                if (task != null) {
                    queued.decrementAndGet();
                    task.run();
                    continue;
                }
                if (shutdown) {
                    return; // queue drained
                }
                sleeping.set(true);
                // a submission queued before this line is seen here; one queued after it sees sleeping
                if (queue.isEmpty() && !shutdown && !abandoned) {
                    Thread.interrupted(); // an interrupted thread would not park: a card call's interrupt is not ours
                    LockSupport.park(this);
                }
                sleeping.set(false);
            }
        } finally {
            exited = true;
            terminated.countDown();
            failQueued(shuttingDown());
        }
    }

    private SlotException shuttingDown() {
        return new SlotException(Kind.TRANSPORT_DOWN, slotName + " is shutting down");
    }

    private void failQueued(SlotException failure) {
        Task<?> task;
        while ((task = queue.poll()) != null) {
            queued.decrementAndGet();
            task.future.completeExceptionally(failure);
        }
    }

    /** Requests waiting plus the one running. */
    public int queueDepth() {
        return queued.get() + (running != null ? 1 : 0);
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
        for (Task<?> task : queue) {
            if (now - task.deadline > 0 && queue.remove(task)) {
                queued.decrementAndGet();
                task.expire(slotName);
            }
        }
    }

    /** Stops taking work, lets queued work finish for up to {@code waitMillis}, then stops. */
    public void shutdown(long waitMillis) {
        shutdown = true;
        LockSupport.unpark(thread);
        try {
            if (!terminated.await(waitMillis, TimeUnit.MILLISECONDS)) {
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
        abandoned = true;
        SlotException stopping = shuttingDown();
        Task<?> current = running;
        if (current != null) {
            current.future.completeExceptionally(stopping);
        }
        failQueued(stopping);
        thread.interrupt(); // a card call that waits interruptibly gives up; the thread then ends
        LockSupport.unpark(thread); // and an idle one that cleared the interrupt just before parking wakes
    }

    @Override
    public void close() {
        shutdown(0);
    }

    private final class Task<T> {
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

        void run() {
            if (future.isDone()) {
                return; // expired while queued, or abandoned: the client has its answer, the card is not touched
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
