package org.simgate.protocol.vpcd;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A connecting relay's first frame, before vpcd's peer hears anything else: the AUTH frame, a
 * fresh AUTH line ({@code >AUTH:<keyid>:<created>:<nonce>:<signature>|}) as its payload, for a
 * peer that requires one (a simgate-side relay end, docs/pcsc.md). Then it steps aside.
 */
final class AuthFrameSender extends ChannelInboundHandlerAdapter {
    private final Supplier<String> authLine;

    AuthFrameSender(Supplier<String> authLine) {
        this.authLine = authLine;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // written through the codec (framed) and TLS, which holds it until its handshake is done
        ctx.writeAndFlush(authLine.get().getBytes(StandardCharsets.US_ASCII), ctx.voidPromise());
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
