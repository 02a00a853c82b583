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
import org.simgate.transport.remsim.RemsimClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pcsc slot hears of its card and reader without waiting for a request: on a change the slot
 * resets, so a removed card is NO_CARD (410) at once and a returned card or reader is PRESENT
 * again. The first report only counts when it disagrees with what the slot found at start. A remsim
 * slot hears of its card from the bank and the server the same way.
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

    /** Opens {@code slot}'s transport, keeping a pcsc one to watch; a remsim one reports its card changes itself. */
    CardTransport open(SlotConfig slot) {
        CardTransport transport = Transports.open(slot);
        if (transport instanceof PcscTransport pcsc) {
            transports.put(slot.id(), pcsc);
        } else if (transport instanceof RemsimClientTransport remsim) {
            remsim.onCardChange(() -> followRemsimCard(slot.id(), remsim));
        }
        return transport;
    }

    /**
     * A remsim bank gave or took the card: the slot looks now, so its state (and a 410 for a removed
     * mapping) does not wait for a request. A new card is connected without a reset (the bank has just
     * powered it up); a lost one fails the look, which sets the slot's state.
     */
    private void followRemsimCard(int id, RemsimClientTransport transport) {
        Slot slot = slots.apply(id);
        if (slot == null || slot.transport() != transport) {
            return; // a slot a reload replaced
        }
        if (transport.isSessionCurrent()) {
            return; // the slot already runs on this card
        }
        if (transport.isPresent() && slot.state() != SlotStatus.State.PRESENT) {
            slot.start().exceptionally(e -> null);
        } else {
            slot.resetCard().exceptionally(e -> null);
        }
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
