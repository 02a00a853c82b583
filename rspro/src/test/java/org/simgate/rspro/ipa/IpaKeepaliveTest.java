package org.simgate.rspro.ipa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

/** PING on connect and every interval, PONG for a PING, and a peer silent past the timeout dropped. */
class IpaKeepaliveTest {
    private static final KeepaliveTimers TIMERS = KeepaliveTimers.OSMO_REMSIM;

    @Test
    void pingsOnConnectAndEveryThirtySeconds() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaKeepalive(TIMERS, false));
        channel.runPendingTasks();
        assertEquals(IpaFrame.ccm(IpaCcm.PING), channel.readOutbound());
        channel.writeInbound(IpaFrame.ccm(IpaCcm.PONG));
        channel.advanceTimeBy(29, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound());
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(IpaFrame.ccm(IpaCcm.PING), channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void aPeerThatAnswersStaysUp() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaKeepalive(TIMERS, false));
        for (int minute = 0; minute < 5; minute++) {
            channel.runPendingTasks();
            channel.runScheduledPendingTasks();
            channel.writeInbound(IpaFrame.ccm(IpaCcm.PONG));
            channel.advanceTimeBy(30, TimeUnit.SECONDS);
        }
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
    }

    @Test
    void aSilentPeerIsDroppedTenSecondsAfterThePing() {
        List<Object> events = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IpaKeepalive(TIMERS, false), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
            }
        });
        channel.runPendingTasks();
        assertEquals(IpaFrame.ccm(IpaCcm.PING), channel.readOutbound());
        channel.advanceTimeBy(9_900, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        assertEquals(List.of(), events);
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(List.of(new IpaKeepalive.PeerSilent(Duration.ofSeconds(10))), events,
                "the handlers behind learn why the link closes");
        assertEquals("no IPA PONG within 10000 ms of a PING", ((IpaKeepalive.PeerSilent) events.get(0)).reason());
    }

    @Test
    void configurablePeriods() {
        KeepaliveTimers fast = new KeepaliveTimers(Duration.ofMillis(300), Duration.ofMillis(100));
        EmbeddedChannel channel = new EmbeddedChannel(new IpaKeepalive(fast, false));
        channel.runPendingTasks();
        channel.readOutbound();
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void answersAPingWithAPongAndPassesOtherFrames() {
        EmbeddedChannel channel = new EmbeddedChannel(new IpaKeepalive(TIMERS, false));
        channel.runPendingTasks();
        channel.readOutbound();
        channel.writeInbound(IpaFrame.ccm(IpaCcm.PING));
        assertEquals(IpaFrame.ccm(IpaCcm.PONG), channel.readOutbound());
        IpaFrame rspro = IpaFrame.rspro(new byte[] {0x30, 0x00});
        channel.writeInbound(rspro);
        assertSame(rspro, channel.readInbound());
        channel.writeInbound(new IpaFrame(IpaFrame.STREAM_CCM, new byte[] {0x04}));
        assertNull(channel.readInbound(), "other CCM messages stop here");
    }

    @Test
    void idAckIsAnsweredOnlyOnTheServerSide() {
        EmbeddedChannel server = new EmbeddedChannel(new IpaKeepalive(TIMERS, true));
        server.runPendingTasks();
        server.readOutbound();
        server.writeInbound(IpaFrame.ccm(IpaCcm.ID_ACK));
        assertEquals(IpaFrame.ccm(IpaCcm.ID_ACK), server.readOutbound());

        EmbeddedChannel client = new EmbeddedChannel(new IpaKeepalive(TIMERS, false));
        client.runPendingTasks();
        client.readOutbound();
        client.writeInbound(IpaFrame.ccm(IpaCcm.ID_ACK));
        assertNull(client.readOutbound());
    }
}
