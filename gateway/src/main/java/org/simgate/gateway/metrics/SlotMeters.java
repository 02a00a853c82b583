package org.simgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.simgate.service.Outcome;

/**
 * One slot's meters for one protocol. Each (operation, outcome) counter and each operation's timer
 * is resolved from the registry once, on first use, and then read from an array: the hot path
 * builds no tags and looks nothing up. Only combinations that happened are exported.
 */
final class SlotMeters {
    static final String OPERATIONS = "simgate.slot.operations";
    static final String DURATION = "simgate.slot.operation.duration";
    /** Buckets from a software card's tens of microseconds to a slow real card's seconds. */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final int OUTCOMES = Outcome.values().length;

    private final MeterRegistry registry;
    /** slot id, slot name, protocol: labels fixed by config, never card data. */
    private final Tags tags;
    /** Indexed by operation × outcome; atomic arrays publish a meter resolved on one thread to the others. */
    private final AtomicReferenceArray<Counter> counters =
            new AtomicReferenceArray<>(Operation.ALL.length * OUTCOMES);
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Operation.ALL.length);

    SlotMeters(MeterRegistry registry, int slot, String slotName, String protocol) {
        this.registry = registry;
        this.tags = Tags.of("slot", Integer.toString(slot), "slot_name", slotName, "protocol", protocol);
    }

    /** The slot was removed or restarted: a late answer must not bring its series back. */
    private volatile boolean closed;

    void record(Operation operation, Outcome outcome, long nanos) {
        if (closed) {
            return;
        }
        counter(operation, outcome).increment();
        timer(operation).record(nanos, TimeUnit.NANOSECONDS);
    }

    void close() {
        closed = true;
    }

    // Racing first uses may both resolve: the registry hands both the same meter, so either write wins.
    // Outcomes that share a label (card refusals other than a wrong MAC; no such slot and internal) share one counter.
    private Counter counter(Operation operation, Outcome outcome) {
        int index = operation.ordinal() * OUTCOMES + outcome.ordinal();
        Counter counter = counters.get(index);
        if (counter == null) {
            counter = Counter.builder(OPERATIONS)
                    .description("Slot operations by protocol, operation and outcome")
                    .tags(tags).tag("operation", operation.label).tag("outcome", outcome.metricLabel())
                    .register(registry);
            counters.set(index, counter);
        }
        return counter;
    }

    private Timer timer(Operation operation) {
        Timer timer = timers.get(operation.ordinal());
        if (timer == null) {
            timer = Timer.builder(DURATION)
                    .description("Time from a protocol's call to the slot's answer, queueing included")
                    .tags(tags).tag("operation", operation.label)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            timers.set(operation.ordinal(), timer);
        }
        return timer;
    }
}
