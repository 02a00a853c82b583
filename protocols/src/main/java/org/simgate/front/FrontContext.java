package org.simgate.front;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.service.AdminService;
import org.simgate.service.SimService;

/**
 * What the gateway gives every front to start from; implemented by the gateway. Security, devices
 * and the public host are known in phase two ({@link Front#start()}), null before.
 */
public interface FrontContext {

    /** The service as {@code protocol}'s connections see it: metered under that name when metrics are on. */
    SimService service(String protocol);

    /** The slots' administration (drain, reset, reload) for the management front. */
    AdminService admin();

    /** The Prometheus scrape text, or null when metrics are off. */
    Supplier<String> metrics();

    /** The verifier every protocol uses; null unless {@code simgate.auth.required}. */
    Security security();

    /** The registered devices; null unless {@code simgate.auth.required}. */
    DeviceRegistry devices();

    /**
     * Where connections that authenticated with a key are listed: a key that ends (a device revoked,
     * a shared key removed or expired) closes them.
     */
    ConnectionsByKey keyedConnections();

    /** What signatures and registrations are checked against. */
    Clock clock();

    /** The host of the public URL (where devices finalize a registration), which HTTP listeners answer for. */
    String publicHost();

    /** The server's TLS context: the https certificate, client certificates from {@code simgate.auth.client-ca}. Made once. */
    SslContext serverTls() throws IOException;

    /** The server certificate for a log line: its file, its SHA-256, and where client certificates come from. */
    String serverTlsDescription() throws IOException;

    /** Binds a TCP listener with its connection budget and metrics, accepting nothing yet. */
    BoundListener listen(Listen listen) throws IOException;

    /**
     * Serves {@code protocol} on a UNIX stream socket at {@code path}, given {@code mode} before any
     * client can find it; a stale socket there is replaced, anything else refuses the start.
     *
     * @param section the config section whose {@code path} and {@code mode} keys the messages name ({@code simgate.unix})
     */
    AutoCloseable listenUnix(String section, Path path, Set<PosixFilePermission> mode, ChannelHandler protocol)
            throws IOException;

    /** Counts one of a listener's refusals ({@code simgate_listener_refusals_total{listener,reason}}); nothing when metrics are off. */
    Runnable refusal(String listener, String reason);

    /** The I/O event loops, for a front that connects out. */
    EventLoopGroup workers();

    /** The TCP client channel class that fits {@link #workers()} (epoll or NIO). */
    Class<? extends SocketChannel> socketChannel();
}
