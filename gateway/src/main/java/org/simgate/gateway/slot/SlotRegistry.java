package org.simgate.gateway.slot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.service.SlotLoan;
import org.simgate.transport.CardTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured slot, by id, in config order. A reload changes the set ({@link #apply}); a
 * lookup on the request path never waits for that: the map is immutable and swapped whole.
 */
public final class SlotRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlotRegistry.class);

    private final Function<SlotConfig, CardTransport> transports;
    /** Never changed in place: a reload builds the next map and swaps it in. */
    private volatile Map<Integer, Slot> slots;
    /** What the fronts that lend a slot's card tell of it, by slot id; every slot's status shows it. */
    private volatile IntFunction<List<SlotLoan>> lending = id -> List.of();

    public SlotRegistry(List<SlotConfig> configs, Function<SlotConfig, CardTransport> transports) {
        this.transports = transports;
        Map<Integer, Slot> byId = new LinkedHashMap<>();
        try {
            for (SlotConfig config : configs) {
                byId.put(config.id(), new Slot(config, transports.apply(config)));
            }
        } catch (RuntimeException e) {
            byId.values().forEach(Slot::close);
            throw e;
        }
        this.slots = Collections.unmodifiableMap(byId);
    }

    /** Where every slot, now and after a reload, finds what the fronts that lend its card tell of it. */
    public void lentBy(IntFunction<List<SlotLoan>> lending) {
        this.lending = lending;
        slots.values().forEach(slot -> slot.lentBy(lending));
    }

    /** The slot, or null when none has that id. */
    public Slot get(int id) {
        return slots.get(id);
    }

    /** The slots now, in config order; a reload later does not change this collection. */
    public Collection<Slot> all() {
        return slots.values();
    }

    /** Connects every slot in parallel; returns once each has tried. */
    public void start() {
        startAll(slots.values());
    }

    private static void startAll(Collection<Slot> toStart) {
        List<CompletableFuture<byte[]>> started = new ArrayList<>();
        for (Slot slot : toStart) {
            started.add(slot.start().exceptionally(e -> null));
        }
        started.forEach(CompletableFuture::join);
    }

    /**
     * What {@code next} would change, by slot id; touches nothing. A slot whose config is equal
     * (keys compared in full) is unchanged, and keeps serving through {@link #apply} uninterrupted.
     */
    public SlotChanges changesTo(List<SlotConfig> next) {
        Map<Integer, Slot> current = slots;
        List<SlotConfig> added = new ArrayList<>();
        List<SlotConfig> restarted = new ArrayList<>();
        List<Integer> unchanged = new ArrayList<>();
        List<Integer> removed = new ArrayList<>(current.keySet());
        for (SlotConfig config : next) {
            Slot slot = current.get(config.id());
            removed.remove(Integer.valueOf(config.id()));
            if (slot == null) {
                added.add(config);
            } else if (slot.config().equals(config)) {
                unchanged.add(config.id());
            } else {
                restarted.add(config);
            }
        }
        return new SlotChanges(next, added, removed, restarted, unchanged);
    }

    /**
     * Carries out {@code changes}: removed and restarted slots are drained (new client work is
     * refused as out of service at once, queued work runs for up to {@code drainMillis}) and closed
     * first, so a restarted slot's card, reader or SQN state file is free before its successor opens
     * it; then added and restarted slots are opened, swapped in and connected. Unchanged slots are
     * the very same objects before and after. A slot whose transport cannot be opened now is left
     * out (logged; it answers as no such slot) and its id returned.
     */
    public synchronized List<Integer> apply(SlotChanges changes, long drainMillis) {
        Map<Integer, Slot> current = slots;
        List<Slot> retiring = new ArrayList<>();
        for (int id : changes.retired()) {
            Slot slot = current.get(id);
            if (slot != null) {
                slot.drain();
                retiring.add(slot);
            }
        }
        long deadline = System.currentTimeMillis() + drainMillis;
        for (Slot slot : retiring) {
            try (var ignored = SlotLogContext.of(slot.id())) {
                boolean removed = changes.removed().contains(slot.id());
                log.info("{}: {} by a reload: finishing its queued work, then closing", slot.name(),
                        removed ? "removed" : "changed");
                slot.shutdown(Math.max(0, deadline - System.currentTimeMillis()));
            }
        }
        Map<Integer, Slot> next = new LinkedHashMap<>();
        List<Slot> fresh = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (SlotConfig config : changes.next()) {
            Slot kept = changes.unchanged().contains(config.id()) ? current.get(config.id()) : null;
            if (kept != null) {
                next.put(config.id(), kept);
                continue;
            }
            try (var ignored = SlotLogContext.of(config.id())) {
                Slot slot = new Slot(config, transports.apply(config));
                slot.lentBy(lending);
                next.put(config.id(), slot);
                fresh.add(slot);
                log.info("{}: {} by a reload ({})", config.name(),
                        changes.restartedIds().contains(config.id()) ? "restarted" : "added", config.transport());
            } catch (RuntimeException e) {
                failed.add(config.id());
                log.error("{}: not started after the reload: {}", config.name(), e.getMessage());
            }
        }
        slots = Collections.unmodifiableMap(next);
        startAll(fresh);
        return failed;
    }

    /** Lets each slot finish its queue for up to {@code waitMillis}, then closes every transport. */
    public synchronized void shutdown(long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        for (Slot slot : slots.values()) {
            slot.shutdown(Math.max(0, deadline - System.currentTimeMillis()));
        }
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
