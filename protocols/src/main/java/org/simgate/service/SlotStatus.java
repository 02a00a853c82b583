package org.simgate.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A slot as operators see it. atr and lastError may be null. {@code transportDetail} is what the
 * transport tells beyond presence (a remsim slot's server and bank links, its mapping), in order;
 * empty for most transports. {@code lent} is what fronts that lend the slot's card to peers of their own
 * tell of it (the remsim bank: the mapped client, connected or not); empty for most slots.
 */
public record SlotStatus(int id, String name, String transport, State state, byte[] atr,
                         int queueDepth, String lastError, boolean apduAllowed, Map<String, String> transportDetail,
                         List<SlotLoan> lent) {

    public SlotStatus {
        transportDetail = transportDetail == null || transportDetail.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(transportDetail));
        lent = lent == null ? List.of() : List.copyOf(lent);
    }

    /** A slot that no front lends. */
    public SlotStatus(int id, String name, String transport, State state, byte[] atr, int queueDepth,
                      String lastError, boolean apduAllowed, Map<String, String> transportDetail) {
        this(id, name, transport, state, atr, queueDepth, lastError, apduAllowed, transportDetail, List.of());
    }

    /** A slot whose transport tells nothing beyond presence. */
    public SlotStatus(int id, String name, String transport, State state, byte[] atr, int queueDepth,
                      String lastError, boolean apduAllowed) {
        this(id, name, transport, state, atr, queueDepth, lastError, apduAllowed, Map.of(), List.of());
    }

    public enum State {
        /** A card is in and answers. */
        PRESENT,
        /** The reader is fine but holds no card. */
        NO_CARD,
        /** The reader, modem or daemon is gone; requests get 503 until it returns. */
        TRANSPORT_DOWN,
        /**
         * Taken out of service by an operator (drain): work already queued finishes, new work is
         * refused with {@link SlotException.Kind#OUT_OF_SERVICE} until the slot is put back.
         */
        OUT_OF_SERVICE
    }
}
