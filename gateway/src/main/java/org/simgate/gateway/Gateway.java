package org.simgate.gateway;

import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.simgate.front.BoundAddress;
import org.simgate.gateway.auc.AucRunning;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.gateway.net.EventLoops;
import org.simgate.gateway.net.FileDescriptorBudget;
import org.simgate.gateway.net.Listeners;
import org.simgate.gateway.net.ServerTls;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.gateway.subscriber.SubscriberFarm;
import org.simgate.protocol.line.LineFront;
import org.simgate.protocol.management.ManagementFront;
import org.simgate.protocol.rest.RestFront;
import org.simgate.protocol.vpcd.VpcdRelayFront;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.ReloadResult;
import org.simgate.service.SimService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simgate: the slots, the service the protocols call, and the fronts that serve it
 * ({@link org.simgate.front.FrontType}, started in a loop). Stopping it stops accepting, lets
 * queued card work finish and its answers go out, then releases the cards.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final long DRAIN_MILLIS = 5_000;

    private final SlotRegistry slots;
    /** The simulated subscribers' cards; null when {@code simgate.subscribers} names none. */
    private final SubscriberFarm subscribers;
    private final GatewayService service;
    private final EventLoops loops;
    /** Null when metrics are off: then fronts get the plain service and count nothing. */
    private final GatewayMetrics metrics;
    private final Listeners listeners;
    private final GatewayContext context;
    private final RunningFronts fronts = new RunningFronts();
    private final ReaderWatches readerWatches;
    private final Reloads reloads;
    private ClientSecurity security = ClientSecurity.OFF;
    /** The AuC; null unless {@code simgate.auc}. */
    private AucRunning auc;

    private Gateway(GatewayConfig config, Supplier<GatewayConfig> source, Clock clock) throws IOException {
        this.readerWatches = new ReaderWatches(id -> slots().get(id));
        this.subscribers = SubscriberFarm.open(config.subscribers());
        try {
            this.slots = new SlotRegistry(config.pcsc().withReaders(config.slots()), readerWatches::open);
        } catch (RuntimeException e) {
            if (subscribers != null) {
                subscribers.close();
            }
            throw e;
        }
        this.service = new GatewayService(slots, config.defaultSlot(), config.suci(), subscribers);
        // what fronts tell of their links and of the slots they lend, on every slot's status and wire
        slots.lentBy(fronts::lent);
        service.linksFrom(fronts::links);
        this.loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        // metering only pays off when someone can scrape it
        this.metrics = config.management().listener().enabled() && config.management().metrics()
                ? new GatewayMetrics(slots) : null;
        ServerTls serverTls = new ServerTls(config.https(), config.auth().clientCa());
        this.listeners = new Listeners(loops, metrics, serverTls);
        this.reloads = new Reloads(source, config, slots, service, metrics, fronts, readerWatches, DRAIN_MILLIS);
        this.context = new GatewayContext(service, metrics, new SlotAdministration(slots, service, this::reload), clock,
                loops, listeners, serverTls);
    }

    /**
     * Starts the slots and every enabled front; on any failure, releases what it started. A
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
            // the AuC knows the subscriber file's rows too (none without simgate.subscribers)
            gateway.auc = AucRunning.start(config, config.subscribers().subscribers());
            gateway.context.aucStarted(gateway.auc == null ? null : gateway.auc.service());
            // phase one: the REST listeners bind, not yet accepting: the registry's finalize URL needs their port
            gateway.fronts.open(config, gateway.context);
            String publicUrl = PublicUrl.of(config, gateway.httpAddress(), gateway.httpsAddress());
            gateway.security = ClientSecurity.start(config.auth(), publicUrl, clock, gateway.context.keyedConnections());
            gateway.context.securityStarted(gateway.security.security(), gateway.security.devices(),
                    URI.create(publicUrl).getHost());
            gateway.slots.start();
            gateway.fronts.start(); // phase two: every front serves
            if (gateway.metrics != null) {
                gateway.metrics.frontsStarted(gateway.fronts::links, gateway.fronts::lent);
            }
            gateway.readerWatches.watchAll();
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

    /**
     * Reads the config again (from the file given with -c, or the defaults) and applies it; see
     * {@link Reloads#apply}. Reloads run one at a time on a thread of their own; the future fails
     * with {@link ReloadResult.Refused} when the new config is invalid, and the running one stays.
     */
    public CompletableFuture<ReloadResult> reload() {
        return reloads.reload();
    }

    public SimService service() {
        return service;
    }

    public SlotRegistry slots() {
        return slots;
    }

    /** The bound HTTP address (useful when the config asked for port 0), or null when disabled. */
    public InetSocketAddress httpAddress() {
        return address(RestFront.HTTP);
    }

    public InetSocketAddress httpsAddress() {
        return address(RestFront.HTTPS);
    }

    /** The bound line-protocol address, or null when disabled. */
    public InetSocketAddress lineAddress() {
        return address(LineFront.NAME);
    }

    /** The bound management address, or null when disabled. */
    public InetSocketAddress managementAddress() {
        return address(ManagementFront.NAME);
    }

    /** The addresses vpcd relays listen on (reversed mode), in config order; useful with port 0. */
    public List<InetSocketAddress> vpcdListeners() {
        return fronts.addresses().stream().filter(bound -> bound.name().equals(VpcdRelayFront.LISTENER))
                .map(bound -> (InetSocketAddress) bound.address()).toList();
    }

    /** Every address the fronts listen on, in front order. */
    public List<BoundAddress> addresses() {
        return fronts.addresses();
    }

    /** The first address a front listens on under {@code name} ({@link BoundAddress#name()}), or null. */
    public InetSocketAddress frontAddress(String name) {
        return address(name);
    }

    private InetSocketAddress address(String name) {
        return fronts.addresses().stream().filter(bound -> bound.name().equals(name))
                .map(bound -> (InetSocketAddress) bound.address()).findFirst().orElse(null);
    }

    /** The Prometheus scrape text, or null when metrics are off. */
    public String scrapeMetrics() {
        return metrics == null ? null : metrics.scrape();
    }

    /** The verifier every protocol uses, or null when {@code simgate.auth.required} is false. */
    public Security security() {
        return security.security();
    }

    /** The registered devices, or null when {@code simgate.auth.required} is false. */
    public DeviceRegistry devices() {
        return security.devices();
    }

    @Override
    public void close() {
        reloads.close();
        listeners.close();
        fronts.close(); // vpcd sees the card removed
        if (auc != null) {
            auc.close();
        }
        readerWatches.close();
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
        security.close();
    }
}
