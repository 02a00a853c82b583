package org.simgate.gateway.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import org.simgate.protocol.HandshakeQuickAck;

/**
 * TLS in front of a listener's protocol ({@code tls = true} on the line, management and listening
 * vpcd listeners): the server certificate of the https listener, and client certificates when
 * {@code simgate.auth.client-ca} is set. The protocol behind sees plain bytes, and
 * {@code ClientCertificate} finds the handshake's peer.
 */
public final class TlsTermination extends ChannelInitializer<SocketChannel> {
    private final SslContext tls;
    private final ChannelInitializer<SocketChannel> protocol;

    public TlsTermination(SslContext tls, ChannelInitializer<SocketChannel> protocol) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
        HandshakeQuickAck.addBefore(channel.pipeline(), "tls");
        channel.pipeline().addLast(protocol);
    }
}
