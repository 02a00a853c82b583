package org.simgate.protocol.line;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How requests are framed: the exact bytes APDUPlay and telnet send, however TCP cuts them. */
class FramingTest {
    /** Exactly what APDUPlay's Remote_FormatRequest + SendLine put on the wire for one APDU. */
    static final String APDUPLAY_REQUEST = ">Simona /111.222.123.033@07|\n>5:APDU:00A4040008A000000003000000|\n\n";
    static final String APDUPLAY_ANSWER = ">5:6A82\n@@\n";

    private static FakeCards apduPlayReader() {
        FakeCards cards = new FakeCards();
        cards.add(7, "Simona /111.222.123.033@07", true).rapdus.put("00A4040008A000000003000000", "6A82");
        return cards;
    }

    @Test
    void apduPlayRequestIsAnsweredWithTheEchoedIdAndTheEndMark() {
        FakeCards cards = apduPlayReader();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(APDUPLAY_ANSWER, line.send(APDUPLAY_REQUEST).output());
        assertArrayEquals(FakeCards.HEX.parseHex("00A4040008A000000003000000"), cards.card(7).apdus.get(0));
        assertTrue(line.channel.isActive(), "a connection carries any number of requests");
    }

    @Test
    void requestSentOneByteAtATimeIsAnsweredOnceItsEmptyLineArrives() {
        EmbeddedLine line = new EmbeddedLine(apduPlayReader());
        String allButLast = APDUPLAY_REQUEST.substring(0, APDUPLAY_REQUEST.length() - 1);

        assertEquals("", line.sendByteByByte(allButLast).output());
        assertEquals(APDUPLAY_ANSWER, line.send("\n").output());
    }

    @Test
    void severalRequestsInOneSegmentAreAnsweredInOrder() {
        FakeCards cards = apduPlayReader();
        cards.card(7).rapdus.put("80F2000000", "9000");
        EmbeddedLine line = new EmbeddedLine(cards);

        String answers = line.send(APDUPLAY_REQUEST + ">Simona /111.222.123.033@07|\n>6:APDU:80F2000000|\n\n"
                + APDUPLAY_REQUEST).output();

        assertEquals(APDUPLAY_ANSWER + ">6:9000\n@@\n" + APDUPLAY_ANSWER, answers);
    }

    @Test
    void telnetSessionWithCrlfLines() {
        FakeCards cards = FakeCards.twoSlots();
        cards.card(0).rapdus.put("00A4000C023F00", "9000");
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(">1:" + FakeCards.HEX.formatHex(FakeCards.ATR) + "\n>2:9000\n@@\n",
                line.send(">simgate slot 0|\r\n>1:RESET|\r\n>2:APDU:00 A4 00 0C 02 3F 00|\r\n\r\n").output());
        assertEquals(">3:001010123456063\n@@\n", line.send(">simgate slot 0|\r\n>3:IMSI|\r\n\r\n").output());
    }

    @Test
    void crlfSplitBetweenItsTwoBytesAndLinesSplitAnywhere() {
        EmbeddedLine line = new EmbeddedLine(apduPlayReader());
        String crlf = APDUPLAY_REQUEST.replace("\n", "\r\n");

        line.send(crlf.substring(0, 3)).send(crlf.substring(3, 29)).send(crlf.substring(29, 30));
        assertEquals("", line.send(crlf.substring(30, crlf.length() - 1)).output());
        assertEquals(APDUPLAY_ANSWER, line.send(crlf.substring(crlf.length() - 1)).output());
    }

    @Test
    void answersLeaveInRequestOrderWhenALaterSlotIsFaster() {
        FakeCards cards = FakeCards.twoSlots();
        cards.hold = true;
        EmbeddedLine line = new EmbeddedLine(cards);

        line.send(">simgate slot 0|\n>a:IMSI|\n\n>simgate slot 1|\n>b:RESET|\n\n");
        assertEquals(List.of(0, 1), cards.transactions, "both requests were sent to their slots at once");
        cards.held.toArray(new Runnable[0])[1].run(); // slot 1 finishes first
        assertEquals("", line.runTasks().output(), "the first answer is not ready yet");
        cards.runHeld();
        assertEquals(">a:001010123456063\n@@\n>b:" + FakeCards.HEX.formatHex(FakeCards.ATR) + "\n@@\n",
                line.runTasks().output());
    }

    @Test
    void commentsAndBlankLinesBetweenRequestsAreIgnored() {
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        assertEquals(">1:001010123456063\n@@\n",
                line.send("\n\n# a comment\n   \n>simgate slot 0|\n# inside too\n\n>1:IMSI|\n\n").output());
    }

    @Test
    void aSecondReaderLineBeforeTheFirstCommandReplacesTheFirst() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        line.send(">nothing like this|\n>simgate slot 1|\n>1:RESET|\n\n");
        assertEquals(List.of(1), cards.transactions);
    }

    @Test
    void theBarAndThePasswordAreOptional() {
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 0:secret\n>1:IMSI\n\n").output());
    }

    @Test
    void inputEndingAfterTheCommandsRunsTheRequestAndClosesAfterTheAnswer() {
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        line.send(">*|\n>1:READERS|");
        assertEquals("", line.output(), "no empty line yet");
        assertEquals(">1:c2ltZ2F0ZSBzbG90IDA=|c2ltZ2F0ZSBzbG90IDE=\n@@\n", line.endInput().output());
        assertFalse(line.channel.isActive());
    }

    @Test
    void inputEndingWithNothingOwedClosesAtOnce() {
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        line.send(">simgate slot 0|\n").endInput();
        assertEquals("", line.output());
        assertFalse(line.channel.isActive());
    }

    @Test
    void aLineOutsideAnyRequestIsAnsweredAtOnce() {
        // APDUPlay's SCardConnectW sends these and waits for "@@" before it goes on
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        assertEquals(">ERR:C081:a request starts with a line >READER|\n@@\n", line.send("get reset 1000\n").output());
        assertTrue(line.channel.isActive());
        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 0|\n>1:IMSI|\n\n").output());
    }

    @Test
    void aRequestWithALineItCannotReadRunsNothing() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(">ERR:C081:every line of a request starts with > (>READER| then >ID:COMMAND:DATA|)\n@@\n",
                line.send(">simgate slot 0|\n>1:APDU:00A4000C023F00|\n2:APDU:00B0000001|\n\n").output());
        assertTrue(cards.transactions.isEmpty());
    }
    static final String NO_READER = ">ERR:C083:no reader line: a request starts with >READER| before its >ID:COMMAND:DATA| lines\n@@\n";
    static final String NO_ID = ">ERR:C084:a command line needs its ID: >ID:COMMAND:DATA|\n@@\n";

    @Test
    void aCommandWithoutAReaderLineIsAnsweredWithWhatIsMissing() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(NO_READER, line.send(">1:IMSI|\n\n").output());
        assertEquals(NO_READER, line.send(">1:APDU:00A4000C023F00|\n>2:RESET|\n\n").output());
        assertEquals(NO_READER, line.send(">1:enum 2|\n\n").output());
        assertTrue(cards.transactions.isEmpty());
        assertTrue(line.channel.isActive());
        assertEquals(">3:001010123456063\n@@\n", line.send(">simgate slot 0|\n>3:IMSI|\n\n").output());
    }

    @Test
    void aCommandWithoutAReaderLineStillRunsNothingWhenTheInputEnds() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        line.send(">1:RESET|");
        assertEquals(NO_READER, line.endInput().output());
        assertTrue(cards.transactions.isEmpty());
    }

    @Test
    void aCommandWithoutItsIdIsAnsweredWithWhatIsMissing() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        assertEquals(NO_ID, line.send(">simgate slot 0|\n>IMSI|\n\n").output());
        assertEquals(NO_ID, line.send(">simgate slot 0|\n>APDU:00A4000C023F00|\n\n").output());
        assertEquals(NO_ID, line.send(">simgate slot 0|\n>1:IMSI|\n>ENUM 2|\n\n").output());
        assertEquals(NO_ID, line.send(">*|\n>readers|\n\n").output());
        assertTrue(cards.transactions.isEmpty());
        assertTrue(line.channel.isActive());
        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 0|\n>1:IMSI|\n\n").output());
    }

    @Test
    void aCommandWithNeitherReaderNorIdSaysTheReaderIsMissing() {
        EmbeddedLine line = new EmbeddedLine(FakeCards.twoSlots());

        assertEquals(NO_READER, line.send(">IMSI|\n\n").output());
        assertEquals(NO_READER, line.send(">AUTH:00112233445566778899aabbccddeeff:3cbc31a43007800010f4e2e95de26b00|\n\n").output());
    }

    @Test
    void readerNamesAndPasswordsThatAreNoCommandsStillOpenARequest() {
        FakeCards cards = FakeCards.twoSlots();
        EmbeddedLine line = new EmbeddedLine(cards);

        // an AUTH line sent where the listener requires none names a reader, replaced by the next (as before)
        assertEquals(">1:001010123456063\n@@\n",
                line.send(">AUTH:key-1:1700000000:n0nce:c2ln|\n>simgate slot 0|\n>1:IMSI|\n\n").output());
        assertEquals(">1:001010123456063\n@@\n", line.send(">simgate slot 0:secret|\n>1:IMSI|\n\n").output());
        assertEquals(">1:C081\n@@\n", line.send(">simgate slot 0|\n>1:FROB|\n\n").output());
    }
}
