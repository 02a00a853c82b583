package org.simgate.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.SimService;
import org.simgate.service.SlotStatus;

/**
 * simgate's meters in one Prometheus registry: slot operations (through {@link #meter}), slot queue
 * depth and state, open connections per listener, and the JVM. Gauges are read at scrape time, so
 * they cost the hot path nothing. Labels are slot ids and names, protocols and listeners only.
 */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SlotRegistry slots;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public GatewayMetrics(SlotRegistry slots) {
        this.slots = slots;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Slot slot : slots.all()) {
            Tags tags = slotTags(slot);
            Gauge.builder("simgate.slot.queue.depth", slot, Slot::queueDepth)
                    .description("Requests waiting for the slot plus the one running")
                    .tags(tags).register(registry);
            // one series per state, 1 for the current one: alerts and dashboards select a state by label
            for (SlotStatus.State state : SlotStatus.State.values()) {
                Gauge.builder("simgate.slot.state", slot, s -> s.state() == state ? 1 : 0)
                        .description("1 for the slot's current state (present, no_card, transport_down, out_of_service)")
                        .tags(tags).tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry);
            }
        }
    }

    private static Tags slotTags(Slot slot) {
        return Tags.of("slot", Integer.toString(slot.id()), "slot_name", slot.name());
    }

    /** {@code service} as the listener of {@code protocol} should see it: every slot operation metered. */
    public SimService meter(SimService service, String protocol) {
        Map<Integer, SlotMeters> meters = new HashMap<>();
        for (Slot slot : slots.all()) {
            meters.put(slot.id(), new SlotMeters(registry, slot.id(), slot.name(), protocol));
        }
        return new MeteredSimService(service, Map.copyOf(meters));
    }

    /** A counter of a listener's open connections, exported as simgate_listener_connections. */
    public AtomicInteger connections(String listener) {
        AtomicInteger open = new AtomicInteger();
        Gauge.builder("simgate.listener.connections", open, AtomicInteger::get)
                .description("Open connections per listener").tag("listener", listener).register(registry);
        return open;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
