package org.simgate.gateway.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.protocol.RefusalLog;
import org.slf4j.LoggerFactory;

/**
 * A listener's open connections, counted as they are accepted, and its budget: at most
 * {@code maxConnections} at once, at most {@code maxPerAddress} from one client address. One more
 * is closed at once, before a byte of it is read (no TLS handshake, no HTTP parser), so one client
 * cannot take the file descriptors every listener and every established connection need, and a
 * full listener leaves the others (the management listener has a budget of its own) answering.
 *
 * <p>Sits on the server channel, ahead of Netty's acceptor: connections are counted on the
 * acceptor thread in the order the kernel hands them over, so the (n+1)th is the one refused.
 * Each is counted down when it closes.
 */
@ChannelHandler.Sharable
public final class CountedConnections extends ChannelInboundHandlerAdapter {
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(CountedConnections.class));

    /**
     * @param section the config section whose {@code max-connections} and
     *                {@code max-connections-per-address} set these limits, for the log; null: built in
     */
    public record Limits(int maxConnections, int maxPerAddress, String section) {
        public Limits {
            if (maxConnections < 1 || maxPerAddress < 1) {
                throw new IllegalArgumentException("connection limits must be positive");
            }
        }
    }

    /** Where refusals are counted (a metric): {@code listener_full} or {@code address_full}. */
    @FunctionalInterface
    public interface Refusals {
        void refused(String reason);
    }

    private final String listener;
    private final Limits limits;
    private final AtomicInteger open = new AtomicInteger();
    /** The metrics' gauge of this listener's name (several vpcd relays share one), or null. */
    private final AtomicInteger metered;
    private final Refusals refusals;
    private final ConcurrentHashMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    public CountedConnections(String listener, Limits limits, AtomicInteger metered, Refusals refusals) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metered = metered;
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetAddress address = child.remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refuse(child, "listener_full", "the listener holds its limit of " + limits.maxConnections()
                    + " connections" + key("max-connections"));
            return;
        }
        if (address != null && byAddress.merge(address, 1, Integer::sum) > limits.maxPerAddress()) {
            release(address);
            open.decrementAndGet();
            refuse(child, "address_full", "that address holds its limit of " + limits.maxPerAddress()
                    + " connections" + key("max-connections-per-address"));
            return;
        }
        if (metered != null) {
            metered.incrementAndGet();
        }
        child.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            if (address != null) {
                release(address);
            }
            if (metered != null) {
                metered.decrementAndGet();
            }
        });
        ctx.fireChannelRead(child);
    }

    private String key(String name) {
        return limits.section() == null ? "" : " (" + limits.section() + "." + name + ")";
    }

    private void release(InetAddress address) {
        byAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    }

    private void refuse(Channel child, String reason, String why) {
        refusals.refused(reason);
        REFUSALS.refused("{}: refused a connection from {}: {}", listener, child.remoteAddress(), why);
        // not registered with an event loop yet: closed here, as Netty's acceptor closes one it cannot register
        child.unsafe().closeForcibly();
    }
}
