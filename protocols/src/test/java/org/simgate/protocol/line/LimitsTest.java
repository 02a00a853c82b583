package org.simgate.protocol.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.simgate.service.SlotStatus;

/** Every limit answers with a clear line or a close, and nothing grows or sticks. */
class LimitsTest {
    private static final LineSettings SMALL = new LineSettings(64, 2, Duration.ofSeconds(10), 4, 2);

    private final FakeCards cards = FakeCards.twoSlots();
    private final EmbeddedLine line = new EmbeddedLine(cards, SMALL);

    @Test
    void aLineOverTheLimitIsAnsweredOnceAndTheConnectionClosed() {
        String tooLong = ">simgate slot 0|\n>1:APDU:" + "00".repeat(40) + "|\n\n>simgate slot 0|\n>2:IMSI|\n\n";

        assertEquals(">ERR:C084:line longer than 64 bytes\n@@\n", line.send(tooLong).output());
        assertFalse(line.channel.isActive());
        assertTrue(cards.transactions.isEmpty());
    }

    @Test
    void aLineThatNeverEndsIsCutAtTheLimitNotBuffered() {
        line.send(">simgate slot 0|\n>1:APDU:");
        for (int i = 0; i < 30 && line.channel.isActive(); i++) {
            line.send("0000");
        }
        assertEquals(">ERR:C084:line longer than 64 bytes\n@@\n", line.output());
        assertFalse(line.channel.isActive());
    }

    @Test
    void aLineAtTheLimitWithItsCrlfIsFine() {
        String command = ">1:APDU:" + "00".repeat(26) + "|"; // 61 bytes
        String reader = ">simgate slot 0" + " ".repeat(64 - 16) + "|"; // exactly 64 bytes

        assertEquals(">1:9000\n@@\n", line.send(reader + "\r\n" + command + "\r\n\r\n").output());
    }

    @Test
    void aRequestWithTooManyCommandsRunsNothingAndTheConnectionGoesOn() {
        assertEquals(">ERR:C084:more than 2 commands in one request\n@@\n",
                line.send(">simgate slot 0|\n>1:IMSI|\n>2:IMSI|\n>3:IMSI|\n>4:IMSI|\n\n").output());
        assertTrue(cards.transactions.isEmpty());
        assertEquals(">1:001010123456063\n>2:001010123456063\n@@\n",
                line.send(">simgate slot 0|\n>1:IMSI|\n>2:IMSI|\n\n").output());
    }

    @Test
    void beyondMaxPipelinedTheConnectionStopsReadingUntilAnswersGoOut() {
        cards.hold = true;
        String request = ">simgate slot 0|\n>%d:IMSI|\n\n";

        line.send(String.format(request, 1) + String.format(request, 2) + String.format(request, 3)
                + String.format(request, 4));
        assertEquals(List.of(0, 0), cards.transactions, "two in flight, the rest waits as bytes");
        assertFalse(line.channel.config().isAutoRead());

        cards.runHeld();
        line.runTasks();
        assertEquals(">1:001010123456063\n@@\n", line.output());
        assertEquals(3, cards.transactions.size(), "one answer out, one more request in");
        assertFalse(line.channel.config().isAutoRead());

        while (!cards.held.isEmpty()) {
            cards.runHeld();
            line.runTasks();
        }
        assertEquals(">2:001010123456063\n@@\n>3:001010123456063\n@@\n>4:001010123456063\n@@\n", line.output());
        assertTrue(line.channel.config().isAutoRead());
    }

    /** Holds flushes, as a socket whose peer reads nothing holds our answers. */
    private static final class PeerNotReading extends ChannelOutboundHandlerAdapter {
        boolean holding = true;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!holding) {
                ctx.flush();
            }
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsNotReadEither() {
        PeerNotReading peer = new PeerNotReading();
        line.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        line.channel.pipeline().addFirst(peer);

        line.send(">simgate slot 0|\n>1:IMSI|\n\n>simgate slot 0|\n>2:IMSI|\n\n>simgate slot 0|\n>3:IMSI|\n\n");
        assertEquals(List.of(0), cards.transactions, "the first answer is stuck: nothing more is taken");
        assertFalse(line.channel.config().isAutoRead());

        peer.holding = false;
        line.channel.flush();
        line.runTasks();
        assertEquals(">1:001010123456063\n@@\n>2:001010123456063\n@@\n>3:001010123456063\n@@\n", line.output());
        assertTrue(line.channel.config().isAutoRead());
    }

    @Test
    void requestsSentAheadStillRunWhenTheClientEndsItsInputWhilePaused() {
        cards.hold = true;
        line.send(">simgate slot 0|\n>1:IMSI|\n\n>simgate slot 0|\n>2:IMSI|\n\n>simgate slot 0|\n>3:IMSI|\n\n")
                .endInput();
        while (!cards.held.isEmpty()) {
            cards.runHeld();
            line.runTasks();
        }
        assertEquals(">1:001010123456063\n@@\n>2:001010123456063\n@@\n>3:001010123456063\n@@\n", line.output());
        assertFalse(line.channel.isActive());
    }

    @Test
    void anIdleConnectionIsClosed() {
        line.send(">simgate slot 0|\n>1:IMSI|\n\n").output();
        line.channel.advanceTimeBy(9, TimeUnit.SECONDS);
        line.runTasks();
        assertTrue(line.channel.isActive());
        line.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        line.runTasks();
        assertFalse(line.channel.isActive());
    }

    @Test
    void aHalfSentRequestDoesNotKeepTheConnectionOpen() {
        line.send(">simgate slot 0|\n>1:IM");
        line.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        line.runTasks();
        assertFalse(line.channel.isActive());
        assertEquals("", line.output());
    }

    @Test
    void waitingForASlowCardIsNotIdleness() {
        cards.hold = true;
        line.send(">simgate slot 0|\n>1:IMSI|\n\n");
        line.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        line.runTasks();
        assertTrue(line.channel.isActive());
        cards.runHeld();
        assertEquals(">1:001010123456063\n@@\n", line.runTasks().output());
    }

    @Test
    void aPatternThatBacktracksForeverMatchesNothingAndReturnsAtOnce() {
        FakeCards slow = new FakeCards();
        slow.add(0, "a".repeat(40), true);
        EmbeddedLine victim = new EmbeddedLine(slow);

        String answer = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> victim.send(">(a|aa)*b|\n>1:RESET|\n\n").output());
        assertEquals(">1:C083\n@@\n", answer);
        assertEquals(">1:" + FakeCards.HEX.formatHex(FakeCards.ATR) + "\n@@\n",
                victim.send(">a+|\n>1:RESET|\n\n").output());
    }

    @Test
    void aPatternNestedTooDeepForTheThreadsStackMatchesByNameOnly() throws Exception {
        String deep = "(".repeat(30_000) + "simgate slot 0" + ")".repeat(30_000);
        String[] answer = new String[1];
        boolean[] open = new boolean[1];
        // an event loop with a small stack: compiling this pattern overflows it
        Thread loop = new Thread(null, () -> {
            EmbeddedLine roomy = new EmbeddedLine(cards, new LineSettings(64 * 1024, 2, Duration.ofSeconds(10), 4, 2));
            answer[0] = roomy.send(">" + deep + "|\n>1:RESET|\n\n").output();
            open[0] = roomy.channel.isActive();
        }, "small-stack", 256 * 1024);
        loop.start();
        loop.join();

        assertEquals(">1:C083\n@@\n", answer[0]);
        assertTrue(open[0]);
    }

    @Test
    void readersWithoutACardAreStillNamedByReaders() {
        cards.card(0).state = SlotStatus.State.TRANSPORT_DOWN;
        assertEquals(">1:c2ltZ2F0ZSBzbG90IDA=\n>2:\n@@\n", line.send(">simgate slot 0|\n>1:READERS|\n>2:ENUM|\n\n").output());
    }
}
