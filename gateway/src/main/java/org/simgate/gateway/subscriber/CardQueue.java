package org.simgate.gateway.subscriber;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One card's work, in order, on a pool shared by every card: a card holds no thread. At most one of
 * its tasks runs at a time (so its APDU sequences never interleave); while one runs, the next wait
 * here, at most {@code limit} of them. A card with a long queue gives its pool thread up after a few
 * tasks, so one busy subscriber does not hold a thread the others need.
 */
final class CardQueue {
    /** Tasks one turn on a pool thread runs before the card queues itself again behind the others. */
    private static final int TASKS_PER_TURN = 16;

    private final Executor pool;
    private final int limit;
    // guarded by this
    private ArrayDeque<Runnable> waiting;
    private boolean scheduled;
    private int running;

    CardQueue(Executor pool, int limit) {
        this.pool = pool;
        this.limit = limit;
    }

    /** Queues {@code task}; false when the card already has {@code limit} tasks waiting. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            if (waiting.size() >= limit) {
                return false;
            }
            waiting.add(task);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        schedule();
        return true;
    }

    /** Tasks waiting plus the one running. */
    synchronized int depth() {
        return (waiting == null ? 0 : waiting.size()) + running;
    }

    private void schedule() {
        try {
            pool.execute(this::turn);
        } catch (RejectedExecutionException e) {
            // the pool is closing: what waits runs here, where a closing farm fails it at once
            turn();
        }
    }

    private void turn() {
        for (int ran = 0; ; ran++) {
            Runnable task;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    scheduled = false;
                    waiting = null; // an idle card holds no queue: 10,000 of them stay small
                    return;
                }
                if (ran == TASKS_PER_TURN) {
                    break;
                }
                task = waiting.poll();
                running = 1;
            }
            try {
                task.run();
            } finally {
                synchronized (this) {
                    running = 0;
                }
            }
        }
        schedule(); // still scheduled: nobody else starts a turn for this card meanwhile
    }
}
