package org.simgate.e2e;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;

/**
 * A card behind a gate the test opens and closes: while held, each APDU waits at the gate (a card
 * that takes its time, or hangs), and the test learns when one arrived; unplugged, the reader is
 * gone. This makes busy slots, timeouts and a lost reader happen exactly when the test says.
 */
final class GatedCard implements CardTransport {
    private final CardTransport card;
    private final Semaphore arrivedAtGate = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean unplugged;

    GatedCard(CardTransport card) {
        this.card = card;
    }

    /** From now on APDUs wait at the gate until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every waiting and later APDU through. */
    void release() {
        gate.countDown();
    }

    /** Returns once an APDU is waiting at the gate: the slot's thread is inside a card call. */
    void awaitAnApduAtTheGate() throws InterruptedException {
        if (!arrivedAtGate.tryAcquire(RawConnection.READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no APDU reached the card");
        }
    }

    /** The reader (or modem, or pcscd) goes away: every call fails as a lost transport does. */
    void unplug() {
        unplugged = true;
    }

    void plugIn() {
        unplugged = false;
    }

    @Override
    public byte[] connect() throws CardTransportException {
        requireReader();
        return card.connect();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        requireReader();
        CountDownLatch current = gate;
        if (current.getCount() > 0) {
            arrivedAtGate.release();
            try {
                current.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardTransportException.Timeout("interrupted at the gate");
            }
        }
        return card.transmit(command);
    }

    private void requireReader() throws CardTransportException {
        if (unplugged) {
            throw new CardTransportException.TransportDown("test reader unplugged");
        }
    }

    @Override
    public boolean isPresent() {
        return !unplugged && card.isPresent();
    }

    @Override
    public String describe() {
        return "gated " + card.describe();
    }

    /**
     * Powers the card off; the next {@link #connect()} powers it up again. That is what Slot expects
     * of every transport: after a failure or a timeout it closes the transport and connects again on
     * the next request. SimcardTransport alone treats close() as final (every later call is
     * "transport down"), so the simcard underneath is not closed here; it holds no open resources.
     */
    @Override
    public void close() {
        release();
    }
}
