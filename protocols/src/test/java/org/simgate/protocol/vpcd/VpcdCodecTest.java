package org.simgate.protocol.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The vpcd wire format, as vpcd writes it: 2-byte big-endian length, then the payload. */
class VpcdCodecTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static ByteBuf bytes(String hex) {
        return Unpooled.wrappedBuffer(HEX.parseHex(hex.replace(" ", "")));
    }

    @Test
    void oneByteFramesAreTheControlCodes() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        channel.writeInbound(bytes("0001 00  0001 01  0001 02  0001 04"));
        assertEquals(VpcdMessage.Control.POWER_OFF, channel.readInbound());
        assertEquals(VpcdMessage.Control.POWER_ON, channel.readInbound());
        assertEquals(VpcdMessage.Control.RESET, channel.readInbound());
        assertEquals(VpcdMessage.Control.GET_ATR, channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void longerFramesAreCApdus() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        channel.writeInbound(bytes("0007 00A40004023F00"));
        VpcdMessage.Apdu apdu = channel.readInbound();
        assertEquals("00A40004023F00", HEX.formatHex(apdu.command()));
        assertEquals("Apdu[7 bytes]", apdu.toString(), "never the bytes: they may be RAND/AUTN or a PIN");
    }

    @Test
    void framesSplitAnywhereAcrossSegmentsAreReassembled() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        byte[] stream = HEX.parseHex("0001010001040007 00A40004023F00 0005 00C0000016".replace(" ", ""));
        for (byte b : stream) { // one byte per read: the worst a TCP stack can do
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(VpcdMessage.Control.POWER_ON, channel.readInbound());
        assertEquals(VpcdMessage.Control.GET_ATR, channel.readInbound());
        assertEquals("00A40004023F00", HEX.formatHex(((VpcdMessage.Apdu) channel.readInbound()).command()));
        assertEquals("00C0000016", HEX.formatHex(((VpcdMessage.Apdu) channel.readInbound()).command()));
        assertNull(channel.readInbound());
    }

    @Test
    void aLengthWithoutItsBodyWaits() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        channel.writeInbound(bytes("0007 00A400"));
        assertNull(channel.readInbound());
        channel.writeInbound(bytes("04023F00"));
        assertEquals(7, ((VpcdMessage.Apdu) channel.readInbound()).command().length);
    }

    @Test
    void aFullSizeFrameDecodes() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        ByteBuf frame = Unpooled.buffer().writeShort(0xFFFF).writeZero(0xFFFF);
        channel.writeInbound(frame);
        assertEquals(0xFFFF, ((VpcdMessage.Apdu) channel.readInbound()).command().length);
    }

    @Test
    void answersAreFramedTheSameWay() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        channel.writeOutbound(HEX.parseHex("3B9F96801FC78031E073FE21136773696D67617465B8"));
        channel.writeOutbound(HEX.parseHex("6116"));
        channel.writeOutbound(new byte[0]);
        assertEquals("00163B9F96801FC78031E073FE21136773696D67617465B8", hexOf(channel.readOutbound()));
        assertEquals("00026116", hexOf(channel.readOutbound()));
        assertEquals("0000", hexOf(channel.readOutbound()), "empty: vpcd takes the card as removed");
    }

    @Test
    void anEmptyFrameIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        assertThrows(CorruptedFrameException.class, () -> channel.writeInbound(bytes("0000")));
    }

    @Test
    void anUnknownControlCodeIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> channel.writeInbound(bytes("0001 03")));
        assertTrue(e.getMessage().contains("03"));
        assertFalse(channel.finish());
    }

    private static String hexOf(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf).toUpperCase();
        } finally {
            buf.release();
        }
    }

    @Test
    void answerLongerThanAFrameIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new VpcdCodec());
        assertThrows(io.netty.handler.codec.EncoderException.class, () -> channel.writeOutbound(new byte[0x10000]));
    }
}
