package org.simgate.transport.simcard;

import java.io.IOException;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/**
 * A slot holding a software UICC ({@link SoftUicc}): the {@code simcard} transport. It passes APDUs
 * through unchanged, T=0 procedure bytes included, like every transport; wrap it with
 * {@code ProcedureBytes.wrap} for commands that want their data directly.
 *
 * <p>The card can be taken out and put back ({@link #setInserted}) to simulate a SIM bank or a
 * user: while it is out every call but {@link #isPresent()} and {@link #describe()} fails with
 * {@link CardTransportException.NoCard}; putting it back powers it up afresh (MF selected, no
 * application active), with its SQN memory intact.
 *
 * <p>The card holds its SQN state file (a lock) from construction to {@link #close()}, and again
 * from the next {@link #connect()}: a second card or gateway on the same file is refused.
 *
 * <p>Not thread-safe, like every transport: a slot drives it from one thread. Only
 * {@link #setInserted} and {@link #isPresent} may be called from elsewhere (an operator's command).
 */
public final class SimcardTransport implements CardTransport {
    /**
     * T=0, TA1 96 (Fi 512, Di 32), T=15 with TA3 C7 (clock stop, classes A/B/C), 15 historical bytes
     * in compact-TLV (card service data, card capabilities, and "simgate" as pre-issuing data), TCK.
     */
    private static final byte[] ATR = Hex.decode("3B9F96801FC78031E073FE21136773696D67617465B8");

    private final SoftUicc card;
    private final String description;
    /** How long each AUTHENTICATE takes, as on a physical card; 0 answers at once. */
    private final long authenticateNanos;
    private volatile boolean inserted;
    private volatile boolean closed;
    /** Set when the card is put back; the power-up happens on the slot's thread at its next use. */
    private volatile boolean pendingPowerUp;

    /** @throws IOException the profile's SQN state file is corrupt or cannot be read or created (the message names it) */
    public SimcardTransport(SimcardProfile profile) throws IOException {
        this(profile, java.time.Duration.ZERO);
    }

    /**
     * A card that spends {@code authenticateTime} on every AUTHENTICATE, as a physical USIM does (20–60 ms):
     * with it a benchmark or a demo sees the card, not the host's CPU, as the floor. The wait is a sleep.
     */
    public SimcardTransport(SimcardProfile profile, java.time.Duration authenticateTime) throws IOException {
        this.authenticateNanos = authenticateTime.toNanos();
        this.card = new SoftUicc(profile, true);
        this.inserted = profile.inserted();
        this.description = "simcard (software UICC, USIM+ISIM, " + (profile.keys().name().equals("tuak") ? "TUAK" : "Milenage")
                + ", SQN state " + (profile.stateFile() == null ? "in memory" : "in " + profile.stateFile()) + ")";
    }

    private SimcardTransport(SoftUicc card, String description) {
        this.authenticateNanos = 0;
        this.card = card;
        this.inserted = true;
        this.description = description;
    }

    /**
     * The transport of a card made elsewhere (its SQN memory kept by whoever made it, e.g. a store
     * for many cards): inserted, answering at once.
     */
    public static SimcardTransport holding(SoftUicc card, String description) {
        return new SimcardTransport(card, description);
    }

    /**
     * What would stop a card on {@code stateFile} from starting, found without starting one and
     * without creating anything: a file that cannot be read or is corrupt, and with {@code alsoItsLock}
     * a lock another process holds on it (a lock this process holds belongs to a slot being replaced).
     *
     * @throws IOException the problem, naming the file
     */
    public static void checkStateFile(java.nio.file.Path stateFile, boolean alsoItsLock) throws IOException {
        SqnStateFile.check(stateFile, alsoItsLock);
    }

    /** The ATR every simcard answers with. */
    public static byte[] atr() {
        return ATR.clone();
    }

    /**
     * Resets the card: MF selected, no application active, no pending data; the SQN memory stays.
     * After {@link #close()} it powers the card up again, as a reader does: a slot closes its
     * transport to reset the card or to recover from a failure, then connects afresh.
     */
    @Override
    public byte[] connect() throws CardTransportException {
        if (closed) {
            try {
                card.reclaimStateFile();
            } catch (IOException e) {
                throw new CardTransportException.TransportDown(e.getMessage(), e);
            }
        }
        closed = false;
        requireCard();
        card.reset();
        return ATR.clone();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        requireCard();
        if (authenticateNanos > 0 && command.length > 1 && command[1] == (byte) 0x88) {
            long until = System.nanoTime() + authenticateNanos;
            for (long left = authenticateNanos; left > 0; left = until - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
        }
        return card.process(command);
    }

    @Override
    public boolean isPresent() {
        return inserted && !closed;
    }

    /** Takes the card out or puts it back; putting it back is a power-up. */
    public void setInserted(boolean present) {
        if (present && !inserted) {
            pendingPowerUp = true;
        }
        inserted = present;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        card.releaseStateFile(); // a slot that starts on it (a reload) or a second simgate may take it now
    }

    private void requireCard() throws CardTransportException {
        if (closed) {
            throw new CardTransportException.TransportDown("simcard transport is closed");
        }
        if (!inserted) {
            throw new CardTransportException.NoCard("no card in the simcard slot");
        }
        if (pendingPowerUp) {
            // done on the slot's thread, not the operator's, so the card is never touched by two threads
            pendingPowerUp = false;
            card.reset();
        }
    }
}
