package org.simgate.protocol.line;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, for one listener. One more than the limit is answered with
 * a {@code >ERR:C090:…} line and closed before it reads anything, so one client cannot take every
 * connection the gateway can hold.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimit.class, "counted");
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionLimit.class, "refused");

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionLimit(int max) {
        this.max = max;
    }

    /** Connections now open from {@code address}; for tests and operators. */
    int open(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // an EmbeddedChannel has no InetSocketAddress: it is not counted
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            InetAddress address = remote.getAddress();
            if (open.merge(address, 1, Integer::sum) > max) {
                release(address);
                ctx.channel().attr(REFUSED).set(Boolean.TRUE);
                ctx.channel().config().setAutoRead(false);
                ctx.writeAndFlush(AnswerEncoder.refusal(ctx.alloc(), ErrorCode.FAILURE,
                        "too many connections from your address (limit " + max + ")"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().attr(COUNTED).set(address);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(REFUSED)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            release(address);
        }
        ctx.fireChannelInactive();
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    }
}
