package org.simgate.rspro;

import java.util.List;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

import org.simgate.rspro.ipa.IpaFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPA frames to {@link RsproPdu}s and back. An RSPRO frame that does not decode is dropped with a log
 * line and an {@link RsproUndecodable} user event (the connection stays up: one bad message from a
 * newer or broken peer must not cost the link). Frames of other streams pass on unchanged.
 */
@ChannelHandler.Sharable
public final class RsproPduCodec extends MessageToMessageCodec<IpaFrame, RsproPdu> {
    public static final RsproPduCodec INSTANCE = new RsproPduCodec();
    private static final Logger log = LoggerFactory.getLogger(RsproPduCodec.class);

    private RsproPduCodec() {
        super(IpaFrame.class, RsproPdu.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RsproPdu pdu, List<Object> out) {
        out.add(IpaFrame.rspro(RsproCodec.encode(pdu)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, IpaFrame frame, List<Object> out) {
        if (!frame.isRspro()) {
            out.add(frame);
            return;
        }
        byte[] payload = frame.payload();
        try {
            out.add(RsproCodec.decode(payload, 1, payload.length - 1));
        } catch (RsproDecodeException e) {
            log.warn("undecodable RSPRO message ({} bytes) from {} dropped: {}", payload.length - 1,
                    ctx.channel().remoteAddress(), e.getMessage());
            ctx.fireUserEventTriggered(new RsproUndecodable(e.getMessage()));
        }
    }
}
