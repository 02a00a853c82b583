package org.simgate.rspro.ipa;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * {@link IpaFrame} to bytes: header and payload in one buffer, so each frame leaves in one write.
 * osmo-remsim-bankd reads with recv() without MSG_WAITALL and takes a short read for a short frame.
 */
@ChannelHandler.Sharable
public final class IpaFrameEncoder extends MessageToByteEncoder<IpaFrame> {
    public static final IpaFrameEncoder INSTANCE = new IpaFrameEncoder();

    private IpaFrameEncoder() {
        super(IpaFrame.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, IpaFrame frame, boolean preferDirect) {
        int size = 3 + frame.payload().length;
        return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IpaFrame frame, ByteBuf out) {
        out.writeShort(frame.payload().length);
        out.writeByte(frame.stream());
        out.writeBytes(frame.payload());
    }
}
