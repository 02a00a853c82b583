package org.simgate.rspro.ipa;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes to {@link IpaFrame}s, whatever way TCP splits or coalesces them. A frame longer than the
 * maximum closes the connection with a log line that says so: what follows cannot be trusted to be a
 * frame boundary.
 */
public final class IpaFrameDecoder extends ByteToMessageDecoder {
    /**
     * Larger than any RSPRO message (a T=0 TPDU is at most 261 bytes, an ATR 55, an identity some 300),
     * small enough that a stray peer cannot make us buffer 64 KiB per connection.
     */
    public static final int DEFAULT_MAX_PAYLOAD = 4096;
    private static final int HEADER = 3;
    private static final Logger log = LoggerFactory.getLogger(IpaFrameDecoder.class);

    private final int maxPayload;
    private boolean closing;

    public IpaFrameDecoder() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    public IpaFrameDecoder(int maxPayload) {
        if (maxPayload < 1 || maxPayload > IpaFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be 1.." + IpaFrame.MAX_PAYLOAD);
        }
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (closing) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= HEADER) {
            int length = in.getUnsignedShort(in.readerIndex());
            int stream = in.getUnsignedByte(in.readerIndex() + 2);
            if (length > maxPayload) {
                closing = true;
                log.warn("IPA frame from {} announces {} bytes (stream {}), more than the maximum of {}: closing"
                        + " the connection (not an IPA/RSPRO peer?)", ctx.channel().remoteAddress(), length,
                        String.format("%02X", stream), maxPayload);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < HEADER + length) {
                return;
            }
            in.skipBytes(HEADER);
            byte[] payload = new byte[length];
            in.readBytes(payload);
            out.add(new IpaFrame(stream, payload));
        }
    }
}
