package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.service.SimService;

/**
 * A vpcd relay connection's pipeline: {@link VpcdCodec} then {@link VpcdRelayHandler}, for one slot.
 * The same for both directions: simgate connecting out to vpcd, or vpcd (reversed mode)
 * connecting in. A connecting relay may add TLS in front and an {@link AuthFrameSender}; a
 * listening relay that requires authentication adds a {@link RelayGate} (its TLS, when on, is the
 * listener's, added before this).
 */
public final class VpcdInitializer extends ChannelInitializer<SocketChannel> {
    private final SimService service;
    private final int slot;
    private final Security security;
    private final ConnectionsByKey connections;
    private final SslContext clientTls;
    private final String host;
    private final int port;
    private final Supplier<String> authLine;

    public VpcdInitializer(SimService service, int slot) {
        this(service, slot, null, null, null, null, 0, null);
    }

    private VpcdInitializer(SimService service, int slot, Security security, ConnectionsByKey connections,
                            SslContext clientTls, String host, int port, Supplier<String> authLine) {
        this.service = Objects.requireNonNull(service, "service");
        this.slot = slot;
        this.security = security != null && security.required() ? security : null;
        this.connections = this.security == null ? null : Objects.requireNonNull(connections, "connections");
        this.clientTls = clientTls;
        this.host = host;
        this.port = port;
        this.authLine = authLine;
    }

    /**
     * A listening relay's connections (vpcd in reversed mode connecting in).
     *
     * @param security with {@code required}: a peer gets through only authenticated and allowed to
     *                 {@code relay} the slot; null: anyone who connects
     */
    public static VpcdInitializer listening(SimService service, int slot, Security security,
                                            ConnectionsByKey connections) {
        return new VpcdInitializer(service, slot, security, connections, null, null, 0, null);
    }

    /**
     * A connecting relay's connection to {@code host:port}.
     *
     * @param tls      a client TLS context, or null: plain TCP
     * @param authLine a fresh AUTH line per connection, sent first as an AUTH frame; or null: none
     */
    public static VpcdInitializer connecting(SimService service, int slot, String host, int port, SslContext tls,
                                             Supplier<String> authLine) {
        return new VpcdInitializer(service, slot, null, null, tls, host, port, authLine);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // one small frame per message both ways: never hold one back for Nagle
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        configure(channel.pipeline());
    }

    /** Builds the pipeline; separate from initChannel so tests can use an EmbeddedChannel. */
    void configure(ChannelPipeline pipeline) {
        if (clientTls != null) {
            pipeline.addLast("tls", clientTls.newHandler(pipeline.channel().alloc(), host, port));
        }
        pipeline.addLast("vpcd", new VpcdCodec());
        if (authLine != null) {
            pipeline.addLast("auth", new AuthFrameSender(authLine));
        }
        if (security != null) {
            pipeline.addLast("gate", new RelayGate(security, connections, slot));
        }
        pipeline.addLast("relay", new VpcdRelayHandler(service, slot));
    }
}
