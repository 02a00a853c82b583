package org.simgate.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.simgate.front.BoundListener;
import org.simgate.front.FrontContext;
import org.simgate.front.Listen;
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.gateway.net.EventLoops;
import org.simgate.gateway.net.Listeners;
import org.simgate.gateway.net.ServerTls;
import org.simgate.gateway.net.UnixSocketListener;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.AdminService;
import org.simgate.service.SimService;

/**
 * What the gateway gives its fronts: the service (metered per protocol), security once started,
 * the listeners, the server certificate and the event loops.
 */
final class GatewayContext implements FrontContext {
    private final SimService service;
    /** Null when metrics are off: then fronts get the plain service and count nothing. */
    private final GatewayMetrics metrics;
    private final AdminService admin;
    private final Clock clock;
    private final EventLoops loops;
    private final Listeners listeners;
    private final ServerTls serverTls;
    private final ConnectionsByKey keyedConnections = new ConnectionsByKey();
    private volatile Security security;
    private volatile DeviceRegistry devices;
    private volatile String publicHost;

    GatewayContext(SimService service, GatewayMetrics metrics, AdminService admin, Clock clock, EventLoops loops,
                   Listeners listeners, ServerTls serverTls) {
        this.service = service;
        this.metrics = metrics;
        this.admin = admin;
        this.clock = clock;
        this.loops = loops;
        this.listeners = listeners;
        this.serverTls = serverTls;
    }

    /** Security started (phase two): what the fronts verify clients with, and the host of the public URL. */
    void securityStarted(Security security, DeviceRegistry devices, String publicHost) {
        this.security = security;
        this.devices = devices;
        this.publicHost = publicHost;
    }

    @Override
    public SimService service(String protocol) {
        return metrics == null ? service : metrics.meter(service, protocol);
    }

    @Override
    public AdminService admin() {
        return admin;
    }

    @Override
    public Supplier<String> metrics() {
        return metrics == null ? null : metrics::scrape;
    }

    @Override
    public Security security() {
        return security;
    }

    @Override
    public DeviceRegistry devices() {
        return devices;
    }

    @Override
    public ConnectionsByKey keyedConnections() {
        return keyedConnections;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String publicHost() {
        return publicHost;
    }

    @Override
    public SslContext serverTls() throws IOException {
        return serverTls.context();
    }

    @Override
    public String serverTlsDescription() throws IOException {
        return serverTls.description();
    }

    @Override
    public BoundListener listen(Listen listen) throws IOException {
        return listeners.listen(listen);
    }

    @Override
    public AutoCloseable listenUnix(String section, Path path, Set<PosixFilePermission> mode, ChannelHandler protocol)
            throws IOException {
        return UnixSocketListener.start(section, path, mode, loops, protocol);
    }

    @Override
    public Runnable refusal(String listener, String reason) {
        return listeners.refusal(listener, reason);
    }

    @Override
    public EventLoopGroup workers() {
        return loops.workers();
    }

    @Override
    public Class<? extends SocketChannel> socketChannel() {
        return loops.kind().equals("epoll") ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
