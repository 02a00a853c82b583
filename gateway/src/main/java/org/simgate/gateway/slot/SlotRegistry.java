package org.simgate.gateway.slot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.transport.CardTransport;

/** Every configured slot, by id, in config order. */
public final class SlotRegistry implements AutoCloseable {
    private final Map<Integer, Slot> slots;

    public SlotRegistry(List<SlotConfig> configs, Function<SlotConfig, CardTransport> transports) {
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

    /** The slot, or null when none has that id. */
    public Slot get(int id) {
        return slots.get(id);
    }

    public Collection<Slot> all() {
        return slots.values();
    }

    /** Connects every slot in parallel; returns once each has tried. */
    public void start() {
        List<java.util.concurrent.CompletableFuture<byte[]>> started = new ArrayList<>();
        for (Slot slot : slots.values()) {
            started.add(slot.start().exceptionally(e -> null));
        }
        started.forEach(java.util.concurrent.CompletableFuture::join);
    }

    /** Lets each slot finish its queue for up to {@code waitMillis}, then closes every transport. */
    public void shutdown(long waitMillis) {
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
