package org.simgate.transport;

/**
 * A transport could not deliver an APDU. The subclasses say why, so that the layers above can map
 * each to its own answer (no card, transport down, timeout) without parsing messages.
 * Messages never carry APDU contents: they may hold keys or authentication values.
 */
public class CardTransportException extends Exception {

    public CardTransportException(String message) {
        super(message);
    }

    public CardTransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No card is in the reader (or the slot is configured empty). */
    public static class NoCard extends CardTransportException {
        public NoCard(String message) {
            super(message);
        }
    }

    /** The reader, modem or daemon is gone or unusable; the slot may recover when it returns. */
    public static class TransportDown extends CardTransportException {
        public TransportDown(String message) {
            super(message);
        }

        public TransportDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The card did not answer in time. */
    public static class Timeout extends CardTransportException {
        public Timeout(String message) {
            super(message);
        }
    }

    /**
     * The link and the card are there, but APDUs cannot reach the card: a modem that refuses
     * AT+CSIM. AKA and file reads are unavailable on this slot; what the transport can still read
     * without APDUs (the IMSI, see {@link CardTransport#imsiWithoutApdus()}) works. Nothing to
     * reconnect: the next try gets the same answer.
     */
    public static class ApdusUnavailable extends CardTransportException {
        public ApdusUnavailable(String message) {
            super(message);
        }
    }
}
