package org.simgate.simulator.remsim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproPdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One bank's or client's RSPRO connection to the server: messages in, calls on {@link ServerState}. */
final class ServerPeerHandler extends SimpleChannelInboundHandler<RsproPdu> {
    private static final Logger log = LoggerFactory.getLogger(ServerPeerHandler.class);
    private final ServerState state;

    ServerPeerHandler(ServerState state) {
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RsproPdu pdu) {
        RsproMessage msg = pdu.msg();
        if (msg instanceof RsproMessage.ConnectBankReq req) {
            state.connectBank(ctx.channel(), req);
        } else if (msg instanceof RsproMessage.ConnectClientReq req) {
            state.connectClient(ctx.channel(), req);
        } else if (msg instanceof RsproMessage.CreateMappingRes res) {
            state.bankAnswered(ctx.channel(), msg, res.result());
        } else if (msg instanceof RsproMessage.RemoveMappingRes res) {
            state.bankAnswered(ctx.channel(), msg, res.result());
        } else if (msg instanceof RsproMessage.ConfigClientBankRes || msg instanceof RsproMessage.ConfigClientIdRes
                || msg instanceof RsproMessage.ResetStateRes) {
            log.debug("{} from {}", msg, ctx.channel().remoteAddress());
        } else if (msg instanceof RsproMessage.ErrorInd error) {
            log.warn("ErrorInd from {}: {}", ctx.channel().remoteAddress(), error);
        } else {
            log.warn("unexpected {} from {}: ignored", msg.getClass().getSimpleName(), ctx.channel().remoteAddress());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state.disconnected(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
