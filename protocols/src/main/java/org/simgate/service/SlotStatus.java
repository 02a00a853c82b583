package org.simgate.service;

/** A slot as operators see it. atr and lastError may be null. */
public record SlotStatus(int id, String name, String transport, State state, byte[] atr,
                         int queueDepth, String lastError, boolean apduAllowed) {

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
