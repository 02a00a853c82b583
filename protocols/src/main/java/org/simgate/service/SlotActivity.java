package org.simgate.service;

/**
 * What a slot did lately, as the dashboard shows it: every client operation on any protocol, timed
 * from the call to the slot's answer (queueing included). Rates and latencies cover the last minute;
 * latencies are NaN when nothing ran in it. Never holds card data: outcomes are labels, not answers.
 *
 * @param lastOutcome     how the latest operation ended ({@code success}, {@code sync_failure},
 *                        {@code no_card}, …, the outcome labels of the metrics), null when none ran yet
 * @param lastOutcomeMillis when it ended (epoch milliseconds), 0 when none ran yet
 * @param operationsPerSecond client operations per second over the last minute
 * @param authenticationsPerSecond AUTHENTICATE commands the card ran per second over the last minute
 * @param p50Millis       median operation latency over the last minute
 * @param p99Millis       99th percentile over the last minute
 * @param latencyTrend    the median of each of the last 60 seconds, oldest first; NaN for a second without operations
 * @param busy            the slot refused work for a full queue in the last two seconds
 */
public record SlotActivity(String lastOutcome, long lastOutcomeMillis, double operationsPerSecond,
                           double authenticationsPerSecond, double p50Millis, double p99Millis,
                           double[] latencyTrend, boolean busy) {
}
