package org.simgate.transport.remsim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.IpPort;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.RsproPipeline;
import org.simgate.rspro.SlotPhysStatus;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.IpaKeepalive;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.TransportDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two RSPRO links of one remsim client slot, as osmo-remsim-client keeps them: to the server
 * (ConnectClientReq with the client slot; the server answers ConfigClientBankReq with the bank's address
 * and slot, or 0.0.0.0:0 when the mapping goes) and to the bank it names (ConnectClientReq, then the
 * bank's SetAtrReq carries the card's ATR; TPDUs go back and forth). Both links reconnect with back-off;
 * the bank link outlives a server outage (the mapping stays as last told).
 *
 * <p>State changes run on the event loop under this object's monitor, briefly; the slot's thread waits
 * on the monitor ({@link #awaitCard}) or on a TPDU's future ({@link #transmit}), never the event loop.
 */
final class RemsimClient {
    private static final Logger log = LoggerFactory.getLogger(RemsimClient.class);
    /**
     * How long after the server accepted us an absent mapping still counts as "not told yet": a server
     * that has one sends it right after ConnectClientRes.
     */
    private static final long SETTLE_NANOS = 1_000_000_000L;

    enum LinkState { DOWN, CONNECTING, UP }

    /** What the server said: serve this bank slot, found at this address. */
    record Mapping(BankSlot bankSlot, IpPort bankd) {
    }

    /** A card reached through one bank link; {@code generation} counts bank links since start. */
    record Attached(Channel channel, long generation, ClientSlot client, BankSlot bankSlot, byte[] atr) {
    }

    private final RemsimClientSettings settings;
    private final ComponentIdentity identity;
    private final Backoff serverBackoff;
    private final Backoff bankBackoff;
    private volatile Runnable onCardChange = () -> { };
    /**
     * Tests only: runs on the thread that set up the server link, right after {@code connect()}
     * returned. A test holds that thread here to widen the window in which the server answers
     * before the connecting thread has done anything more (session 7's race); null in production.
     */
    static volatile Consumer<RemsimClient> afterServerConnectCalled;

    // guarded by this
    private boolean started;
    private boolean retired;
    private ClientSlot clientSlot;
    private LinkState server = LinkState.DOWN;
    private Channel serverChannel;
    /** The handler of the server link being set up or up: only its channel may become {@link #serverChannel}. */
    private ServerHandler serverAttempt;
    private String serverProblem;
    private long serverUpNanos;
    private long nextServerAttemptNanos;
    private Mapping mapping;
    private LinkState bank = LinkState.DOWN;
    private Channel bankChannel;
    /** The handler of the bank link being set up or up: only its channel may become {@link #bankChannel}. */
    private BankHandler bankAttempt;
    private long bankGeneration;
    private String bankProblem;
    /** The bank answered ConnectClientRes cardNotPresent: no card (410), not a broken link (503). */
    private boolean bankHasNoCard;
    private long nextBankAttemptNanos;
    private byte[] atr;
    private CompletableFuture<byte[]> pending;

    RemsimClient(RemsimClientSettings settings, ComponentIdentity identity) {
        this.settings = settings;
        this.identity = identity;
        this.clientSlot = settings.client();
        this.serverBackoff = new Backoff(settings.maxReconnectDelay());
        this.bankBackoff = new Backoff(settings.maxReconnectDelay());
    }

    /** Called on the event loop after a card arrived or went (new ATR, mapping removed, bank lost). */
    void onCardChange(Runnable listener) {
        this.onCardChange = Objects.requireNonNull(listener);
    }

    /** Starts the server link once; later calls do nothing. */
    void start() {
        synchronized (this) {
            if (started || retired) {
                return;
            }
            started = true;
        }
        if (!isLoopback(settings.serverHost())) {
            log.warn("remsim server {} is beyond this host: RSPRO has no authentication and no encryption, and the "
                    + "bank's answers carry RES, CK and IK; tunnel the links (stunnel, docs/remsim.md)", settings.server());
        }
        connectServer();
    }

    /** Stops both links for good; a slot waiting on them is answered at once. */
    void retire() {
        Channel s;
        Channel b;
        synchronized (this) {
            retired = true;
            s = serverChannel;
            b = bankChannel;
            serverChannel = null;
            bankChannel = null;
            serverAttempt = null;
            bankAttempt = null;
            server = LinkState.DOWN;
            bank = LinkState.DOWN;
            atr = null;
            failPending(new CardTransportException.TransportDown("remsim client is closed"));
            notifyAll();
        }
        if (s != null) {
            s.close();
        }
        if (b != null) {
            b.close();
        }
    }

    // ---- server link ----

    private void connectServer() {
        ServerHandler handler = new ServerHandler();
        synchronized (this) {
            if (retired || serverChannel != null) {
                return;
            }
            server = LinkState.CONNECTING;
            serverAttempt = handler;
        }
        ChannelFuture connecting = RemsimIo.bootstrap(pipeline(handler), connectTimeoutMillis())
                .connect(settings.serverHost(), settings.serverPort());
        var pause = afterServerConnectCalled;
        if (pause != null) {
            pause.accept(this);
        }
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                handler.adopt(connecting.channel()); // a channel that never registered was never adopted
                serverLost(connecting.channel(), "cannot connect: " + reason(done.cause()));
            }
        });
    }

    private void serverAccepted(Channel channel) {
        synchronized (this) {
            if (channel != serverChannel) {
                return;
            }
            if (serverBackoff.failures() > 0 || serverProblem != null) {
                log.info("remsim server {} accepted client {} again", settings.server(), clientSlot);
            } else {
                log.info("remsim server {} accepted client {}", settings.server(), clientSlot);
            }
            server = LinkState.UP;
            serverProblem = null;
            serverUpNanos = System.nanoTime();
            serverBackoff.reset();
            notifyAll();
        }
    }

    private void serverLost(Channel channel, String reason) {
        long delay;
        synchronized (this) {
            if (channel != serverChannel) {
                return;
            }
            serverChannel = null;
            serverAttempt = null;
            server = LinkState.DOWN;
            if (serverBackoff.failures() == 0) {
                log.warn("remsim server {} lost ({}); reconnecting with back-off", settings.server(), reason);
            } else {
                log.debug("remsim server {}: {}", settings.server(), reason);
            }
            serverProblem = reason;
            notifyAll();
            if (retired) {
                return;
            }
            delay = serverBackoff.nextDelayMillis();
            nextServerAttemptNanos = System.nanoTime() + delay * 1_000_000;
        }
        RemsimIo.group().schedule(this::connectServer, delay, TimeUnit.MILLISECONDS);
    }

    private void configureClientId(ClientSlot assigned) {
        synchronized (this) {
            clientSlot = assigned;
        }
    }

    /** ConfigClientBankReq: follow a new mapping, keep an unchanged one, drop a removed one. */
    private void applyMapping(Mapping next) {
        boolean changed;
        synchronized (this) {
            if (retired || next == null && mapping == null
                    || Objects.equals(next, mapping) && bank != LinkState.DOWN) {
                return; // a server that reconnects tells us the same again: keep the card
            }
            log.info("remsim server {}: {}", settings.server(), next == null ? "mapping of client " + clientSlot
                    + " removed" : "client " + clientSlot + " mapped to " + next.bankSlot() + " at " + next.bankd());
            // a removed mapping is news even without a card: the bank may have hung up first, and the slot
            // that saw "bank unreachable" must now say "no card"
            changed = atr != null || next == null;
            mapping = next;
            bankBackoff.reset();
            dropBank(next == null ? "the mapping was removed" : "the mapping changed");
            if (next != null) {
                bank = LinkState.CONNECTING; // from now on, so that a slot looking in between waits for it
            }
            notifyAll();
        }
        if (next != null) {
            connectBank(next);
        }
        if (changed) {
            cardChanged();
        }
    }

    /** Tells the listener; its failure must not cost the link it was called from. */
    private void cardChanged() {
        try {
            onCardChange.run();
        } catch (RuntimeException e) {
            log.warn("remsim client {}: the card change listener failed", clientSlot, e);
        }
    }

    // ---- bank link ----

    private void connectBank(Mapping target) {
        BankHandler handler = new BankHandler(target);
        synchronized (this) {
            if (retired || mapping != target || bankChannel != null) {
                return;
            }
            bank = LinkState.CONNECTING;
            ++bankGeneration;
            bankAttempt = handler;
        }
        ChannelFuture connecting = RemsimIo.bootstrap(pipeline(handler), connectTimeoutMillis())
                .connect(target.bankd().socketAddress());
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                handler.adopt(connecting.channel()); // a channel that never registered was never adopted
                bankLost(connecting.channel(), "cannot connect: " + reason(done.cause()));
            }
        });
    }

    private void bankAttached(Channel channel, byte[] cardAtr) {
        synchronized (this) {
            if (channel != bankChannel) {
                return;
            }
            if (atr != null) {
                atr = cardAtr; // the same card again (a bank may resend it after a reset): nothing changed
                return;
            }
            log.info("remsim bank {} at {}: card attached to client {}", mapping.bankSlot(), mapping.bankd(), clientSlot);
            atr = cardAtr;
            bank = LinkState.UP;
            bankProblem = null;
            bankHasNoCard = false;
            bankBackoff.reset();
            notifyAll();
        }
        cardChanged();
    }

    private void bankRefused(Channel channel, ResultCode result) {
        synchronized (this) {
            if (channel == bankChannel) {
                bankHasNoCard = ResultCode.CARD_NOT_PRESENT.equals(result);
            }
        }
    }

    private void answered(Channel channel, byte[] data) {
        CompletableFuture<byte[]> waiting;
        synchronized (this) {
            if (channel != bankChannel || pending == null) {
                log.debug("remsim bank: a TPDU answer nobody waits for ({} bytes) dropped", data.length);
                return;
            }
            waiting = pending;
            pending = null;
        }
        waiting.complete(data);
    }

    private void bankLost(Channel channel, String reason) {
        long delay;
        boolean hadCard;
        Mapping target;
        synchronized (this) {
            if (channel != bankChannel) {
                return;
            }
            hadCard = atr != null;
            target = mapping;
            if (bankBackoff.failures() == 0) {
                log.warn("remsim bank {} at {} lost ({}); reconnecting with back-off", target.bankSlot(),
                        target.bankd(), reason);
            } else {
                log.debug("remsim bank {} at {}: {}", target.bankSlot(), target.bankd(), reason);
            }
            bankProblem = reason;
            bankChannel = null;
            bankAttempt = null;
            bank = LinkState.DOWN;
            atr = null;
            failPending(bankFailure());
            notifyAll();
            if (retired) {
                return;
            }
            delay = bankBackoff.nextDelayMillis();
            nextBankAttemptNanos = System.nanoTime() + delay * 1_000_000;
        }
        RemsimIo.group().schedule(() -> connectBank(target), delay, TimeUnit.MILLISECONDS);
        if (hadCard) {
            cardChanged();
        }
    }

    /** Holding the monitor: closes the bank link (no reconnect: the mapping changed). */
    private void dropBank(String reason) {
        Channel old = bankChannel;
        bankChannel = null;
        bankAttempt = null;
        bank = LinkState.DOWN;
        bankProblem = null;
        bankHasNoCard = false;
        atr = null;
        failPending(mapping == null ? new CardTransportException.NoCard(reason)
                : new CardTransportException.TransportDown(reason));
        if (old != null) {
            old.close();
        }
    }

    // ---- the slot's side ----

    /**
     * The card, once there is one: waits (up to the attach timeout) only while a link is being set up
     * for the first time; a settled state (no mapping, a bank that refused or is unreachable) is answered
     * at once with NoCard or TransportDown.
     */
    synchronized Attached awaitCard() throws CardTransportException {
        long deadline = System.nanoTime() + settings.attachTimeout().toNanos();
        while (true) {
            if (retired) {
                throw new CardTransportException.TransportDown("remsim client is closed");
            }
            if (bank == LinkState.UP && atr != null) {
                return new Attached(bankChannel, bankGeneration, clientSlot, mapping.bankSlot(), atr.clone());
            }
            long now = System.nanoTime();
            long left = deadline - now;
            if (!settingUp() || left <= 0) {
                throw settledFailure();
            }
            if (mapping == null && server == LinkState.UP) {
                left = Math.min(left, serverUpNanos + SETTLE_NANOS - now); // nobody tells us the settling is over
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardTransportException.TransportDown("interrupted while waiting for the remsim bank");
            }
        }
    }

    /** Whether a link is on its first try (since start or since the mapping changed): worth a short wait. */
    private boolean settingUp() {
        if (mapping != null) {
            return bank == LinkState.CONNECTING && bankBackoff.failures() == 0;
        }
        if (server == LinkState.CONNECTING) {
            return serverBackoff.failures() == 0;
        }
        return server == LinkState.UP && System.nanoTime() - serverUpNanos < SETTLE_NANOS;
    }

    private CardTransportException settledFailure() {
        if (mapping != null) {
            return bankFailure();
        }
        if (server == LinkState.UP) {
            return new CardTransportException.NoCard("no bank slot is mapped to remsim client " + clientSlot
                    + " (server " + settings.server() + ")");
        }
        return new CardTransportException.TransportDown("remsim server " + settings.server() + " unreachable"
                + (serverProblem == null ? "" : ": " + serverProblem) + nextAttempt(nextServerAttemptNanos));
    }

    private CardTransportException bankFailure() {
        String where = "remsim bank " + mapping.bankSlot() + " at " + mapping.bankd();
        if (bankHasNoCard) {
            return new CardTransportException.NoCard(where + " has no card for client " + clientSlot);
        }
        if (bank == LinkState.CONNECTING) {
            return new CardTransportException.TransportDown(where + ": connecting"
                    + (bankProblem == null ? "" : " (last attempt: " + bankProblem + ")"));
        }
        return new CardTransportException.TransportDown(where + " unreachable"
                + (bankProblem == null ? "" : ": " + bankProblem) + nextAttempt(nextBankAttemptNanos));
    }

    private static String nextAttempt(long atNanos) {
        long millis = (atNanos - System.nanoTime()) / 1_000_000;
        return millis > 0 ? "; next attempt in " + millis + " ms" : "";
    }

    /**
     * One TPDU to the card and its answer, bytes unchanged. A bank that does not answer within the TPDU
     * timeout loses its link (a late answer would pair with the next command) and the slot hears Timeout.
     */
    byte[] transmit(Attached card, byte[] tpdu) throws CardTransportException {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        ClientSlot from;
        synchronized (this) {
            if (card.channel() != bankChannel || atr == null) {
                throw retired ? new CardTransportException.TransportDown("remsim client is closed")
                        : bankChannel == null || atr == null ? settledFailure()
                        : new CardTransportException.TransportDown("the remsim bank link was set up anew: the card "
                                + "session it carried is over");
            }
            pending = answer;
            from = clientSlot;
        }
        card.channel().writeAndFlush(RsproPdu.of(new RsproMessage.TpduModemToCard(from, card.bankSlot(),
                TpduFlags.NONE, tpdu))).addListener(written -> {
                    if (!written.isSuccess()) {
                        answer.completeExceptionally(new CardTransportException.TransportDown(
                                "cannot send the TPDU to the remsim bank: " + reason(written.cause())));
                    }
                });
        try {
            return answer.get(settings.tpduTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String why = "no answer to a TPDU within " + settings.tpduTimeout().toMillis() + " ms";
            bankLost(card.channel(), why);
            card.channel().close();
            throw new CardTransportException.Timeout("remsim bank " + card.bankSlot() + ": " + why);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CardTransportException failure) {
                throw failure;
            }
            throw new CardTransportException.TransportDown("remsim bank: " + reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardTransportException.TransportDown("interrupted while waiting for the remsim bank");
        } finally {
            synchronized (this) {
                if (pending == answer) {
                    pending = null;
                }
            }
        }
    }

    /** ClientSlotStatusInd, one per status, in order (the bank acts on edges of VCC and RST). */
    void signal(Attached card, SlotPhysStatus... statuses) throws CardTransportException {
        ClientSlot from;
        synchronized (this) {
            if (card.channel() != bankChannel) {
                throw new CardTransportException.TransportDown("the remsim bank link was set up anew");
            }
            from = clientSlot;
        }
        for (SlotPhysStatus status : statuses) {
            card.channel().write(RsproPdu.of(new RsproMessage.ClientSlotStatusInd(from, card.bankSlot(), status)));
        }
        card.channel().flush();
    }

    /** Whether {@code generation} is the bank link that holds the card now. */
    synchronized boolean isCurrent(long generation) {
        return !retired && bank == LinkState.UP && atr != null && bankGeneration == generation;
    }

    synchronized boolean hasCard() {
        return !retired && bank == LinkState.UP && atr != null;
    }

    synchronized String mappingText() {
        return mapping == null ? "not mapped" : mapping.bankSlot() + " at " + mapping.bankd();
    }

    synchronized TransportDetail detail() {
        Map<String, Boolean> links = new LinkedHashMap<>();
        links.put("server", server == LinkState.UP);
        links.put("bank", bank == LinkState.UP);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("server", settings.server());
        facts.put("client", clientSlot.clientId() + ":" + clientSlot.slotNr());
        facts.put("mapping", mapping == null ? null
                : "bank " + mapping.bankSlot().bankId() + " slot " + mapping.bankSlot().slotNr());
        facts.put("bank", mapping == null ? null : mapping.bankd().toString());
        facts.put("bank_atr", atr == null ? null : Hex.upper(atr));
        if (server != LinkState.UP && serverProblem != null) {
            facts.put("server_problem", serverProblem);
        }
        if (bank != LinkState.UP && bankProblem != null) {
            facts.put("bank_problem", bankProblem);
        }
        return new TransportDetail(links, facts);
    }

    private void failPending(CardTransportException failure) {
        if (pending != null) {
            pending.completeExceptionally(failure);
            pending = null;
        }
    }

    private int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1000, settings.attachTimeout().toMillis()));
    }

    private ChannelInitializer<SocketChannel> pipeline(LinkHandler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                // before the connection can complete: a peer that answers at once on a busy machine must find
                // its channel known, or its ConnectClientRes / SetAtrReq would be taken for a stale link's
                handler.adopt(channel);
                RsproPipeline.addTo(channel.pipeline(), settings.keepalive(), false);
                channel.pipeline().addLast(handler);
            }
        };
    }

    /** On the slot's thread (a name is looked up): whether the links stay on this host. */
    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** One link's handler: says hello on connect, reports why the link closed. */
    private abstract class LinkHandler extends SimpleChannelInboundHandler<RsproPdu> {
        /** Why we close the link ourselves; else the peer closed it. */
        String closing;

        /**
         * The link's channel is registered (on its event loop, before it connects): it becomes the link's
         * if this attempt is still the one wanted, and is closed if not (it ended already, or the client
         * retired, or a newer attempt replaced it).
         */
        void adopt(Channel channel) {
            boolean wanted;
            synchronized (RemsimClient.this) {
                wanted = !retired && stillWanted();
                if (wanted) {
                    record(channel);
                }
            }
            if (!wanted) {
                channel.close();
            }
        }

        /** Holding the client's monitor: whether this handler's attempt is the link's current one. */
        abstract boolean stillWanted();

        /** Holding the client's monitor: {@code channel} is the link's, unless it has one already. */
        abstract void record(Channel channel);

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ClientSlot slot;
            synchronized (RemsimClient.this) {
                slot = clientSlot;
            }
            ctx.writeAndFlush(RsproPdu.of(new RsproMessage.ConnectClientReq(identity, slot)));
            ctx.fireChannelActive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close(ctx, reason(cause));
        }

        void close(ChannelHandlerContext ctx, String why) {
            if (closing == null) {
                closing = why;
            }
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IpaKeepalive.PeerSilent silent && closing == null) {
                closing = silent.reason();
            }
            super.userEventTriggered(ctx, event);
        }

        String whyClosed() {
            return closing != null ? closing : "connection closed by the peer";
        }

        /** The ConnectClientRes is from the right kind of peer: a server answering as a bank means a wrong port. */
        boolean expected(ChannelHandlerContext ctx, RsproMessage.ConnectClientRes res, ComponentType type) {
            if (res.identity().type() != type) {
                close(ctx, "the peer is a " + res.identity().type().restName() + ", not a " + type.restName()
                        + " (check the address)");
                return false;
            }
            if (!res.result().isOk()) {
                close(ctx, "it refused client " + clientSlotNow() + ": " + res.result());
                return false;
            }
            return true;
        }

        private ClientSlot clientSlotNow() {
            synchronized (RemsimClient.this) {
                return clientSlot;
            }
        }
    }

    private final class ServerHandler extends LinkHandler {
        @Override
        boolean stillWanted() {
            return serverAttempt == this;
        }

        @Override
        void record(Channel channel) {
            if (serverChannel == null) {
                serverChannel = channel;
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
            RsproMessage msg = pdu.msg();
            if (msg instanceof RsproMessage.ConnectClientRes res) {
                if (expected(ctx, res, ComponentType.REMSIM_SERVER)) {
                    serverAccepted(ctx.channel());
                }
            } else if (msg instanceof RsproMessage.ConfigClientIdReq req) {
                configureClientId(req.clientSlot());
                ctx.writeAndFlush(RsproPdu.of(new RsproMessage.ConfigClientIdRes(ResultCode.OK)));
            } else if (msg instanceof RsproMessage.ConfigClientBankReq req) {
                ctx.writeAndFlush(RsproPdu.of(new RsproMessage.ConfigClientBankRes(ResultCode.OK)));
                applyMapping(req.bankd().isUnset() ? null : new Mapping(req.bankSlot(), req.bankd()));
            } else {
                log.debug("remsim server {}: {} ignored", settings.server(), msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            serverLost(ctx.channel(), whyClosed());
            ctx.fireChannelInactive();
        }
    }

    private final class BankHandler extends LinkHandler {
        private final Mapping target;

        BankHandler(Mapping target) {
            this.target = target;
        }

        @Override
        boolean stillWanted() {
            return bankAttempt == this && mapping == target;
        }

        @Override
        void record(Channel channel) {
            if (bankChannel == null) {
                bankChannel = channel;
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
            RsproMessage msg = pdu.msg();
            if (msg instanceof RsproMessage.TpduCardToModem tpdu) {
                answered(ctx.channel(), tpdu.data());
            } else if (msg instanceof RsproMessage.SetAtrReq set) {
                ctx.writeAndFlush(RsproPdu.of(new RsproMessage.SetAtrRes(ResultCode.OK)));
                bankAttached(ctx.channel(), set.atr());
            } else if (msg instanceof RsproMessage.ConnectClientRes res) {
                if (!expected(ctx, res, ComponentType.REMSIM_BANKD)) {
                    bankRefused(ctx.channel(), res.result());
                }
            } else {
                log.debug("remsim bank {} at {}: {} ignored", target.bankSlot(), target.bankd(), msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            bankLost(ctx.channel(), whyClosed());
            ctx.fireChannelInactive();
        }
    }
}
