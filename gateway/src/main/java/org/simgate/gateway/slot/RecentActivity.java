package org.simgate.gateway.slot;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.simgate.service.Outcome;
import org.simgate.service.SlotActivity;

/**
 * One slot's last minute for the dashboard: a ring of 60 one-second buckets, each an operation and
 * authentication count and a small log-scale latency histogram (four bins per octave, so a quantile
 * is within about 10% of the truth). Recording touches one bucket under an uncontended lock and
 * allocates nothing; the work of turning buckets into rates and quantiles is done by whoever asks,
 * about once a second.
 */
public final class RecentActivity {
    static final int SECONDS = 60;
    private static final int BINS_PER_OCTAVE = 4;
    /** 1 µs up to 2^31 µs (about 36 minutes), far beyond any operation timeout. */
    private static final int BINS = 31 * BINS_PER_OCTAVE;
    private static final long BUSY_MILLIS = 2_000;
    private final LongSupplier clock;
    private final long startSecond;
    // guarded by this
    private final long[] bucketSecond = new long[SECONDS];
    private final int[] operations = new int[SECONDS];
    private final int[] authentications = new int[SECONDS];
    private final int[][] latency = new int[SECONDS][BINS];
    private String lastOutcome;
    private long lastOutcomeMillis;
    private long lastBusyMillis;

    public RecentActivity() {
        this(System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds (tests turn it by hand) */
    RecentActivity(LongSupplier clock) {
        this.clock = clock;
        this.startSecond = Math.floorDiv(clock.getAsLong(), 1000);
        Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /** One client operation has answered, after {@code nanos}; {@code failure} null when it succeeded. */
    public void record(Object result, Throwable failure, long nanos) {
        Outcome outcome = Outcome.of(result, failure);
        int bin = bin(nanos);
        long now = clock.getAsLong();
        synchronized (this) {
            int bucket = bucket(now);
            operations[bucket]++;
            latency[bucket][bin]++;
            lastOutcome = outcome.dashboardLabel();
            lastOutcomeMillis = now;
            if (outcome == Outcome.BUSY) {
                lastBusyMillis = now;
            }
        }
    }

    /** The card ran one AUTHENTICATE, whichever protocol and operation asked for it. */
    public void authenticated() {
        long now = clock.getAsLong();
        synchronized (this) {
            authentications[bucket(now)]++;
        }
    }

    /** The last minute: the 60 whole seconds before the current one. */
    public SlotActivity snapshot() {
        long now = clock.getAsLong();
        long current = Math.floorDiv(now, 1000);
        int[] merged = new int[BINS];
        double[] trend = new double[SECONDS];
        long operationCount = 0;
        long authenticationCount = 0;
        String outcome;
        long outcomeMillis;
        long busyMillis;
        synchronized (this) {
            for (int i = 0; i < SECONDS; i++) {
                long second = current - SECONDS + i;
                int bucket = (int) Math.floorMod(second, (long) SECONDS);
                if (bucketSecond[bucket] != second) {
                    trend[i] = Double.NaN;
                    continue;
                }
                operationCount += operations[bucket];
                authenticationCount += authentications[bucket];
                int[] bins = latency[bucket];
                for (int b = 0; b < BINS; b++) {
                    merged[b] += bins[b];
                }
                trend[i] = quantile(bins, operations[bucket], 0.5);
            }
            outcome = lastOutcome;
            outcomeMillis = lastOutcomeMillis;
            busyMillis = lastBusyMillis;
        }
        // a slot younger than a minute is measured over the seconds it has lived
        long seconds = Math.max(1, Math.min(SECONDS, current - startSecond));
        return new SlotActivity(outcome, outcomeMillis, (double) operationCount / seconds,
                (double) authenticationCount / seconds, quantile(merged, operationCount, 0.5),
                quantile(merged, operationCount, 0.99), trend,
                busyMillis != 0 && now - busyMillis < BUSY_MILLIS);
    }

    /** The bucket of {@code now}'s second, emptied first if it still holds an older second. */
    private int bucket(long now) {
        long second = Math.floorDiv(now, 1000);
        int bucket = (int) Math.floorMod(second, (long) SECONDS);
        if (bucketSecond[bucket] != second) {
            bucketSecond[bucket] = second;
            operations[bucket] = 0;
            authentications[bucket] = 0;
            Arrays.fill(latency[bucket], 0);
        }
        return bucket;
    }

    /** Octave of the microseconds, then the two bits below the top one: four bins per doubling. */
    static int bin(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int octave = 63 - Long.numberOfLeadingZeros(micros);
        int fraction = (int) (octave >= 2 ? micros >>> (octave - 2) : micros << (2 - octave)) & 3;
        return Math.min(BINS - 1, octave * BINS_PER_OCTAVE + fraction);
    }

    /** The middle of a bin, in milliseconds. */
    static double binMillis(int bin) {
        int octave = bin / BINS_PER_OCTAVE;
        int fraction = bin % BINS_PER_OCTAVE;
        return (BINS_PER_OCTAVE + fraction + 0.5) / BINS_PER_OCTAVE * (1L << octave) / 1000.0;
    }

    private static double quantile(int[] bins, long count, double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += bins[b];
            if (seen >= rank) {
                return binMillis(b);
            }
        }
        return binMillis(BINS - 1);
    }
}
