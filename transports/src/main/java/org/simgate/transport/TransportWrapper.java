package org.simgate.transport;

/**
 * A layer stacked on another transport that changes only what transmit does (as apdu4j's
 * wrappers do): connect, presence, description and close pass straight through.
 */
abstract class TransportWrapper implements CardTransport {
    protected final CardTransport link;

    TransportWrapper(CardTransport link) {
        this.link = link;
    }

    @Override
    public byte[] connect() throws CardTransportException {
        return link.connect();
    }

    @Override
    public boolean isPresent() {
        return link.isPresent();
    }

    @Override
    public String describe() {
        return link.describe();
    }

    @Override
    public void close() {
        link.close();
    }
}
