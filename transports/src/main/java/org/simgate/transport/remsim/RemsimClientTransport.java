package org.simgate.transport.remsim;

import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.SlotPhysStatus;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.TransportDetail;

/**
 * The {@code remsim} transport: a card in a SIM bank of an osmo-remsim system, borrowed as remsim client
 * slot {@code client-id:client-slot}. simgate plays osmo-remsim-client: it connects to the remsim server,
 * follows the ConfigClientBankReq it gets to the bank, takes the card's ATR from the bank's SetAtrReq,
 * and sends each C-APDU as one TpduModemToCard, returning the TpduCardToModem's bytes unchanged (61xx and
 * 6Cxx included: like every transport this one is raw; the procedure-byte wrappers above it answer them).
 *
 * <p>No mapping, a bank that refused or cannot be reached: {@link #connect} and {@link #transmit} fail at
 * once with NoCard (no mapping, or the bank has no card) or TransportDown (server or bank unreachable);
 * they wait (at most {@link RemsimClientSettings#attachTimeout}) only while a link is on its first try.
 * A new mapping is followed as soon as the server sends it.
 *
 * <p>Resets, as osmo-remsim-client's card emulation reports them (the bank acts on edges): after
 * {@link #close} the next {@link #connect} is a cold reset (ClientSlotStatusInd with VCC off and RST
 * active, then VCC on and RST released); a connect on a connected transport is a warm reset (RST active
 * with VCC on, then released). The first connect on a fresh bank link sends neither: the bank has just
 * powered the card up for us.
 *
 * <p>The links live from the first {@link #connect} to {@link #retire}; {@link #close} only ends the
 * slot's card session. Driven by the slot's thread; {@link #isPresent}, {@link #detail}, {@link #close}
 * and {@link #retire} may be called from anywhere.
 */
public final class RemsimClientTransport implements CardTransport {
    private static final SlotPhysStatus COLD_RESET = new SlotPhysStatus(true, false, false, true);
    private static final SlotPhysStatus WARM_RESET = new SlotPhysStatus(true, true, true, true);
    private static final SlotPhysStatus RUNNING = new SlotPhysStatus(false, true, true, true);

    private final RemsimClientSettings settings;
    private final RemsimClient client;
    /** The card session the slot runs on; null when closed. */
    private volatile RemsimClient.Attached session;
    /** The bank link the last session ran on (slot thread). */
    private long lastGeneration = -1;

    public RemsimClientTransport(RemsimClientSettings settings) {
        // named by the host, as osmo-remsim-client names itself: the server's client list tells the machines apart
        this(settings, ComponentIdentity.ofThisHost(ComponentType.REMSIM_CLIENT, "simgate",
                RemsimClientTransport.class.getPackage().getImplementationVersion()));
    }

    RemsimClientTransport(RemsimClientSettings settings, ComponentIdentity identity) {
        this.settings = settings;
        this.client = new RemsimClient(settings, identity);
    }

    /**
     * {@code listener} runs (on the transport's I/O thread, so it must not block) whenever a card
     * arrives or goes: a new ATR from the bank, a mapping removed, a bank link lost.
     */
    public void onCardChange(Runnable listener) {
        client.onCardChange(listener);
    }

    @Override
    public byte[] connect() throws CardTransportException {
        client.start();
        RemsimClient.Attached card = client.awaitCard();
        RemsimClient.Attached previous = session;
        if (previous != null && previous.generation() == card.generation()) {
            client.signal(card, WARM_RESET, RUNNING);
        } else if (card.generation() == lastGeneration) {
            client.signal(card, COLD_RESET, RUNNING);
        }
        session = card;
        lastGeneration = card.generation();
        return card.atr();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        RemsimClient.Attached card = session;
        if (card == null) {
            throw new CardTransportException.TransportDown("remsim transport is not connected");
        }
        if (command == null || command.length < 4) {
            throw new CardTransportException("a C-APDU has at least 4 bytes");
        }
        return client.transmit(card, command.clone());
    }

    /** Whether the slot's card session runs on the bank link that holds the card now (nothing to follow). */
    public boolean isSessionCurrent() {
        RemsimClient.Attached card = session;
        return card != null && client.isCurrent(card.generation());
    }

    /** Whether the bank has given us a card (its ATR) on a link that is up. */
    @Override
    public boolean isPresent() {
        return client.hasCard();
    }

    @Override
    public String describe() {
        return "remsim client " + settings.client().clientId() + ":" + settings.client().slotNr() + " of server "
                + settings.server() + " (" + client.mappingText() + ")";
    }

    @Override
    public TransportDetail detail() {
        return client.detail();
    }

    /** Ends the slot's card session; the links stay (the next connect is a cold reset of the same card). */
    @Override
    public void close() {
        session = null;
    }

    /** Closes both links for good. */
    @Override
    public void retire() {
        session = null;
        client.retire();
    }
}
