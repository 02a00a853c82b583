package org.simgate.protocol.remsim;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.simgate.front.Listen;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ResultCode;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;

/**
 * What the bank tells operators (docs/remsim.md): its link to the remsim-server, and for each bank slot
 * the client the server mapped to it, whether that client is connected with the card now, from where,
 * since when, and how many TPDUs the card answered for it. Written on the server link's and the client
 * connections' event loops, read from any thread; never card data.
 */
final class BankState implements BankMappings.Listener {
    private final String server;
    private final String as;
    private final Clock clock;
    /** simgate slot id → bank slot number. */
    private final Map<Integer, Integer> bankSlotOf = new HashMap<>();
    private final Lending[] slots;
    private volatile ServerView serverView;
    private final AtomicLong attempts = new AtomicLong();

    /** The server link as it is, swapped whole. */
    private record ServerView(FrontLink.State state, Instant since, String problem) {
    }

    BankState(RemsimBankConfig config, Clock clock) {
        String host = config.serverHost();
        this.server = (host.contains(":") ? "[" + host + "]" : host) + ":" + config.serverPort();
        this.as = "bank " + config.bankId();
        this.clock = clock;
        Instant now = clock.instant();
        List<Integer> lent = config.slots();
        this.slots = new Lending[lent.size()];
        for (int i = 0; i < lent.size(); i++) {
            bankSlotOf.put(lent.get(i), i);
            slots[i] = new Lending(as + " slot " + i, now);
        }
        this.serverView = new ServerView(FrontLink.State.CONNECTING, now, null);
    }

    // ---------------------------------------------------------------- the server link

    FrontLink serverLink() {
        ServerView view = serverView;
        return new FrontLink(RemsimBankFront.NAME, "server", view.state(), server, as, view.since(),
                Math.max(0, attempts.get() - 1), view.problem());
    }

    /** An attempt to reach the server begins; a refusal stays shown until the server answers otherwise. */
    void serverConnecting() {
        attempts.incrementAndGet();
    }

    void serverUnreachable(String why) {
        server(FrontLink.State.CONNECTING, why);
    }

    void serverRegistered() {
        server(FrontLink.State.CONNECTED, null);
    }

    void serverRefused(ResultCode result) {
        server(FrontLink.State.REFUSED, result.name() + (result.equals(ResultCode.IDENTITY_IN_USE)
                ? ": another bank with this bank-id is connected" : ""));
    }

    /** The link closed: lost if it was up; a refusal (which closes it too) stays shown. */
    void serverClosed() {
        if (serverView.state() == FrontLink.State.CONNECTED) {
            server(FrontLink.State.CONNECTING, "link lost");
        }
    }

    private void server(FrontLink.State state, String problem) {
        ServerView now = serverView;
        serverView = new ServerView(state, state == now.state() ? now.since() : clock.instant(), problem);
    }

    // ---------------------------------------------------------------- lent slots

    /** What the bank tells of simgate slot {@code slot}, or null when it does not lend that slot. */
    SlotLoan loan(int slot) {
        Integer bankSlot = bankSlotOf.get(slot);
        return bankSlot == null ? null : slots[bankSlot].loan();
    }

    @Override
    public void mapped(ClientSlot client, BankSlot bank) {
        lending(bank).borrower(client, clock.instant());
    }

    @Override
    public void unmapped(ClientSlot client, BankSlot bank) {
        lending(bank).noBorrower(client, clock.instant());
    }

    /** {@code connection} (client {@code client}, at {@code peer}) was given the card of {@code bank}. */
    void clientHasCard(BankSlot bank, ClientSlot client, Object connection, SocketAddress peer) {
        lending(bank).connected(client, connection, peer instanceof InetSocketAddress address
                ? Listen.hostPort(address) : String.valueOf(peer), clock.instant());
    }

    /** {@code connection}, which may have held {@code bank}'s card, closed or lost the mapping. */
    void clientGone(BankSlot bank, Object connection) {
        lending(bank).disconnected(connection, clock.instant());
    }

    /** The card answered one TPDU of {@code bank}'s client. */
    void tpduAnswered(BankSlot bank) {
        lending(bank).commands.increment();
    }

    private Lending lending(BankSlot bank) {
        return slots[bank.slotNr()];
    }

    /** One bank slot: who may use it, who does. */
    private static final class Lending {
        private final String as;
        private final LongAdder commands = new LongAdder();
        private ClientSlot borrower;
        private Object connection;
        private String peer;
        private Instant since;

        Lending(String as, Instant since) {
            this.as = as;
            this.since = since;
        }

        synchronized SlotLoan loan() {
            return new SlotLoan(RemsimBankFront.NAME, as, borrower == null ? null
                    : "client " + borrower.clientId() + ":" + borrower.slotNr(), connection != null, peer, since,
                    commands.sum());
        }

        synchronized void borrower(ClientSlot client, Instant now) {
            if (!client.equals(borrower)) {
                borrower = client;
                connection = null;
                peer = null;
                since = now;
            }
        }

        synchronized void noBorrower(ClientSlot client, Instant now) {
            if (client.equals(borrower)) {
                borrower = null;
                connection = null;
                peer = null;
                since = now;
            }
        }

        synchronized void connected(ClientSlot client, Object by, String from, Instant now) {
            if (client.equals(borrower) && connection != by) {
                connection = by;
                peer = from;
                since = now;
            }
        }

        synchronized void disconnected(Object by, Instant now) {
            if (by == connection) {
                connection = null;
                peer = null;
                since = now;
            }
        }
    }
}
