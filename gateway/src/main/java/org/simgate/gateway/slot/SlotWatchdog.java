package org.simgate.gateway.slot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that enforces every slot's deadlines, so the hot path schedules no timer per
 * request. Its resolution (50 ms) is far below any sensible operation timeout.
 */
final class SlotWatchdog implements Runnable {
    static final SlotWatchdog INSTANCE = new SlotWatchdog();
    private static final long PERIOD_NANOS = 50_000_000L;

    private final Set<SlotExecutor> executors = ConcurrentHashMap.newKeySet();

    private SlotWatchdog() {
        Thread thread = new Thread(this, "slot-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(SlotExecutor executor) {
        executors.add(executor);
    }

    void forget(SlotExecutor executor) {
        executors.remove(executor);
    }

    @Override
    public void run() {
        while (true) {
            LockSupport.parkNanos(PERIOD_NANOS);
            long now = System.nanoTime();
            for (SlotExecutor executor : executors) {
                try {
                    executor.expireLate(now);
                } catch (RuntimeException e) {
                    // a watchdog that dies would leave every slot without timeouts; keep going
                }
            }
        }
    }
}
