package org.simgate.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.simgate.service.Outcome;

/** The {@code outcome} label: outcomes that share one (docs/operations.md) are one series, counted together. */
class SlotMetersTest {

    @Test
    void outcomesThatShareALabelAreOneSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SlotMeters meters = new SlotMeters(registry, 0, "slot 0", "rest");
        for (Outcome outcome : List.of(Outcome.CONTEXT_NOT_SUPPORTED, Outcome.KEY_FRESHNESS_FAILURE,
                Outcome.CARD_ERROR, Outcome.MAC_FAILURE, Outcome.NO_SUCH_SLOT, Outcome.INTERNAL, Outcome.BUSY)) {
            meters.record(Operation.AUTHENTICATE, outcome, 1_000);
        }

        String series = registry.scrape().lines()
                .filter(line -> line.startsWith("simgate_slot_operations_total{"))
                .map(line -> line.replaceAll(".*outcome=\"([a-z_]+)\".* ", "$1=")) // outcome=count
                .sorted()
                .collect(Collectors.joining(" "));
        assertEquals("busy=1.0 card_error=3.0 internal=2.0 mac_failure=1.0", series);
    }
}
