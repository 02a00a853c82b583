package org.simgate.transport;

/**
 * The one seam between simgate and a card: bytes in, bytes out.
 *
 * <p>Implementations are blocking and not thread-safe; a slot drives its transport from its own
 * thread only. They pass the card's bytes through unchanged: T=0 procedure bytes (61xx, 6Cxx) are
 * handled once, above every transport, by {@link GetResponseWrapper} and {@link RightLengthRetryWrapper}
 * (see {@link ProcedureBytes#wrap}), and raw passthrough paths use the unwrapped transport.
 */
public interface CardTransport extends AutoCloseable {

    /** Powers the card up (or warm-resets it if already connected) and returns its ATR. */
    byte[] connect() throws CardTransportException;

    /** Sends one C-APDU and returns the R-APDU, data followed by SW1 SW2. */
    byte[] transmit(byte[] command) throws CardTransportException;

    /** Whether a card is in the reader right now; never throws, never blocks for long. */
    boolean isPresent();

    /**
     * The IMSI as the reader itself reports it, for a transport that has such a command of its own
     * (a modem's AT+CIMI), else null. Asked only when APDUs cannot reach the card
     * ({@link CardTransportException.ApdusUnavailable}), so that a slot still tells whose card it holds.
     */
    default String imsiWithoutApdus() throws CardTransportException {
        return null;
    }

    /** A short human-readable description (reader name, port), without secrets. */
    String describe();

    /**
     * Links and facts beyond presence (a remote bank's connection state, say); cheap, never blocks,
     * callable from any thread. Most transports have none.
     */
    default TransportDetail detail() {
        return TransportDetail.NONE;
    }

    /**
     * The slot is gone for good (removed or restarted by a reload, or the gateway stops): stop what
     * outlives {@link #close()} (a transport's own connections and timers). {@link #close()} only
     * releases the card, and the slot may connect again after it.
     */
    default void retire() {
        close();
    }

    /** Releases the card and the underlying resource; safe to call twice. */
    @Override
    void close();
}
