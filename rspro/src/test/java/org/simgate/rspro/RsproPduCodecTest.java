package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.ipa.KeepaliveTimers;

/** The whole pipeline: bytes in, PDUs out; PDUs in, the real peers' bytes out. */
class RsproPduCodecTest {

    @Test
    void theCapturedBytesBecomePdusAndPdusBecomeTheCapturedBytes() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RsproPipeline.addTo(channel.pipeline(), KeepaliveTimers.OSMO_REMSIM, false);
        ByteBuf ping = channel.readOutbound();
        ping.release();
        for (RsproVectors.Vector v : RsproVectors.rspro()) {
            channel.writeInbound(Unpooled.wrappedBuffer(v.frame()));
            RsproPdu pdu = channel.readInbound();
            channel.writeOutbound(pdu);
            ByteBuf out = channel.readOutbound();
            assertArrayEquals(v.frame(), ByteBufUtil.getBytes(out), v.toString());
            out.release();
        }
    }

    @Test
    void anUndecodableMessageIsDroppedAndReportedAndTheConnectionStays() {
        List<Object> events = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        RsproPipeline.addTo(channel.pipeline(), KeepaliveTimers.OSMO_REMSIM, false);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, (byte) 0xEE, 7, 0x30, 0x05}));
        assertNull(channel.readInbound());
        assertEquals(1, events.size());
        assertInstanceOf(RsproUndecodable.class, events.get(0));
        assertTrue(channel.isOpen());
        channel.writeInbound(Unpooled.wrappedBuffer(RsproVectors.first("createMappingRes").frame()));
        assertInstanceOf(RsproPdu.class, channel.readInbound());
    }
}
