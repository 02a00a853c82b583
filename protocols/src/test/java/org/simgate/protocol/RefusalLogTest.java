package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {
    private final AtomicLong now = new AtomicLong(-5_000); // nanoTime may be negative
    private final RefusalLog refusals = new RefusalLog(LoggerFactory.getLogger(RefusalLogTest.class), now::get);

    @Test
    void theFirstIsLoudThenOneAMinuteWithTheCountOfTheQuiet() {
        assertEquals(0, refusals.takeTurn(), "the first refusal is an INFO line");
        for (int i = 0; i < 1_000; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
            assertEquals(-1, refusals.takeTurn(), "within the minute: DEBUG");
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(10)); // 60 s after the first
        assertEquals(1_000, refusals.takeTurn(), "a minute on: INFO, naming the 1,000 in between");
        assertEquals(-1, refusals.takeTurn());
        now.addAndGet(TimeUnit.MINUTES.toNanos(5));
        assertEquals(1, refusals.takeTurn());
        assertEquals(-1, refusals.takeTurn());
    }

    @Test
    void parallelRefusalsGetOneLoudLine() throws Exception {
        refusals.takeTurn();
        now.addAndGet(TimeUnit.MINUTES.toNanos(2));
        AtomicLong loud = new AtomicLong();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    if (refusals.takeTurn() >= 0) {
                        loud.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, loud.get());
    }
}
