package org.simgate.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.FrontLink;
import org.simgate.service.SimService;
import org.simgate.service.SlotLoan;
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
    /** Each protocol's slot meters by slot id; MeteredSimService reads the same live map. */
    private final Map<String, Map<Integer, SlotMeters>> byProtocol = new HashMap<>();
    /** The running fronts' links and the slots they lend; null until the fronts started. */
    private volatile Supplier<List<FrontLink>> frontLinks;
    private volatile IntFunction<List<SlotLoan>> lent;

    public GatewayMetrics(SlotRegistry slots) {
        this.slots = slots;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Slot slot : slots.all()) {
            gauges(slot);
        }
    }

    private void gauges(Slot slot) {
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
        // a transport with links of its own (remsim: server, bank): 1 while each is up
        for (String link : slot.transport().detail().links().keySet()) {
            Gauge.builder("simgate.slot.link", slot,
                            s -> Boolean.TRUE.equals(s.transport().detail().links().get(link)) ? 1 : 0)
                    .description("1 while the slot transport's link is up (a remsim slot's server and bank links)")
                    .tags(tags).tag("link", link).register(registry);
        }
    }

    /**
     * The fronts serve: a gauge per state of each link they keep ({@code simgate_front_link_state}, 1 for
     * the current state), its reconnects, and for each slot a front lends, its connected borrowers and the
     * commands they sent. Fronts keep the same links and lent slots for their life; read at scrape time.
     */
    public synchronized void frontsStarted(Supplier<List<FrontLink>> links, IntFunction<List<SlotLoan>> lent) {
        this.frontLinks = links;
        this.lent = lent;
        for (FrontLink link : links.get()) {
            Tags tags = Tags.of("front", link.front(), "link", link.link());
            for (FrontLink.State state : FrontLink.State.values()) {
                Gauge.builder("simgate.front.link.state", this, m -> {
                            FrontLink now = m.link(link);
                            return now != null && now.state() == state ? 1 : 0;
                        })
                        .description("1 for the current state of a link a front keeps (connecting, connected, refused)")
                        .tags(tags).tag("state", state.wire()).strongReference(true).register(registry);
            }
            FunctionCounter.builder("simgate.front.link.reconnects", this, m -> {
                        FrontLink now = m.link(link);
                        return now == null ? 0 : now.reconnects();
                    })
                    .description("Attempts to set a front's link up after the first one")
                    .tags(tags).register(registry);
        }
        for (Slot slot : slots.all()) {
            lentMeters(slot);
        }
    }

    private FrontLink link(FrontLink named) {
        for (FrontLink link : frontLinks.get()) {
            if (link.front().equals(named.front()) && link.link().equals(named.link())) {
                return link;
            }
        }
        return null;
    }

    /** A lent slot's borrowers connected now, and the commands they sent, per front that lends it. */
    private void lentMeters(Slot slot) {
        IntFunction<List<SlotLoan>> lending = lent;
        if (lending == null) {
            return;
        }
        int id = slot.id();
        for (SlotLoan loan : lending.apply(id)) {
            Tags tags = slotTags(slot).and("front", loan.front());
            Gauge.builder("simgate.slot.lent.connected", this, m -> {
                        SlotLoan now = m.loan(id, loan.front());
                        return now != null && now.connected() ? 1 : 0;
                    })
                    .description("Borrowers connected now to a slot a front lends (a remsim client through the bank)")
                    .tags(tags).strongReference(true).register(registry);
            FunctionCounter.builder("simgate.slot.lent.commands", this, m -> {
                        SlotLoan now = m.loan(id, loan.front());
                        return now == null ? 0 : now.commands();
                    })
                    .description("Commands (TPDUs) a front passed to a lent slot's card for its borrowers")
                    .tags(tags).register(registry);
        }
    }

    private SlotLoan loan(int slot, String front) {
        for (SlotLoan loan : lent.apply(slot)) {
            if (loan.front().equals(front)) {
                return loan;
            }
        }
        return null;
    }

    private static Tags slotTags(Slot slot) {
        return Tags.of("slot", Integer.toString(slot.id()), "slot_name", slot.name());
    }

    /** {@code service} as the listener of {@code protocol} should see it: every slot operation metered. */
    public synchronized SimService meter(SimService service, String protocol) {
        Map<Integer, SlotMeters> meters = byProtocol.computeIfAbsent(protocol, p -> {
            Map<Integer, SlotMeters> fresh = new ConcurrentHashMap<>();
            for (Slot slot : slots.all()) {
                fresh.put(slot.id(), new SlotMeters(registry, slot.id(), slot.name(), p));
            }
            return fresh;
        });
        return new MeteredSimService(service, meters);
    }

    /**
     * A slot that a reload added or restarted: its gauges and, for every protocol, its operation
     * meters. A restarted slot's old series were dropped by {@link #removeSlot}, so its counters
     * start again from zero, as after a restart of the process.
     */
    public synchronized void addSlot(Slot slot) {
        gauges(slot);
        lentMeters(slot);
        byProtocol.forEach((protocol, meters) ->
                meters.put(slot.id(), new SlotMeters(registry, slot.id(), slot.name(), protocol)));
    }

    /** Every series of the slot goes; answers still in flight for it are no longer recorded. */
    public synchronized void removeSlot(int id) {
        for (Map<Integer, SlotMeters> meters : byProtocol.values()) {
            SlotMeters gone = meters.remove(id);
            if (gone != null) {
                gone.close();
            }
        }
        String slot = Integer.toString(id);
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (slot.equals(meter.getId().getTag("slot"))) {
                registry.remove(meter);
            }
        }
    }

    /** A counter of a listener's open connections, exported as simgate_listener_connections. */
    public AtomicInteger connections(String listener) {
        AtomicInteger open = new AtomicInteger();
        Gauge.builder("simgate.listener.connections", open, AtomicInteger::get)
                .description("Open connections per listener").tag("listener", listener).register(registry);
        return open;
    }

    /**
     * Counts a connection a listener refused or closed early, exported as
     * simgate_listener_refusals_total: {@code listener_full}, {@code address_full} (its connection
     * limits), {@code request_timeout} (a request that did not arrive whole in time), {@code cross_site}
     * (a browser's request for a page of another site, refused before it reached a card).
     */
    public void refused(String listener, String reason) {
        io.micrometer.core.instrument.Counter.builder("simgate.listener.refusals")
                .description("Connections refused at a listener's limits or closed at the request read deadline, and cross-site requests refused")
                .tag("listener", listener).tag("reason", reason).register(registry).increment();
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
