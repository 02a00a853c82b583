package org.simgate.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotLogContext;
import org.simgate.service.SlotStatus;
import org.simgate.transport.CardTransport;
import org.simgate.transport.pcsc.PcscTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pcsc slot hears of its card and reader without waiting for a request: on a change the slot
 * resets, so a removed card is NO_CARD (410) at once and a returned card or reader is PRESENT
 * again. The first report only counts when it disagrees with what the slot found at start.
 */
final class ReaderWatches implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderWatches.class);

    /** The pcsc slots' transports by slot id. */
    private final Map<Integer, PcscTransport> transports = new ConcurrentHashMap<>();
    private final IntFunction<Slot> slots;

    /** @param slots the slot of an id, or null when there is none (any more) */
    ReaderWatches(IntFunction<Slot> slots) {
        this.slots = slots;
    }

    /** Opens {@code slot}'s transport, keeping a pcsc one to watch. */
    CardTransport open(SlotConfig slot) {
        CardTransport transport = Transports.open(slot);
        if (transport instanceof PcscTransport pcsc) {
            transports.put(slot.id(), pcsc);
        }
        return transport;
    }

    /** Watches every pcsc slot opened so far. */
    void watchAll() {
        transports.keySet().forEach(this::watch);
    }

    /** Watches slot {@code id}'s reader, if it is a pcsc slot. */
    void watch(int id) {
        PcscTransport transport = transports.get(id);
        if (transport == null) {
            return;
        }
        transport.startWatching(change -> {
            Slot slot = slots.apply(id);
            if (slot == null || change.initial() && change.present() == (slot.status().state() == SlotStatus.State.PRESENT)) {
                return;
            }
            log.info("slot {}: {}", id, change.description());
            slot.resetCard().exceptionally(e -> null);
        }, Map.of(SlotLogContext.KEY, Integer.toString(id)));
    }

    /** Stops watching slot {@code id} and forgets it (it stops or restarts with a new transport). */
    void stop(int id) {
        PcscTransport transport = transports.remove(id);
        if (transport != null) {
            transport.stopWatching();
        }
    }

    @Override
    public void close() {
        transports.values().forEach(PcscTransport::stopWatching);
    }
}
