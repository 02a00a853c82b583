package org.simgate.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.config.LineConfig;
import org.simgate.gateway.config.ListenerConfig;
import org.simgate.gateway.config.ManagementConfig;
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.gateway.net.CountedConnections;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.config.VpcdRelayConfig;
import org.simgate.gateway.net.EventLoops;
import org.simgate.gateway.net.TlsCertificates;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.protocol.line.LineInitializer;
import org.simgate.protocol.line.LineSettings;
import org.simgate.protocol.management.ManagementInitializer;
import org.simgate.protocol.rest.RestInitializer;
import org.simgate.protocol.rest.RestSettings;
import org.simgate.protocol.vpcd.VpcdConnector;
import org.simgate.protocol.vpcd.VpcdInitializer;
import org.simgate.service.SimService;
import org.simgate.service.SlotStatus;
import org.simgate.transport.CardTransport;
import org.simgate.transport.pcsc.PcscTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simgate: the slots, the service the protocols call, and the listeners. Stopping it
 * stops accepting, lets queued card work finish and its answers go out, then releases the cards.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final long DRAIN_MILLIS = 5_000;

    private final SlotRegistry slots;
    private final GatewayService service;
    private final EventLoops loops;
    private final List<Channel> servers = new ArrayList<>();
    /** The pcsc slots' transports by slot id, whose reader watches the gateway starts and stops. */
    private final Map<Integer, PcscTransport> pcscTransports = new LinkedHashMap<>();
    private final List<VpcdConnector> vpcdConnectors = new ArrayList<>();
    private final List<InetSocketAddress> vpcdListeners = new ArrayList<>();
    private InetSocketAddress httpAddress;
    private InetSocketAddress httpsAddress;
    private InetSocketAddress lineAddress;
    private InetSocketAddress managementAddress;
    /** Null when metrics are off: then listeners get the plain service and count nothing. */
    private final GatewayMetrics metrics;

    private Gateway(GatewayConfig config) {
        this.slots = new SlotRegistry(config.pcsc().withReaders(config.slots()), this::open);
        this.service = new GatewayService(slots, config.defaultSlot(), config.suci());
        this.loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        // metering only pays off when someone can scrape it
        this.metrics = config.management().listener().enabled() && config.management().metrics()
                ? new GatewayMetrics(slots) : null;
    }

    /** The service as one protocol's listener sees it: metered under that protocol's name when metrics are on. */
    private SimService serviceFor(String protocol) {
        return metrics == null ? service : metrics.meter(service, protocol);
    }

    /** Starts the slots and every enabled listener; on any failure, releases what it started. */
    public static Gateway start(GatewayConfig config) throws IOException {
        Gateway gateway = new Gateway(config);
        try {
            gateway.slots.start();
            RestSettings rest = new RestSettings(config.rest().maxBodyBytes(), config.rest().idleTimeout(),
                    config.rest().maxPipelined());
            ListenerConfig http = config.http();
            if (http.enabled()) {
                if (!http.isLoopback()) {
                    log.warn("plain HTTP listens on {}, beyond this host: requests and answers cross the network "
                            + "unencrypted; prefer HTTPS or bind 127.0.0.1", http.bind());
                }
                gateway.httpAddress = gateway.bind(http, "http",
                        new RestInitializer(gateway.serviceFor("rest"), rest, null));
                log.info("HTTP  listening on http://{}", hostPort(gateway.httpAddress));
            }
            ListenerConfig https = config.https();
            if (https.enabled()) {
                TlsCertificates.PemPair pem = https.cert() != null
                        ? TlsCertificates.configured(https.cert(), https.key())
                        : TlsCertificates.selfSigned(https.selfSignedDir());
                SslContext tls = pem.serverContext();
                gateway.httpsAddress = gateway.bind(https, "https",
                        new RestInitializer(gateway.serviceFor("rest"), rest, tls));
                log.info("HTTPS listening on https://{} (certificate {}, SHA-256 {})", hostPort(gateway.httpsAddress),
                        pem.cert(), pem.sha256());
            }
            LineConfig line = config.line();
            if (line.listener().enabled()) {
                if (!line.listener().isLoopback()) {
                    log.warn("the line protocol listens on {}, beyond this host: it has no encryption and no client "
                            + "authentication; bind 127.0.0.1 unless the network is yours alone", line.listener().bind());
                }
                gateway.lineAddress = gateway.bind(line.listener(), "line", new LineInitializer(gateway.serviceFor("line"),
                        new LineSettings(line.maxLineBytes(), line.maxCommands(), line.idleTimeout(),
                                line.maxConnectionsPerAddress(), line.maxPipelined())));
                log.info("line  listening on {} (foxyproxy TCP protocol)", hostPort(gateway.lineAddress));
            }
            gateway.startManagement(config.management());
            gateway.watchReaders();
            gateway.startVpcdRelays(config.vpcdRelays());
            log.info("{} slot(s), {} event loops", gateway.slots.all().size(), gateway.loops.kind());
            return gateway;
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private void startManagement(ManagementConfig management) throws IOException {
        ListenerConfig listener = management.listener();
        if (!listener.enabled()) {
            return;
        }
        if (!listener.isLoopback()) {
            log.warn("the management listener listens on {}, beyond this host: its admin API drains and resets "
                    + "slots and has no client authentication yet; bind 127.0.0.1", listener.bind());
        }
        managementAddress = bind(listener, "management", new ManagementInitializer(new SlotAdministration(slots, service),
                metrics == null ? null : metrics::scrape));
        log.info("management listening on http://{} (/health, /ready, {}/admin/v1/slots, dashboard /ui/)",
                hostPort(managementAddress), metrics == null ? "" : "/metrics, ");
    }

    private CardTransport open(SlotConfig slot) {
        CardTransport transport = Transports.open(slot);
        if (transport instanceof PcscTransport pcsc) {
            pcscTransports.put(slot.id(), pcsc);
        }
        return transport;
    }

    /**
     * A pcsc slot hears of its card and reader without waiting for a request: on a change the slot
     * resets, so a removed card is NO_CARD (410) at once and a returned card or reader is PRESENT
     * again. The first report only counts when it disagrees with what the slot found at start.
     */
    private void watchReaders() {
        pcscTransports.forEach((id, transport) -> transport.startWatching(change -> {
            Slot slot = slots.get(id);
            if (change.initial() && change.present() == (slot.status().state() == SlotStatus.State.PRESENT)) {
                return;
            }
            log.info("slot {}: {}", id, change.description());
            slot.resetCard().exceptionally(e -> null);
        }));
    }

    private void startVpcdRelays(List<VpcdRelayConfig> relays) throws IOException {
        for (VpcdRelayConfig relay : relays) {
            if (relay.listen()) {
                if (!relay.isLoopback()) {
                    log.warn("vpcd relay for slot {} listens on {}, beyond this host: anyone who reaches it can send "
                            + "the card APDUs; the relay has no authentication yet", relay.slot(), relay.host());
                }
                InetSocketAddress address = bind(new ListenerConfig(true, relay.host(), relay.port(), null, null, null),
                        "vpcd", new VpcdInitializer(serviceFor("vpcd"), relay.slot()));
                vpcdListeners.add(address);
                log.info("vpcd relay: slot {} waits for vpcd (reversed mode) on {}", relay.slot(), hostPort(address));
            } else {
                vpcdConnectors.add(new VpcdConnector(loops.workers(),
                        loops.kind().equals("epoll") ? EpollSocketChannel.class : NioSocketChannel.class,
                        relay.host(), relay.port(), serviceFor("vpcd"), relay.slot(), relay.retry()).start());
                log.info("vpcd relay: slot {} goes to vpcd at {}:{}", relay.slot(), relay.host(), relay.port());
            }
        }
    }

    /** The addresses vpcd relays listen on (reversed mode), in config order; useful with port 0. */
    public List<InetSocketAddress> vpcdListeners() {
        return List.copyOf(vpcdListeners);
    }

    private InetSocketAddress bind(ListenerConfig listener, String name, ChannelInitializer<SocketChannel> protocol)
            throws IOException {
        // listeners of one name (several vpcd relays) share one count and one series
        ChannelInitializer<SocketChannel> initializer = metrics == null ? protocol
                : new CountedConnections(protocol, connectionCount(name));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        try {
            Channel server = bootstrap.bind(listener.bind(), listener.port()).sync().channel();
            servers.add(server);
            return (InetSocketAddress) server.localAddress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + listener.bind() + ":" + listener.port());
        } catch (Exception e) {
            throw new IOException("cannot listen on " + listener.bind() + ":" + listener.port() + ": " + e.getMessage(), e);
        }
    }

    public SimService service() {
        return service;
    }

    public SlotRegistry slots() {
        return slots;
    }

    /** The bound HTTP address (useful when the config asked for port 0), or null when disabled. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    public InetSocketAddress httpsAddress() {
        return httpsAddress;
    }

    private final Map<String, java.util.concurrent.atomic.AtomicInteger> connectionCounts = new LinkedHashMap<>();

    private java.util.concurrent.atomic.AtomicInteger connectionCount(String listener) {
        return connectionCounts.computeIfAbsent(listener, metrics::connections);
    }

    /** The bound management address, or null when disabled. */
    public InetSocketAddress managementAddress() {
        return managementAddress;
    }

    /** The Prometheus scrape text, or null when metrics are off. */
    public String scrapeMetrics() {
        return metrics == null ? null : metrics.scrape();
    }

    /** The bound line-protocol address, or null when disabled. */
    public InetSocketAddress lineAddress() {
        return lineAddress;
    }

    @Override
    public synchronized void close() {
        for (Channel server : servers) {
            server.close().syncUninterruptibly();
        }
        servers.clear();
        vpcdConnectors.forEach(VpcdConnector::close); // vpcd sees the card removed
        vpcdConnectors.clear();
        pcscTransports.values().forEach(PcscTransport::stopWatching);
        slots.shutdown(DRAIN_MILLIS);
        // The slots' last answers are tasks queued on the event loops; the loops' shutdown closes every
        // connection before it runs queued tasks, so let each loop run what is queued (and write it) first.
        for (EventExecutor loop : loops.workers()) {
            loop.submit(() -> { }).awaitUninterruptibly(DRAIN_MILLIS);
        }
        loops.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
