package org.simgate.protocol.vpcd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import java.util.List;

/**
 * The vpcd framing: a 2-byte big-endian length, then that many bytes. Inbound frames become
 * {@link VpcdMessage}s, however the bytes were split across TCP segments; outbound answers (an ATR, an
 * R-APDU, or nothing at all, which tells vpcd the card is gone) are framed the same way.
 *
 * <p>A frame vpcd would never send (length 0, or a 1-byte control code it does not define) is a
 * {@link CorruptedFrameException}: the relay closes that connection, the gateway carries on.
 */
public final class VpcdCodec extends ByteToMessageCodec<byte[]> {
    static final int MAX_PAYLOAD = 0xFFFF;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 2) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (in.readableBytes() < 2 + length) {
                return; // the rest of the frame is still on its way
            }
            in.skipBytes(2);
            if (length == 0) {
                throw new CorruptedFrameException("vpcd sent an empty frame");
            }
            if (length == 1) {
                int code = in.readUnsignedByte();
                VpcdMessage.Control control = VpcdMessage.Control.of(code);
                if (control == null) {
                    throw new CorruptedFrameException(String.format("vpcd sent unknown control code %02X", code));
                }
                out.add(control);
            } else {
                byte[] command = new byte[length];
                in.readBytes(command);
                out.add(new VpcdMessage.Apdu(command));
            }
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] answer, ByteBuf out) {
        if (answer.length > MAX_PAYLOAD) {
            throw new EncoderException("an answer of " + answer.length + " bytes does not fit a vpcd frame");
        }
        out.writeShort(answer.length);
        out.writeBytes(answer);
    }
}
