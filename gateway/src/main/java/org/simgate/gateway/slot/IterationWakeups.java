package org.simgate.gateway.slot;

import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * The slot threads an event loop has queued work for in its current iteration, woken together when
 * the iteration ends (after it has read every ready connection and run its tasks): one wake-up of a
 * slot thread per iteration instead of one per request. The wait this adds to a request is the rest
 * of one iteration of its own event loop; its card work still runs on the slot's thread, never here.
 *
 * <p>Off an event loop (a test's thread, the watchdog, a timer) a slot thread is woken at once.
 */
final class IterationWakeups implements Runnable {
    private static final FastThreadLocal<IterationWakeups> OF_THREAD = new FastThreadLocal<>() {
        @Override
        protected IterationWakeups initialValue() {
            // Netty's own record of which event loop runs on this thread
            EventExecutor executor = ThreadExecutorMap.currentExecutor();
            return executor instanceof SingleThreadEventLoop loop && loop.inEventLoop() ? new IterationWakeups(loop) : null;
        }
    };

    private final SingleThreadEventLoop loop;
    private final ArrayList<SlotExecutor> pending = new ArrayList<>();
    private boolean scheduled;

    private IterationWakeups(SingleThreadEventLoop loop) {
        this.loop = loop;
    }

    /** Wakes {@code executor}'s thread at the end of this event loop iteration, or now off event loops. */
    static void wake(SlotExecutor executor) {
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            IterationWakeups wakeups = OF_THREAD.get();
            if (wakeups != null && wakeups.add(executor)) {
                return;
            }
        }
        executor.wakeNow();
    }

    private boolean add(SlotExecutor executor) {
        if (!scheduled) {
            try {
                loop.executeAfterEventLoopIteration(this);
            } catch (RejectedExecutionException e) {
                return false; // the loop is shutting down: no more iterations to wait for
            }
            scheduled = true;
        }
        // once per slot: a slot woken first would have drained its queue and slept again by a second wake
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) == executor) {
                return true;
            }
        }
        pending.add(executor);
        return true;
    }

    @Override
    public void run() {
        scheduled = false;
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).wakeNow();
        }
        pending.clear();
    }
}
