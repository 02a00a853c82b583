package org.simgate.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.config.ListenerConfig;
import org.simgate.gateway.net.EventLoops;
import org.simgate.gateway.net.TlsCertificates;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.protocol.rest.RestInitializer;
import org.simgate.protocol.rest.RestSettings;
import org.simgate.service.SimService;
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
    private InetSocketAddress httpAddress;
    private InetSocketAddress httpsAddress;

    private Gateway(GatewayConfig config) {
        this.slots = new SlotRegistry(config.slots(), Transports::open);
        this.service = new GatewayService(slots, config.defaultSlot(), config.suci());
        this.loops = new EventLoops(Runtime.getRuntime().availableProcessors());
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
                gateway.httpAddress = gateway.bind(http, new RestInitializer(gateway.service, rest, null));
                log.info("HTTP  listening on http://{}", hostPort(gateway.httpAddress));
            }
            ListenerConfig https = config.https();
            if (https.enabled()) {
                TlsCertificates.PemPair pem = https.cert() != null
                        ? TlsCertificates.configured(https.cert(), https.key())
                        : TlsCertificates.selfSigned(https.selfSignedDir());
                SslContext tls = pem.serverContext();
                gateway.httpsAddress = gateway.bind(https, new RestInitializer(gateway.service, rest, tls));
                log.info("HTTPS listening on https://{} (certificate {}, SHA-256 {})", hostPort(gateway.httpsAddress),
                        pem.cert(), pem.sha256());
            }
            log.info("{} slot(s), {} event loops", config.slots().size(), gateway.loops.kind());
            return gateway;
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private InetSocketAddress bind(ListenerConfig listener, ChannelInitializer<SocketChannel> initializer)
            throws IOException {
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

    @Override
    public synchronized void close() {
        for (Channel server : servers) {
            server.close().syncUninterruptibly();
        }
        servers.clear();
        slots.shutdown(DRAIN_MILLIS);
        loops.close();
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
