package org.simgate.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.ConfiguredFront;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotChanges;
import org.simgate.gateway.slot.SlotLogContext;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.ReloadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new config to a running gateway: one reload at a time, never on a caller's thread (an
 * event loop, the signal thread).
 */
final class Reloads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reloads.class);

    /** Where a reload reads the config; the config the gateway started with, which only a restart changes. */
    private final Supplier<GatewayConfig> source;
    private final GatewayConfig started;
    private final SlotRegistry slots;
    private final GatewayService service;
    /** Null when metrics are off. */
    private final GatewayMetrics metrics;
    private final RunningFronts fronts;
    private final ReaderWatches watches;
    private final long drainMillis;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread reload = new Thread(runnable, "config-reload");
        reload.setDaemon(true);
        return reload;
    });
    private boolean closed;

    Reloads(Supplier<GatewayConfig> source, GatewayConfig started, SlotRegistry slots, GatewayService service,
            GatewayMetrics metrics, RunningFronts fronts, ReaderWatches watches, long drainMillis) {
        this.source = source;
        this.started = started;
        this.slots = slots;
        this.service = service;
        this.metrics = metrics;
        this.fronts = fronts;
        this.watches = watches;
        this.drainMillis = drainMillis;
    }

    /**
     * Reads the config again and applies it; see {@link #apply}. The future fails with
     * {@link ReloadResult.Refused} when the new config is invalid, and the running one stays.
     */
    CompletableFuture<ReloadResult> reload() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                GatewayConfig next;
                try {
                    next = source.get();
                } catch (ConfigError e) {
                    throw refused("invalid configuration: " + e.getMessage());
                }
                return apply(next);
            }, thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ReloadResult.Refused("simgate is stopping"));
        }
    }

    private static ReloadResult.Refused refused(String message) {
        log.warn("reload refused, the running configuration stays: {}", message);
        return new ReloadResult.Refused(message);
    }

    /**
     * Applies {@code next} to the running gateway. Slots are compared by id: new ones start, removed
     * ones drain and close, changed ones drain and close and start again under their id, and the
     * others keep serving, never interrupted. Every transport a new slot needs, and every front's
     * checks ({@link org.simgate.front.FrontType#check}), pass before anything changes, so a slot or
     * front that cannot start refuses the whole reload. What only a restart applies is reported
     * (needsRestart) and logged; each front applies the rest ({@link org.simgate.front.Front#reload});
     * a change of {@code simgate.auth} refuses the reload (it takes a restart, and a reload that
     * seemed to turn authentication on must not leave it off unnoticed).
     */
    synchronized ReloadResult apply(GatewayConfig next) {
        if (closed) {
            throw new ReloadResult.Refused("simgate is stopping");
        }
        if (started.authChanges(next)) {
            throw refused("simgate.auth changed, and authentication settings take effect only at a restart: "
                    + "restart simgate to apply them (nothing of this reload was applied; authentication stays "
                    + (started.auth().required() ? "on" : "off") + ")");
        }
        List<SlotConfig> slotConfigs;
        try {
            slotConfigs = next.pcsc().withReaders(next.slots());
            next.fronts().forEach(ConfiguredFront::check); // a front that cannot start refuses the reload
        } catch (ConfigError e) {
            throw refused("invalid configuration: " + e.getMessage());
        }
        SlotChanges changes = slots.changesTo(slotConfigs);
        for (SlotConfig slot : changes.starting()) {
            try (var ignored = SlotLogContext.of(slot.id())) {
                Transports.check(slot);
            } catch (RuntimeException e) {
                throw refused(e.getMessage());
            }
        }
        List<String> needsRestart = started.needsRestart(next);
        if (!needsRestart.isEmpty()) {
            log.warn("reload: {} changed; that takes a restart, until then the old settings stay",
                    String.join(", ", needsRestart));
        }
        List<Integer> retired = changes.retired();
        List<Runnable> afterSlots = fronts.reload(next, Set.copyOf(retired));
        retired.forEach(watches::stop);
        List<Integer> failed = slots.apply(changes, drainMillis);
        for (int id : retired) {
            if (metrics != null) {
                metrics.removeSlot(id);
            }
        }
        for (SlotConfig config : changes.starting()) {
            Slot slot = slots.get(config.id());
            if (slot == null) {
                continue;
            }
            if (metrics != null) {
                metrics.addSlot(slot);
            }
            watches.watch(config.id());
        }
        afterSlots.forEach(Runnable::run);
        service.reconfigure(next.defaultSlot(), next.suci());
        ReloadResult result = new ReloadResult(changes.addedIds(), changes.removed(), changes.restartedIds(),
                changes.unchanged(), needsRestart, failed);
        log.info("reload: added {}, removed {}, restarted {}, unchanged {}{}", result.added(), result.removed(),
                result.restarted(), result.unchanged(), failed.isEmpty() ? "" : ", failed to start " + failed);
        return result;
    }

    /** Refuses every reload from now on; one under way finishes first. */
    @Override
    public synchronized void close() {
        closed = true;
        thread.shutdown();
    }
}
