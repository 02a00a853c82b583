package org.simgate.protocol.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.service.ScriptedSlot.ATR;
import static org.simgate.service.ScriptedSlot.HEX;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.simgate.service.ScriptedSlot;
import org.simgate.service.SlotException;

/**
 * The relay as vpcd sees it: the bytes vpcd sends (00 01 01 = power on, 00 01 04 = get ATR, length +
 * C-APDU) and the bytes it gets back, through the real pipeline on an EmbeddedChannel.
 */
class VpcdRelayHandlerTest {
    private final ScriptedSlot card = new ScriptedSlot(2);

    private EmbeddedChannel relay() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new VpcdInitializer(card, 2).configure(channel.pipeline());
        return channel;
    }

    /** What vpcd would read back: the frames' bytes, or null when nothing was written. */
    private static String sent(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(ByteBufUtil.hexDump(buf).toUpperCase());
            buf.release();
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static void vpcdSends(EmbeddedChannel channel, String hex) {
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(hex.replace(" ", ""))));
    }

    @Test
    void powerOnResetsTheCardAndAnswersNothing() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 01");
        assertNull(sent(vpcd));
        assertEquals(List.of("reset"), card.calls);
    }

    @Test
    void getAtrAnswersTheCardsAtr() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 04");
        assertEquals("0016" + ATR, sent(vpcd));
        assertEquals(List.of("atr"), card.calls);
    }

    @Test
    void resetResetsAndPowerOffLeavesTheCardAlone() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 02  0001 00");
        assertNull(sent(vpcd));
        assertEquals(List.of("reset"), card.calls);
    }

    @Test
    void aCApduGoesToTheCardUnchangedAndItsAnswerComesBackUnchanged() {
        card.answer("01A40004023F00", "6122"); // CLA 01: logical channel 1, not rewritten; 61xx not fetched
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0007 01A40004023F00");
        assertEquals("00026122", sent(vpcd));
        assertEquals(List.of("01A40004023F00"), card.calls);
    }

    @Test
    void aPcscConnectAsVpcdDoesIt() {
        // what pcscd + vpcd send when pcsc_scan connects: power on, ATR, then the application's APDUs
        card.answer("00A40004023F00", "6122").answer("00C0000022", "62208202782183023F00" + "00".repeat(24) + "9000");
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 01 0001 04 0007 00A40004023F00 0005 00C0000022 0001 00");
        assertEquals("0016" + ATR + "00026122" + "0024" + "62208202782183023F00" + "00".repeat(24) + "9000", sent(vpcd));
        assertEquals(List.of("reset", "atr", "00A40004023F00", "00C0000022"), card.calls);
    }

    @Test
    void aMalformedApduGets6700AndTheConnectionStays() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0002 00A4");
        assertEquals("00026700", sent(vpcd));
        assertTrue(vpcd.isActive());
    }

    @Test
    void noCardAnswersEmptyAndHangsUpSoVpcdEmptiesTheReader() {
        card.failure = SlotException.Kind.NO_CARD;
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 04");
        assertEquals("0000", sent(vpcd));
        assertFalse(vpcd.isActive());
    }

    @Test
    void aFailedPowerOnIsSilentAndTheNextGetAtrReportsTheCardGone() {
        card.failure = SlotException.Kind.TRANSPORT_DOWN;
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 01");
        assertNull(sent(vpcd));
        assertTrue(vpcd.isActive());
        vpcdSends(vpcd, "0001 04");
        assertEquals("0000", sent(vpcd));
        assertFalse(vpcd.isActive());
    }

    @Test
    void anApduTheSlotCannotRunHangsUp() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 04");
        sent(vpcd);
        card.failure = SlotException.Kind.TIMEOUT;
        vpcdSends(vpcd, "0005 00B0000010");
        assertEquals("0000", sent(vpcd));
        assertFalse(vpcd.isActive());
    }

    @Test
    void garbageFromThePeerClosesOnlyThatConnection() {
        EmbeddedChannel vpcd = relay();
        vpcdSends(vpcd, "0001 07");
        assertFalse(vpcd.isActive());
        assertTrue(card.calls.isEmpty());
        EmbeddedChannel next = relay();
        vpcdSends(next, "0001 04");
        assertEquals("0016" + ATR, sent(next));
    }

    @Test
    void answersKeepTheOrderOfRequestsWhenTheCardIsSlow() throws Exception {
        ExecutorService slotThread = Executors.newSingleThreadExecutor();
        try {
            card.executor = command -> slotThread.execute(() -> {
                sleep(5); // a card that takes its time: the relay must not answer out of order
                command.run();
            });
            card.answer("00B0000001", "AA9000").answer("00B0000002", "BBBB9000");
            EmbeddedChannel vpcd = relay();
            vpcdSends(vpcd, "0001 01 0001 04 0005 00B0000001 0005 00B0000002");
            StringBuilder all = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String expected = "0016" + ATR + "0003AA9000" + "0004BBBB9000";
            while (all.length() < expected.length() && System.nanoTime() < deadline) {
                String s = sent(vpcd);
                if (s != null) {
                    all.append(s);
                }
                Thread.sleep(1);
            }
            assertEquals(expected, all.toString());
            assertEquals(List.of("reset", "atr", "00B0000001", "00B0000002"), card.calls);
        } finally {
            slotThread.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
