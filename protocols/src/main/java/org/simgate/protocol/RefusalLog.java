package org.simgate.protocol;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The log of one kind of refusal that a stranger can repeat at will (a web page looping on a
 * refused request, a scanner): the first goes to INFO, then at most one a minute, with how many
 * went to DEBUG in between. A gateway that runs for months keeps its log readable and its disk.
 */
public final class RefusalLog {
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final LongSupplier nanoTime;
    /** When the next INFO line may be written. */
    private final AtomicLong nextLoud;
    private final AtomicLong quietSince = new AtomicLong();

    public RefusalLog(Logger log) {
        this(log, System::nanoTime);
    }

    RefusalLog(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.nextLoud = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs {@code message} (SLF4J {@code {}} placeholders) at INFO or, within a minute of the last INFO line, at DEBUG. */
    public void refused(String message, Object... args) {
        long quiet = takeTurn();
        if (quiet < 0) {
            log.debug(message, args);
        } else if (quiet == 0) {
            log.info(message, args);
        } else {
            log.info(message + " (and " + quiet + " more like it since the last such line, at DEBUG)", args);
        }
    }

    /** -1: this one goes to DEBUG; else INFO, and how many went to DEBUG since the last INFO line. */
    long takeTurn() {
        long now = nanoTime.getAsLong();
        long next = nextLoud.get();
        if (now - next >= 0 && nextLoud.compareAndSet(next, now + INTERVAL_NANOS)) {
            return quietSince.getAndSet(0);
        }
        quietSince.incrementAndGet();
        return -1;
    }
}
