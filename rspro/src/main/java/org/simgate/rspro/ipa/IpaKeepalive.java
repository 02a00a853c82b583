package org.simgate.rspro.ipa;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPA CCM keepalive of one connection, both directions: answers PING with PONG; sends a PING when the
 * connection becomes active and every {@link KeepaliveTimers#pingInterval()}; closes the connection when
 * no PONG arrives within {@link KeepaliveTimers#pongTimeout()} of a PING (the peer is gone or stuck).
 * CCM frames stop here; other frames pass on.
 *
 * <p>{@code answerIdAck}: osmo-remsim-server answers an ID_ACK with an ID_ACK (it plays the IPA
 * server side); clients and banks do not, else two such peers would echo forever.
 */
public final class IpaKeepalive extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(IpaKeepalive.class);

    private final KeepaliveTimers timers;
    private final boolean answerIdAck;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> pongDeadline;

    public IpaKeepalive(KeepaliveTimers timers, boolean answerIdAck) {
        this.timers = timers;
        this.answerIdAck = answerIdAck;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof IpaFrame frame) || !frame.isCcm()) {
            ctx.fireChannelRead(msg);
            return;
        }
        IpaCcm type = IpaCcm.of(frame);
        if (type == IpaCcm.PING) {
            ctx.writeAndFlush(IpaFrame.ccm(IpaCcm.PONG));
        } else if (type == IpaCcm.PONG) {
            if (pongDeadline != null) {
                pongDeadline.cancel(false);
                pongDeadline = null;
            }
        } else if (type == IpaCcm.ID_ACK) {
            if (answerIdAck) {
                ctx.writeAndFlush(IpaFrame.ccm(IpaCcm.ID_ACK));
            }
        } else {
            log.debug("IPA CCM message type {} from {} ignored", String.format("%02X", frame.ccmType()),
                    ctx.channel().remoteAddress());
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (pingTask != null) {
            return;
        }
        long interval = timers.pingInterval().toMillis();
        pingTask = ctx.executor().scheduleAtFixedRate(() -> ping(ctx), interval, interval, TimeUnit.MILLISECONDS);
        ping(ctx);
    }

    private void ping(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(IpaFrame.ccm(IpaCcm.PING));
        if (pongDeadline == null) {
            pongDeadline = ctx.executor().schedule(() -> silent(ctx), timers.pongTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void silent(ChannelHandlerContext ctx) {
        pongDeadline = null;
        log.warn("no IPA PONG from {} within {} ms of a PING: closing the connection",
                ctx.channel().remoteAddress(), timers.pongTimeout().toMillis());
        // so that the handlers behind can tell "we dropped a silent peer" from "the peer hung up"
        ctx.fireUserEventTriggered(new PeerSilent(timers.pongTimeout()));
        ctx.close();
    }

    /** Fired just before the connection is closed because no PONG came within {@code pongTimeout}. */
    public record PeerSilent(java.time.Duration pongTimeout) {
        /** Why the link closed, in words for an operator. */
        public String reason() {
            return "no IPA PONG within " + pongTimeout.toMillis() + " ms of a PING";
        }
    }

    private void stop() {
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        if (pongDeadline != null) {
            pongDeadline.cancel(false);
            pongDeadline = null;
        }
    }
}
