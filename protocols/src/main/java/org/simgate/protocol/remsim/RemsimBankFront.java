package org.simgate.protocol.remsim;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.simgate.front.BoundAddress;
import org.simgate.front.BoundListener;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.Listen;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.service.FrontLink;
import org.simgate.service.SlotLoan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * simgate as an osmo-remsim bank ({@code simgate.remsim.bankd}): registers with a remsim-server and lends
 * the listed slots' cards to the remsim clients the server maps to them (docs/remsim.md).
 *
 * <p>RSPRO has no authentication: whoever reaches the bank's port and names a mapped client slot uses
 * that card. So the gateway's client authentication cannot cover it, and a bind beyond loopback is
 * refused unless {@code allow-unauthenticated = true} says so; links that cross a network belong in a
 * tunnel (stunnel, WireGuard), as osmo-remsim's own documentation says.
 */
public final class RemsimBankFront implements FrontType<RemsimBankConfig> {
    private static final Logger log = LoggerFactory.getLogger(RemsimBankFront.class);
    public static final String NAME = "remsim-bankd";
    private static final String SECTION = RemsimBankConfig.SECTION;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 700;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public RemsimBankConfig read(ConfigReader simgate, ConfiguredSlots slots) {
        return RemsimBankConfig.from(simgate.child("remsim").child("bankd"), slots);
    }

    /**
     * Only connections: the bank's listener is kept out of the gateway's "beyond loopback needs client
     * authentication" rule, because that authentication cannot reach RSPRO; {@link #check} applies the
     * bank's own rule instead.
     */
    @Override
    public Exposure exposure(RemsimBankConfig config) {
        if (!config.enabled()) {
            return Exposure.NONE;
        }
        return new Exposure(List.of(), Map.of(SECTION + ".max-connections", config.maxConnections()), false);
    }

    @Override
    public void check(RemsimBankConfig config) {
        if (config.enabled() && !config.allowUnauthenticated() && !config.isLoopback()) {
            throw new ConfigError(SECTION + ".bind", config.bind() + " listens beyond this host, and RSPRO has no "
                    + "authentication: whoever reaches the port uses the mapped cards. Bind 127.0.0.1 and carry the "
                    + "link in a tunnel (docs/remsim.md), or set " + SECTION + ".allow-unauthenticated = true");
        }
    }

    @Override
    public Front<RemsimBankConfig> open(RemsimBankConfig config, FrontContext context) {
        return config.enabled() ? new Running(config, context) : Front.none();
    }

    /** How the bank introduces itself to server and clients: the host name, "simgate", its version. */
    static ComponentIdentity identity() {
        return ComponentIdentity.ofThisHost(ComponentType.REMSIM_BANKD, "simgate",
                RemsimBankFront.class.getPackage().getImplementationVersion());
    }

    private static final class Running implements Front<RemsimBankConfig> {
        private final RemsimBankConfig config;
        private final FrontContext context;
        private final ChannelGroup clients = new DefaultChannelGroup(NAME, GlobalEventExecutor.INSTANCE);
        private BoundListener listener;
        private ServerLink serverLink;
        private volatile BankState state;

        Running(RemsimBankConfig config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public void start() throws IOException {
            if (!config.isLoopback()) {
                log.warn("remsim bank listens on {}, beyond this host, and RSPRO has no authentication: whoever "
                        + "reaches it uses the mapped cards ({}.allow-unauthenticated = true)", config.bind(), SECTION);
            }
            ComponentIdentity identity = identity();
            BankMappings mappings = new BankMappings(config.bankId(), config.slots().size());
            state = new BankState(config, context.clock());
            mappings.listen(state);
            KeepaliveTimers timers = new KeepaliveTimers(config.pingInterval(), config.pongTimeout());
            listener = context.listen(new Listen(NAME, config.bind(), config.port(), false,
                    new Listen.Limits(config.maxConnections(), config.maxConnections(), SECTION)));
            listener.serve(new BankClientInitializer(context.service(NAME), mappings, state, config.slots(), identity,
                    timers, clients));
            serverLink = new ServerLink(config, identity, mappings, state, context.workers(), context.socketChannel());
            serverLink.start();
            log.info("remsim bank {} listening on {} for remsim clients, slots {} as bank slots 0..{}; server {}:{}",
                    config.bankId(), Listen.hostPort(listener.address()), config.slots(), config.slots().size() - 1,
                    config.serverHost(), config.serverPort());
        }

        /** A slot that stops or restarts takes its card from the remsim client using it: that client is hung up. */
        @Override
        public Runnable reload(RemsimBankConfig next, Set<Integer> retiredSlots) {
            for (Channel client : clients) {
                BankClientHandler handler = client.pipeline().get(BankClientHandler.class);
                if (handler != null) {
                    handler.hangUpIfServedBy(retiredSlots);
                }
            }
            return null;
        }

        @Override
        public List<FrontLink> links() {
            BankState now = state;
            return now == null ? List.of() : List.of(now.serverLink());
        }

        @Override
        public SlotLoan lent(int slot) {
            BankState now = state;
            return now == null ? null : now.loan(slot);
        }

        @Override
        public List<BoundAddress> addresses() {
            return listener == null ? List.of() : List.of(new BoundAddress(NAME, listener.address()));
        }

        @Override
        public void close() {
            if (serverLink != null) {
                serverLink.close();
            }
            if (listener != null) {
                listener.close();
            }
            clients.close().awaitUninterruptibly();
        }
    }
}
