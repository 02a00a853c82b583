package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.simgate.front.BoundAddress;
import org.simgate.front.BoundListener;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.Listen;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The vpcd relays ({@code simgate.vpcd-relay}) as a front: each exports a slot as a card in a
 * vpcd reader, listening for vpcd (reversed mode) or connecting out to it. Connecting relays
 * change on a reload; listening ones take a restart. A slot that stops or restarts hangs up its
 * relays (vpcd sees the card removed); a connecting relay of a restarted slot comes back.
 */
public final class VpcdRelayFront implements FrontType<VpcdRelays> {
    private static final Logger log = LoggerFactory.getLogger(VpcdRelayFront.class);
    public static final String NAME = "vpcd-relay";
    /** The name of the relays' listeners and of the service they use. */
    public static final String LISTENER = "vpcd";
    private static final String SECTION = "simgate.vpcd-relay";
    /** A listening vpcd relay serves one vpcd; a few more cover its reconnects. */
    public static final int CONNECTIONS_PER_RELAY = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public List<String> sections() {
        return List.of(SECTION);
    }

    @Override
    public VpcdRelays read(ConfigReader simgate, ConfiguredSlots slots) {
        return new VpcdRelays(VpcdRelayConfig.list(simgate, slots));
    }

    @Override
    public Exposure exposure(VpcdRelays config) {
        List<VpcdRelayConfig> listening = config.listening();
        if (listening.isEmpty()) {
            return Exposure.NONE;
        }
        Map<String, Integer> connections = new LinkedHashMap<>();
        connections.put(listening.size() + " listening vpcd relay(s)", listening.size() * CONNECTIONS_PER_RELAY);
        return new Exposure(listening.stream().allMatch(VpcdRelayConfig::isLoopback) ? List.of() : List.of(SECTION),
                connections, listening.stream().anyMatch(relay -> relay.tls() != null));
    }

    /** A connecting relay's TLS files and AUTH key must be usable. */
    @Override
    public void check(VpcdRelays config) {
        for (VpcdRelayConfig relay : config.relays()) {
            RelayCredentials.of(relay, Clock.systemUTC(), System::getenv);
        }
    }

    /** Connecting relays change live; listening ones are listeners, which a restart changes. */
    @Override
    public List<String> needsRestart(VpcdRelays running, VpcdRelays next) {
        return running.listening().equals(next.listening()) ? List.of() : sections();
    }

    @Override
    public Front<VpcdRelays> open(VpcdRelays config, FrontContext context) {
        return config.relays().isEmpty() ? Front.none() : new Running(config, context);
    }

    private record Connecting(VpcdRelayConfig config, VpcdConnector connector) {
    }

    private record Listening(VpcdRelayConfig config, BoundListener listener, ChannelGroup connections) {
    }

    /** The relays of a running gateway; a reload changes the connecting ones (under this object's lock). */
    private static final class Running implements Front<VpcdRelays> {
        private final VpcdRelays config;
        private final FrontContext context;
        private final List<Listening> listening = new ArrayList<>();
        private final List<Connecting> connecting = new ArrayList<>();

        Running(VpcdRelays config, FrontContext context) {
            this.config = config;
            this.context = context;
        }

        @Override
        public synchronized void start() throws IOException {
            for (VpcdRelayConfig relay : config.relays()) {
                if (relay.listen()) {
                    listen(relay);
                } else {
                    connect(relay);
                }
            }
        }

        private void listen(VpcdRelayConfig relay) throws IOException {
            Security security = context.security();
            if (!relay.isLoopback() && security == null) {
                log.warn("vpcd relay for slot {} listens on {}, beyond this host: anyone who reaches it can send "
                        + "the card APDUs; set simgate.auth.required = true (docs/pcsc.md)", relay.slot(), relay.host());
            }
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            VpcdInitializer protocol = VpcdInitializer.listening(context.service(LISTENER), relay.slot(), security,
                    context.keyedConnections());
            BoundListener listener = context.listen(new Listen(LISTENER, relay.host(), relay.port(), relay.tls() != null,
                    new Listen.Limits(CONNECTIONS_PER_RELAY, CONNECTIONS_PER_RELAY, null)));
            listener.serve(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    connections.add(channel); // a reload that restarts the slot hangs them up
                    channel.pipeline().addLast(protocol);
                }
            });
            listening.add(new Listening(relay, listener, connections));
            log.info("vpcd relay: slot {} waits for vpcd (reversed mode) on {}{}{}", relay.slot(),
                    Listen.hostPort(listener.address()), relay.tls() != null ? ", TLS" : "",
                    security != null ? ", peers must authenticate" : "");
        }

        private void connect(VpcdRelayConfig relay) {
            RelayCredentials credentials = RelayCredentials.of(relay, context.clock(), System::getenv);
            connecting.add(new Connecting(relay, new VpcdConnector(context.workers(), context.socketChannel(),
                    relay.host(), relay.port(), context.service(LISTENER), relay.slot(), relay.retry(),
                    credentials.tls(), credentials.authLine()).start()));
            try (var ignored = slotContext(relay.slot())) {
                log.info("vpcd relay: slot {} goes to vpcd at {}:{}{}{}", relay.slot(), relay.host(), relay.port(),
                        relay.tls() != null ? " over TLS" : "", relay.auth() != null ? ", AUTH frame as " + relay.auth().keyId() : "");
            }
        }

        @Override
        public synchronized List<BoundAddress> addresses() {
            return listening.stream().map(relay -> new BoundAddress(LISTENER, relay.listener().address())).toList();
        }

        /**
         * Hangs up the relays of slots that stop (vpcd sees the card removed; a connecting relay of a
         * restarted slot comes back with the new card) and the connecting relays {@code next} no
         * longer has; once the slots changed, starts the connecting relays that {@code next} adds or
         * that served a restarted slot.
         */
        @Override
        public synchronized Runnable reload(VpcdRelays next, Set<Integer> retiredSlots) {
            List<VpcdRelayConfig> toStart = new ArrayList<>(next.connecting());
            for (Iterator<Connecting> it = connecting.iterator(); it.hasNext(); ) {
                Connecting relay = it.next();
                if (!retiredSlots.contains(relay.config().slot()) && toStart.remove(relay.config())) {
                    continue; // kept as it runs
                }
                try (var ignored = slotContext(relay.config().slot())) {
                    log.info("vpcd relay: slot {} leaves vpcd at {}", relay.config().slot(), relay.connector().target());
                    relay.connector().close();
                }
                it.remove();
            }
            for (Listening relay : listening) {
                if (retiredSlots.contains(relay.config().slot())) {
                    relay.connections().close().awaitUninterruptibly(1_000);
                }
            }
            return () -> startAll(toStart);
        }

        private synchronized void startAll(List<VpcdRelayConfig> relays) {
            relays.forEach(this::connect);
        }

        @Override
        public synchronized void close() {
            listening.forEach(relay -> relay.listener().close());
            connecting.forEach(relay -> relay.connector().close()); // vpcd sees the card removed
            connecting.clear();
        }

        private static MDC.MDCCloseable slotContext(int slot) {
            return MDC.putCloseable("slot", Integer.toString(slot));
        }
    }
}
