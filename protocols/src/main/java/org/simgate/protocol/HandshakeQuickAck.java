package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import org.simgate.protocol.vpcd.QuickAck;

/**
 * TCP_QUICKACK while a server's TLS handshake runs. On TLS 1.3 BoringSSL sends its session tickets
 * with its first flight, so when the client's Finished arrives the server has nothing to send, and
 * Linux, which took the exchange for an interactive one, holds that ACK up to 40 ms. A client with
 * Nagle on (ab, for one) writes its request right after its Finished and holds it until that ACK:
 * every new connection waited 40 ms. Re-armed after each flush of the handshake (sending is what
 * puts the socket back into delayed ACKs), the Finished is ACKed at once. It sits before the
 * SslHandler, nearer the socket, to see the handshake's own flushes, and leaves once it is done.
 */
public final class HandshakeQuickAck extends ChannelOutboundHandlerAdapter {
    private HandshakeQuickAck() {
    }

    /** Puts one before the pipeline's SslHandler, named {@code tlsName}. */
    public static void addBefore(ChannelPipeline pipeline, String tlsName) {
        pipeline.addBefore(tlsName, tlsName + "-quickack", new HandshakeQuickAck());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            ctx.pipeline().remove(this);
            return;
        }
        tls.handshakeFuture().addListener(done -> {
            if (ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
            }
        });
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        QuickAck.rearm(ctx.channel());
    }
}
