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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.simgate.gateway.config.ConfigError;
import java.net.URI;
import java.time.Clock;
import org.simgate.gateway.config.AuthSettings;
import org.simgate.gateway.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.security.Security;
import org.simgate.security.keys.KeyFileError;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.gateway.config.LineConfig;
import org.simgate.gateway.config.ListenerConfig;
import org.simgate.gateway.config.ManagementConfig;
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.gateway.net.CountedConnections;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.config.VpcdRelayConfig;
import org.simgate.gateway.net.EventLoops;
import org.simgate.gateway.net.FileDescriptorBudget;
import org.simgate.gateway.net.TlsCertificates;
import org.simgate.gateway.net.TlsTermination;
import org.simgate.gateway.net.UnixSocketListener;
import org.simgate.protocol.AllowedHosts;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.gateway.slot.Slot;
import org.simgate.gateway.slot.SlotChanges;
import org.simgate.gateway.slot.SlotLogContext;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.gateway.subscriber.SubscriberFarm;
import org.simgate.protocol.line.LineInitializer;
import org.simgate.protocol.line.LineSettings;
import org.simgate.protocol.management.ManagementInitializer;
import org.simgate.protocol.rest.RestInitializer;
import org.simgate.protocol.rest.RestSettings;
import org.simgate.protocol.vpcd.VpcdConnector;
import org.simgate.protocol.vpcd.VpcdInitializer;
import org.simgate.service.ReloadResult;
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
    /** The simulated subscribers' cards; null when {@code simgate.subscribers} names none. */
    private final SubscriberFarm subscribers;
    private final GatewayService service;
    private final EventLoops loops;
    private final List<Channel> servers = new ArrayList<>();
    /** The pcsc slots' transports by slot id, whose reader watches the gateway starts and stops. */
    private final Map<Integer, PcscTransport> pcscTransports = new ConcurrentHashMap<>();
    /** Connect-mode vpcd relays; a reload starts and stops them (under this object's lock). */
    private final List<ConnectingRelay> vpcdConnectors = new ArrayList<>();
    /** Listen-mode vpcd relays with the connections vpcd opened to them. */
    private final List<ListeningRelay> listeningRelays = new ArrayList<>();
    private final List<InetSocketAddress> vpcdListeners = new ArrayList<>();
    /** Where a reload reads the config; the config the listeners started with, which only a restart changes. */
    private final Supplier<GatewayConfig> source;
    private final GatewayConfig started;
    /** One reload at a time, never on a caller's thread (an event loop, the signal thread). */
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "config-reload");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;
    private InetSocketAddress httpAddress;
    private InetSocketAddress httpsAddress;
    private InetSocketAddress lineAddress;
    private InetSocketAddress managementAddress;
    private UnixSocketListener unix;
    /** Null when metrics are off: then listeners get the plain service and count nothing. */
    private final GatewayMetrics metrics;
    /** What signatures and registrations are checked against (tests skew it). */
    private final Clock clock;
    /** Null unless {@code simgate.auth.required}: then every protocol verifies its clients with it. */
    private Security security;
    /** Registered devices (their P-384 keys); null unless {@code simgate.auth.required}. */
    private DeviceRegistry devices;
    /** The certificate every TLS listener presents, made once; null until the first TLS listener. */
    private TlsCertificates.PemPair serverCertificate;
    private SslContext serverTls;
    /**
     * Line, vpcd and dashboard connections by the key they authenticated with: a key that ends (a
     * device revoked, a shared key removed, changed or expired) closes them.
     */
    private final ConnectionsByKey keyedConnections = new ConnectionsByKey();

    private record ConnectingRelay(VpcdRelayConfig config, VpcdConnector connector) {
    }

    private record ListeningRelay(VpcdRelayConfig config, ChannelGroup connections) {
    }

    private Gateway(GatewayConfig config, Supplier<GatewayConfig> source, Clock clock) throws IOException {
        this.source = source;
        this.clock = clock;
        this.started = config;
        this.subscribers = SubscriberFarm.open(config.subscribers());
        try {
            this.slots = new SlotRegistry(config.pcsc().withReaders(config.slots()), this::open);
        } catch (RuntimeException e) {
            if (subscribers != null) {
                subscribers.close();
            }
            throw e;
        }
        this.service = new GatewayService(slots, config.defaultSlot(), config.suci(), subscribers);
        this.loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        // metering only pays off when someone can scrape it
        this.metrics = config.management().listener().enabled() && config.management().metrics()
                ? new GatewayMetrics(slots) : null;
    }

    /** The service as one protocol's listener sees it: metered under that protocol's name when metrics are on. */
    private SimService serviceFor(String protocol) {
        return metrics == null ? service : metrics.meter(service, protocol);
    }

    /**
     * Starts the slots and every enabled listener; on any failure, releases what it started. A
     * reload applies {@code config} again: nothing changes.
     */
    public static Gateway start(GatewayConfig config) throws IOException {
        return start(config, () -> config);
    }

    /**
     * As {@link #start(GatewayConfig)}; a reload ({@link #reload()}, {@code POST /admin/v1/reload})
     * reads the config from {@code source}, which throws {@link ConfigError} for an invalid one.
     */
    public static Gateway start(GatewayConfig config, Supplier<GatewayConfig> source) throws IOException {
        return start(config, source, Clock.systemUTC());
    }

    /** As {@link #start(GatewayConfig, Supplier)}, with the clock that signatures' created and registrations are checked against. */
    public static Gateway start(GatewayConfig config, Supplier<GatewayConfig> source, Clock clock) throws IOException {
        refuseOpenListenersWithoutAuth(config);
        FileDescriptorBudget.check(config);
        Gateway gateway = new Gateway(config, source, clock);
        try {
            // the REST listeners bind first, not yet accepting: the registry's finalize URL needs their port
            ListenerConfig http = config.http();
            ListenerConfig https = config.https();
            LateProtocol httpProtocol = new LateProtocol();
            LateProtocol httpsProtocol = new LateProtocol();
            if (http.enabled()) {
                if (!http.isLoopback()) {
                    log.warn("plain HTTP listens on {}, beyond this host: requests and answers cross the network "
                            + "unencrypted; prefer HTTPS or bind 127.0.0.1", http.bind());
                }
                httpProtocol.server = gateway.listen(http, "http", httpProtocol, false, restLimits(config));
                gateway.httpAddress = (InetSocketAddress) httpProtocol.server.localAddress();
            }
            SslContext tls = null;
            if (https.enabled()) {
                tls = gateway.serverTls(config);
                httpsProtocol.server = gateway.listen(https, "https", httpsProtocol, false, restLimits(config));
                gateway.httpsAddress = (InetSocketAddress) httpsProtocol.server.localAddress();
            }
            String publicUrl = publicUrl(config, gateway.httpAddress, gateway.httpsAddress);
            String publicHost = URI.create(publicUrl).getHost();
            gateway.startSecurity(config, publicUrl);
            gateway.slots.start();
            RestSettings rest = new RestSettings(config.rest().maxBodyBytes(), config.rest().idleTimeout(),
                    config.rest().maxPipelined(), config.rest().requestReadTimeout());
            if (http.enabled()) {
                httpProtocol.start(new RestInitializer(gateway.serviceFor("rest"), rest, null, gateway.security,
                        gateway.devices).answeringOnly(answeredHosts("simgate.http", http, publicHost))
                        .countingRefusals(reason -> gateway.refusal("http", reason).run()));
                log.info("HTTP  listening on http://{}", hostPort(gateway.httpAddress));
            }
            if (https.enabled()) {
                httpsProtocol.start(new RestInitializer(gateway.serviceFor("rest"), rest, tls, gateway.security,
                        gateway.devices).answeringOnly(answeredHosts("simgate.https", https, publicHost))
                        .countingRefusals(reason -> gateway.refusal("https", reason).run()));
                log.info("HTTPS listening on https://{} (certificate {}, SHA-256 {}{})", hostPort(gateway.httpsAddress),
                        gateway.serverCertificate.cert(), gateway.serverCertificate.sha256(),
                        config.auth().clientCa() == null ? "" : ", client certificates from " + config.auth().clientCa());
            }
            if (config.unix().enabled()) { // no Host check: no browser reaches a UNIX socket; its file mode guards it
                gateway.unix = UnixSocketListener.start(config.unix(), gateway.loops, new RestInitializer(
                        gateway.serviceFor("rest"), rest, null, gateway.security, gateway.devices).forAnyChannel());
            }
            LineConfig line = config.line();
            if (line.listener().enabled()) {
                if (!line.listener().isLoopback() && gateway.security == null) {
                    log.warn("the line protocol listens on {}, beyond this host: it has no client authentication; "
                            + "bind 127.0.0.1 unless the network is yours alone", line.listener().bind());
                } else if (!line.listener().isLoopback() && !line.listener().tls()) {
                    log.warn("the line protocol listens on {}, beyond this host, without TLS: RAND/AUTN and RES/CK/IK "
                            + "cross the network in the clear; set simgate.line.tls = true", line.listener().bind());
                }
                gateway.lineAddress = gateway.bind(line.listener(), "line", new LineInitializer(gateway.serviceFor("line"),
                        new LineSettings(line.maxLineBytes(), line.maxCommands(), line.idleTimeout(),
                                line.maxConnectionsPerAddress(), line.maxPipelined()),
                        gateway.security, gateway.keyedConnections),
                        // per address: the line protocol's own limit, which answers >ERR:C090 first
                        new CountedConnections.Limits(line.maxConnections(), Integer.MAX_VALUE, "simgate.line"));
                log.info("line  listening on {} (foxyproxy TCP protocol{}{})", hostPort(gateway.lineAddress),
                        line.listener().tls() ? ", TLS" : "", gateway.security != null ? ", AUTH required" : "");
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

    /**
     * A listener beyond loopback with no client authentication is refused unless the config says
     * {@code simgate.auth.required = false} in so many words; then it is a WARN line at every start.
     */
    static void refuseOpenListenersWithoutAuth(GatewayConfig config) {
        List<String> open = config.refuseOpenListenersWithoutAuth();
        if (!open.isEmpty()) {
            log.warn("simgate.auth.required = false: {} listen beyond this host and anyone who reaches them uses "
                    + "every card (docs/security.md)", String.join(", ", open));
        }
    }

    private void startSecurity(GatewayConfig config, String publicUrl) throws IOException {
        AuthSettings auth = config.auth();
        if (!auth.required()) {
            return;
        }
        devices = DeviceRegistry.open(auth.devicesDir(), URI.create(publicUrl), clock);
        try {
            security = Security.start(auth.config(), devices, clock, System::getenv);
        } catch (KeyFileError e) {
            throw new ConfigError(e.getMessage());
        }
        // a key that ends stops its line, vpcd and dashboard connections now, not at their next request
        devices.onRevoked(keyId -> endConnections(keyId, "revoked device key"));
        security.onSharedKeyEnded(keyId -> endConnections(keyId, "shared key removed, changed, revoked or expired"));
        log.info("client authentication on: {} client(s) in the access policy, {} registered device(s)",
                auth.config().policy().clients().size(), devices.devices().size());
    }

    private void endConnections(String keyId, String why) {
        int closed = keyedConnections.closeAll(keyId);
        if (closed > 0) {
            log.info("closed {} connection(s) of key {}: {}", closed, keyId, why);
        }
    }

    /**
     * Where devices reach simgate to finalize a registration: the configured URL, else the HTTPS
     * listener (the HTTP one when HTTPS is off) at the port it is bound to — with {@code port = 0},
     * the one the system gave it.
     */
    static String publicUrl(GatewayConfig config, InetSocketAddress httpAddress, InetSocketAddress httpsAddress) {
        if (config.auth().publicUrl() != null) {
            return config.auth().publicUrl();
        }
        boolean https = httpsAddress != null || httpAddress == null;
        ListenerConfig listener = https ? config.https() : config.http();
        InetSocketAddress bound = https ? httpsAddress : httpAddress;
        String host = listener.bind().equals("0.0.0.0") || listener.bind().equals("::") ? "localhost" : listener.bind();
        int port = bound != null ? bound.getPort() : listener.port();
        return (https ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The hosts an HTTP listener answers for (docs/security.md, DNS rebinding): on a loopback bind
     * the loopback names, plus its {@code allowed-hosts} and, for the REST listeners, the host of
     * the public URL (where devices finalize); beyond loopback without {@code allowed-hosts}, any (null).
     */
    static AllowedHosts answeredHosts(String section, ListenerConfig listener, String publicHost) {
        if (!listener.isLoopback() && listener.allowedHosts().isEmpty()) {
            return null;
        }
        List<String> hosts = new ArrayList<>(listener.allowedHosts());
        // a wildcard bind's default URL says localhost as a stand-in, no name to allow beyond loopback
        if (publicHost != null && !publicHost.equals("localhost") && AllowedHosts.invalid(publicHost) == null) {
            hosts.add(publicHost);
        }
        return AllowedHosts.forListener(section, listener.isLoopback(), hosts);
    }

    /**
     * A REST listener's protocol, given once its port is known and security started; until then its
     * listener accepts nothing and clients wait in the accept queue.
     */
    private static final class LateProtocol extends ChannelInitializer<SocketChannel> {
        private volatile ChannelInitializer<SocketChannel> protocol;
        private Channel server;

        void start(ChannelInitializer<SocketChannel> protocol) {
            this.protocol = protocol;
            server.config().setAutoRead(true);
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(protocol);
        }
    }

    /** The TLS context of every TLS listener: the https certificate, and client certificates from client-ca. */
    private SslContext serverTls(GatewayConfig config) throws IOException {
        if (serverTls == null) {
            ListenerConfig https = config.https();
            serverCertificate = https.cert() != null
                    ? TlsCertificates.configured(https.cert(), https.key())
                    : TlsCertificates.selfSigned(https.selfSignedDir());
            serverTls = serverCertificate.serverContext(config.auth().clientCa());
        }
        return serverTls;
    }

    private void startManagement(ManagementConfig management) throws IOException {
        ListenerConfig listener = management.listener();
        if (!listener.enabled()) {
            return;
        }
        if (!listener.isLoopback()) {
            log.warn("the management listener listens on {}, beyond this host{}", listener.bind(), security == null
                    ? ": its admin API drains and resets slots and has no client authentication; bind 127.0.0.1"
                    : "; its admin API, metrics and dashboard need a client allowed admin");
        }
        managementAddress = bind(listener, "management", new ManagementInitializer(
                new SlotAdministration(slots, service, this::reload), metrics == null ? null : metrics::scrape,
                security, devices, keyedConnections).answeringOnly(answeredHosts("simgate.management", listener, null))
                .readingRequestsWithin(management.requestReadTimeout(), refusal("management", "request_timeout")),
                new CountedConnections.Limits(management.maxConnections(), management.maxConnectionsPerAddress(),
                        "simgate.management"));
        log.info("management listening on {}://{} (/health, /ready, {}/admin/v1/slots, /admin/v1/reload, dashboard /ui/)",
                listener.tls() ? "https" : "http", hostPort(managementAddress), metrics == null ? "" : "/metrics, ");
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
        pcscTransports.forEach(this::watch);
    }

    private void watch(int id, PcscTransport transport) {
        String slotId = Integer.toString(id);
        transport.startWatching(change -> {
            Slot slot = slots.get(id);
            if (slot == null || change.initial() && change.present() == (slot.status().state() == SlotStatus.State.PRESENT)) {
                return;
            }
            log.info("slot {}: {}", id, change.description());
            slot.resetCard().exceptionally(e -> null);
        }, Map.of(SlotLogContext.KEY, slotId));
    }

    private void stopWatching(int id) {
        PcscTransport transport = pcscTransports.remove(id);
        if (transport != null) {
            transport.stopWatching();
        }
    }

    private void startVpcdRelays(List<VpcdRelayConfig> relays) throws IOException {
        for (VpcdRelayConfig relay : relays) {
            if (relay.listen()) {
                if (!relay.isLoopback() && security == null) {
                    log.warn("vpcd relay for slot {} listens on {}, beyond this host: anyone who reaches it can send "
                            + "the card APDUs; set simgate.auth.required = true (docs/pcsc.md)", relay.slot(), relay.host());
                }
                ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
                VpcdInitializer protocol = VpcdInitializer.listening(serviceFor("vpcd"), relay.slot(), security,
                        keyedConnections);
                InetSocketAddress address = bind(new ListenerConfig(true, relay.host(), relay.port(), null, null, null,
                                relay.tls() != null),
                        "vpcd", new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                connections.add(channel); // a reload that restarts the slot hangs them up
                                channel.pipeline().addLast(protocol);
                            }
                        }, new CountedConnections.Limits(FileDescriptorBudget.VPCD_RELAY_CONNECTIONS,
                                FileDescriptorBudget.VPCD_RELAY_CONNECTIONS, null));
                listeningRelays.add(new ListeningRelay(relay, connections));
                vpcdListeners.add(address);
                log.info("vpcd relay: slot {} waits for vpcd (reversed mode) on {}{}{}", relay.slot(), hostPort(address),
                        relay.tls() != null ? ", TLS" : "", security != null ? ", peers must authenticate" : "");
            } else {
                startConnector(relay);
            }
        }
    }

    private void startConnector(VpcdRelayConfig relay) {
        RelayCredentials credentials = RelayCredentials.of(relay, clock, System::getenv);
        vpcdConnectors.add(new ConnectingRelay(relay, new VpcdConnector(loops.workers(),
                loops.kind().equals("epoll") ? EpollSocketChannel.class : NioSocketChannel.class,
                relay.host(), relay.port(), serviceFor("vpcd"), relay.slot(), relay.retry(),
                credentials.tls(), credentials.authLine()).start()));
        try (var ignored = SlotLogContext.of(relay.slot())) {
            log.info("vpcd relay: slot {} goes to vpcd at {}:{}{}{}", relay.slot(), relay.host(), relay.port(),
                    relay.tls() != null ? " over TLS" : "", relay.auth() != null ? ", AUTH frame as " + relay.auth().keyId() : "");
        }
    }

    /**
     * Reads the config again (from the file given with -c, or the defaults) and applies it; see
     * {@link #apply}. Reloads run one at a time on a thread of their own; the future fails with
     * {@link ReloadResult.Refused} when the new config is invalid, and the running one stays.
     */
    public CompletableFuture<ReloadResult> reload() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                GatewayConfig next;
                try {
                    next = source.get();
                } catch (ConfigError e) {
                    throw refused("invalid configuration: " + e.getMessage());
                }
                return apply(next);
            }, reloads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ReloadResult.Refused("simgate is stopping"));
        }
    }

    private static ReloadResult.Refused refused(String message) {
        log.warn("reload refused, the running configuration stays: {}", message);
        return new ReloadResult.Refused(message);
    }

    /**
     * Applies {@code next} to the running gateway. Slots are compared by id: new ones start, removed
     * ones drain and close, changed ones drain and close and start again under their id, and the
     * others keep serving, never interrupted. Every transport a new slot needs is checked before
     * anything changes ({@link org.simgate.gateway.config.TransportConfig#check}), so a slot that
     * cannot start refuses the whole reload. Listener settings are only reported (needsRestart) and
     * logged; a change of {@code simgate.auth} refuses the reload (it takes a restart, and a reload
     * that seemed to turn authentication on must not leave it off unnoticed).
     */
    synchronized ReloadResult apply(GatewayConfig next) {
        if (closed) {
            throw new ReloadResult.Refused("simgate is stopping");
        }
        if (started.authChanges(next)) {
            throw refused("simgate.auth changed, and authentication settings take effect only at a restart: "
                    + "restart simgate to apply them (nothing of this reload was applied; authentication stays "
                    + (started.auth().required() ? "on" : "off") + ")");
        }
        List<SlotConfig> slotConfigs;
        try {
            slotConfigs = next.pcsc().withReaders(next.slots());
        } catch (ConfigError e) {
            throw refused("invalid configuration: " + e.getMessage());
        }
        for (VpcdRelayConfig relay : next.vpcdRelays()) {
            try {
                RelayCredentials.of(relay, clock, System::getenv); // a relay that cannot start refuses the reload
            } catch (ConfigError e) {
                throw refused("invalid configuration: " + e.getMessage());
            }
        }
        SlotChanges changes = slots.changesTo(slotConfigs);
        for (SlotConfig slot : changes.starting()) {
            try (var ignored = SlotLogContext.of(slot.id())) {
                Transports.check(slot);
            } catch (RuntimeException e) {
                throw refused(e.getMessage());
            }
        }
        List<String> needsRestart = started.needsRestart(next);
        if (!needsRestart.isEmpty()) {
            log.warn("reload: {} changed; that takes a restart, until then the old settings stay",
                    String.join(", ", needsRestart));
        }
        List<Integer> retired = changes.retired();
        List<VpcdRelayConfig> relaysToStart = stopRelays(next, retired);
        retired.forEach(this::stopWatching);
        List<Integer> failed = slots.apply(changes, DRAIN_MILLIS);
        for (int id : retired) {
            if (metrics != null) {
                metrics.removeSlot(id);
            }
        }
        for (SlotConfig config : changes.starting()) {
            Slot slot = slots.get(config.id());
            if (slot == null) {
                continue;
            }
            if (metrics != null) {
                metrics.addSlot(slot);
            }
            PcscTransport pcsc = pcscTransports.get(config.id());
            if (pcsc != null) {
                watch(config.id(), pcsc);
            }
        }
        relaysToStart.forEach(this::startConnector);
        service.reconfigure(next.defaultSlot(), next.suci());
        ReloadResult result = new ReloadResult(changes.addedIds(), changes.removed(), changes.restartedIds(),
                changes.unchanged(), needsRestart, failed);
        log.info("reload: added {}, removed {}, restarted {}, unchanged {}{}", result.added(), result.removed(),
                result.restarted(), result.unchanged(), failed.isEmpty() ? "" : ", failed to start " + failed);
        return result;
    }

    /**
     * Hangs up the relays of slots that stop (vpcd sees the card removed; a connect-mode relay of a
     * restarted slot comes back with the new card) and the connect-mode relays {@code next} no longer
     * has. Answers the connect-mode relays to start once the slots changed.
     */
    private List<VpcdRelayConfig> stopRelays(GatewayConfig next, List<Integer> retired) {
        List<VpcdRelayConfig> toStart = new ArrayList<>(next.vpcdRelays().stream().filter(r -> !r.listen()).toList());
        for (Iterator<ConnectingRelay> it = vpcdConnectors.iterator(); it.hasNext(); ) {
            ConnectingRelay relay = it.next();
            if (!retired.contains(relay.config().slot()) && toStart.remove(relay.config())) {
                continue; // kept as it runs
            }
            try (var ignored = SlotLogContext.of(relay.config().slot())) {
                log.info("vpcd relay: slot {} leaves vpcd at {}", relay.config().slot(), relay.connector().target());
                relay.connector().close();
            }
            it.remove();
        }
        for (ListeningRelay relay : listeningRelays) {
            if (retired.contains(relay.config().slot())) {
                relay.connections().close().awaitUninterruptibly(1_000);
            }
        }
        return toStart;
    }

    /** The addresses vpcd relays listen on (reversed mode), in config order; useful with port 0. */
    public List<InetSocketAddress> vpcdListeners() {
        return List.copyOf(vpcdListeners);
    }

    private InetSocketAddress bind(ListenerConfig listener, String name, ChannelInitializer<SocketChannel> protocol,
                                   CountedConnections.Limits limits) throws IOException {
        return (InetSocketAddress) listen(listener, name, protocol, true, limits).localAddress();
    }

    /**
     * @param accepting false: bound, but accepting nothing until {@code setAutoRead(true)} on the returned channel
     * @param limits    the listener's connection budget: one more connection is closed as it is accepted
     */
    private Channel listen(ListenerConfig listener, String name, ChannelInitializer<SocketChannel> protocol,
                           boolean accepting, CountedConnections.Limits limits) throws IOException {
        if (listener.tls() && !name.equals("https")) {
            // line, management, listening vpcd relays: TLS in front, the https listener's certificate
            protocol = new TlsTermination(serverTls(started), protocol);
        }
        // listeners of one name (several vpcd relays) share one metered count and one series
        CountedConnections counted = new CountedConnections(name, limits,
                metrics == null ? null : connectionCount(name), reason -> refusal(name, reason).run());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, accepting)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .handler(counted)
                .childHandler(protocol);
        try {
            Channel server = bootstrap.bind(listener.bind(), listener.port()).sync().channel();
            servers.add(server);
            return server;
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

    /** Counts one of a listener's refusals (simgate_listener_refusals_total{reason}), when metrics are on. */
    private Runnable refusal(String listener, String reason) {
        return metrics == null ? () -> { } : () -> metrics.refused(listener, reason);
    }

    /** Each REST listener's connection budget. */
    private static CountedConnections.Limits restLimits(GatewayConfig config) {
        return new CountedConnections.Limits(config.rest().maxConnections(), config.rest().maxConnectionsPerAddress(),
                "simgate.rest");
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
        closed = true;
        reloads.shutdown();
        for (Channel server : servers) {
            server.close().syncUninterruptibly();
        }
        servers.clear();
        if (unix != null) {
            unix.close();
        }
        vpcdConnectors.forEach(relay -> relay.connector().close()); // vpcd sees the card removed
        vpcdConnectors.clear();
        pcscTransports.values().forEach(PcscTransport::stopWatching);
        slots.shutdown(DRAIN_MILLIS);
        if (subscribers != null) {
            subscribers.shutdown(DRAIN_MILLIS);
        }
        // The slots' last answers are tasks queued on the event loops; the loops' shutdown closes every
        // connection before it runs queued tasks, so let each loop run what is queued (and write it) first.
        for (EventExecutor loop : loops.workers()) {
            loop.submit(() -> { }).awaitUninterruptibly(DRAIN_MILLIS);
        }
        loops.close();
        if (metrics != null) {
            metrics.close();
        }
        if (security != null) {
            security.close();
        }
    }

    /** The verifier every protocol uses, or null when {@code simgate.auth.required} is false. */
    public Security security() {
        return security;
    }

    /** The registered devices, or null when {@code simgate.auth.required} is false. */
    public DeviceRegistry devices() {
        return devices;
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
