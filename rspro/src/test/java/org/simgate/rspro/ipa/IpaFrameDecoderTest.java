package org.simgate.rspro.ipa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.RsproVectors;

/** IPA frames out of a byte stream however TCP cuts it, and one buffer per frame going out. */
class IpaFrameDecoderTest {

    @Test
    void framesSplitByteByByteComeOutWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder());
        for (RsproVectors.Vector v : RsproVectors.all()) {
            for (byte b : v.frame()) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            IpaFrame frame = channel.readInbound();
            assertArrayEquals(v.frame(), frame.toBytes(), v.toString());
            assertNull(channel.readInbound());
        }
        assertTrue(channel.isOpen());
    }

    @Test
    void framesCoalescedInOneReadComeOutOneByOne() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<RsproVectors.Vector> vectors = RsproVectors.all();
        vectors.forEach(v -> all.writeBytes(v.frame()));
        EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder());
        byte[] bytes = all.toByteArray();
        // one read holding everything but the last byte, then the last byte
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, bytes.length - 1, 1));
        List<IpaFrame> frames = new ArrayList<>();
        for (IpaFrame f; (f = channel.readInbound()) != null; ) {
            frames.add(f);
        }
        assertEquals(vectors.size(), frames.size());
        for (int i = 0; i < vectors.size(); i++) {
            assertArrayEquals(vectors.get(i).frame(), frames.get(i).toBytes());
        }
    }

    @Test
    void theCcmAndRsproStreamsAreTold() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(RsproVectors.first("IPA_PING").frame()));
        channel.writeInbound(Unpooled.wrappedBuffer(RsproVectors.first("createMappingRes").frame()));
        IpaFrame ping = channel.readInbound();
        IpaFrame rspro = channel.readInbound();
        assertEquals(IpaCcm.PING, IpaCcm.of(ping));
        assertTrue(rspro.isRspro());
        assertFalse(ping.isRspro());
        assertNull(IpaCcm.of(rspro));
    }

    @Test
    void aLengthOverTheMaximumClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder(4096));
        // "GET / HTTP/1.1": 0x4745 = 18245 bytes announced
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes()));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void aFrameAtTheMaximumPasses() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaFrameDecoder(16));
        byte[] frame = new IpaFrame(0xEE, new byte[16]).toBytes();
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        assertArrayEquals(frame, ((IpaFrame) channel.readInbound()).toBytes());
        assertTrue(channel.isOpen());
    }

    @Test
    void eachFrameLeavesInOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(IpaFrameEncoder.INSTANCE);
        RsproVectors.Vector v = RsproVectors.first("tpduCardToModem");
        channel.writeAndFlush(new IpaFrame(v.frame()[2] & 0xFF, java.util.Arrays.copyOfRange(v.frame(), 3,
                v.frame().length)));
        ByteBuf out = channel.readOutbound();
        assertArrayEquals(v.frame(), ByteBufUtil.getBytes(out));
        out.release();
        assertNull(channel.readOutbound());
    }
}
