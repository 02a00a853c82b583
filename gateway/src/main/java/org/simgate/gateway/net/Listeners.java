package org.simgate.gateway.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.front.BoundListener;
import org.simgate.front.Listen;
import org.simgate.gateway.metrics.GatewayMetrics;

/**
 * Binds the gateway's TCP listeners: each with its connection budget ({@link CountedConnections},
 * metered when metrics are on), TLS in front when asked ({@link TlsTermination}), on the shared
 * event loops. Bound listeners accept nothing until their front serves on them.
 */
public final class Listeners implements AutoCloseable {
    private final EventLoops loops;
    /** Null when metrics are off: then nothing is counted. */
    private final GatewayMetrics metrics;
    private final ServerTls tls;
    private final List<Channel> servers = new ArrayList<>();
    private final Map<String, AtomicInteger> connectionCounts = new LinkedHashMap<>();

    public Listeners(EventLoops loops, GatewayMetrics metrics, ServerTls tls) {
        this.loops = loops;
        this.metrics = metrics;
        this.tls = tls;
    }

    /** Binds {@code listen}, accepting nothing until {@link BoundListener#serve}. */
    public BoundListener listen(Listen listen) throws IOException {
        if (listen.tls()) {
            tls.context(); // a certificate that cannot be made fails the start here, not at the first client
        }
        // listeners of one name (several vpcd relays) share one metered count and one series
        CountedConnections counted = new CountedConnections(listen.name(),
                new CountedConnections.Limits(listen.limits().maxConnections(), listen.limits().maxPerAddress(),
                        listen.limits().section()),
                metrics == null ? null : connectionCount(listen.name()), reason -> refusal(listen.name(), reason).run());
        Bound bound = new Bound(listen);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .handler(counted)
                .childHandler(bound);
        try {
            bound.server = bootstrap.bind(listen.bind(), listen.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + listen.bind() + ":" + listen.port());
        } catch (Exception e) {
            throw new IOException("cannot listen on " + listen.bind() + ":" + listen.port() + ": " + e.getMessage(), e);
        }
        synchronized (servers) {
            servers.add(bound.server);
        }
        return bound;
    }

    /** Counts one of a listener's refusals (simgate_listener_refusals_total{reason}), when metrics are on. */
    public Runnable refusal(String listener, String reason) {
        return metrics == null ? () -> { } : () -> metrics.refused(listener, reason);
    }

    private synchronized AtomicInteger connectionCount(String listener) {
        return connectionCounts.computeIfAbsent(listener, metrics::connections);
    }

    /** Stops every listener accepting. */
    @Override
    public void close() {
        List<Channel> all;
        synchronized (servers) {
            all = new ArrayList<>(servers);
            servers.clear();
        }
        for (Channel server : all) {
            server.close().syncUninterruptibly();
        }
    }

    /** A bound listener; its protocol, given by {@link #serve}, goes into each accepted connection. */
    private final class Bound extends ChannelInitializer<SocketChannel> implements BoundListener {
        private final Listen listen;
        private volatile ChannelInitializer<SocketChannel> protocol;
        private Channel server;

        Bound(Listen listen) {
            this.listen = listen;
        }

        @Override
        public InetSocketAddress address() {
            return (InetSocketAddress) server.localAddress();
        }

        @Override
        public BoundListener serve(ChannelInitializer<SocketChannel> protocol) {
            try {
                this.protocol = listen.tls() ? new TlsTermination(tls.context(), protocol) : protocol;
            } catch (IOException e) {
                throw new IllegalStateException("the server certificate was made at bind", e);
            }
            server.config().setAutoRead(true);
            return this;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(protocol);
        }

        @Override
        public void close() {
            synchronized (servers) {
                servers.remove(server);
            }
            server.close().syncUninterruptibly();
        }
    }
}
