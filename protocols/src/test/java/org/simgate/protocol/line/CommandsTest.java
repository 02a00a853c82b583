package org.simgate.protocol.line;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;

/** Each command's answer, and each error code, as a client sees them. */
class CommandsTest {
    private static final String RAND = "00112233445566778899AABBCCDDEEFF";
    private static final String AUTN = "3CBC31A43007800010F4E2E95DE26B00";
    private static final String ATR = FakeCards.HEX.formatHex(FakeCards.ATR);
    private static final String SUCCESS = "A54211D5E3BA50BF:B40BA9A3C58B2A05BBF0D987B21BF8CB:"
            + "F769BCD751044604127672711C6D3441:EAE4BE823AF9A08B";

    private final FakeCards cards = FakeCards.twoSlots();
    private final EmbeddedLine line = new EmbeddedLine(cards);

    private String ask(String reader, String... commands) {
        StringBuilder request = new StringBuilder(">").append(reader).append("|\n");
        for (String command : commands) {
            request.append('>').append(command).append("|\n");
        }
        return line.send(request.append('\n').toString()).output();
    }

    @Test
    void resetAnswersTheAtr() {
        assertEquals(">1:" + ATR + "\n@@\n", ask("simgate slot 0", "1:RESET"));
    }

    @Test
    void apduAnswersTheCardsBytesWithTheStatusWord() {
        cards.card(0).rapdus.put("00B0000002", "3F009000");

        assertEquals(">7:3F009000\n@@\n", ask("simgate slot 0", "7:APDU:00 b0 00\t00 02"));
        assertArrayEquals(FakeCards.HEX.parseHex("00B0000002"), cards.card(0).apdus.get(0));
    }

    @Test
    void oneRequestsCommandsRunAsOneTransactionInOrder() {
        assertEquals(">1:" + ATR + "\n>2:9000\n>3:" + SUCCESS + "\n>4:001010123456063\n@@\n",
                ask("simgate slot 0", "1:RESET", "2:APDU:00A4000C023F00", "3:AUTH:" + RAND + AUTN, "4:IMSI"));
        assertEquals(List.of(0), cards.transactions);
        assertEquals(List.of("reset", "transmit", "authenticate", "info"), cards.card(0).calls);
    }

    @Test
    void badHexOrAnEmptyApduIsWrongData() {
        assertEquals(">1:C084\n>2:C084\n>3:C084\n>4:9000\n@@\n",
                ask("simgate slot 0", "1:APDU:00A4XY", "2:APDU:00A", "3:APDU:", "4:APDU:00A4000C023F00"));
    }

    @Test
    void unknownCommandIsC081AndTheOthersStillRun() {
        assertEquals(">1:C081\n>2:9000\n@@\n", ask("simgate slot 0", "1:FROB:00", "2:APDU:00A4000C023F00"));
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        assertEquals(">1:001010123456063\n@@\n", ask("simgate slot 0", "1:imsi"));
    }

    @Test
    void apduOnAReaderWithoutAllowApduIsC081WhileAuthWorks() {
        assertEquals(">1:C081\n>2:" + SUCCESS + "\n@@\n",
                ask("simgate slot 1", "1:APDU:00A4000C023F00", "2:AUTH:" + RAND + ":" + AUTN));
    }

    @Test
    void authTakesRandAndAutnJoinedOrApartAndOptionallyTheApplication() {
        assertEquals(">1:" + SUCCESS + "\n>2:" + SUCCESS + "\n>3:" + SUCCESS + "\n@@\n",
                ask("simgate slot 0", "1:AUTH:" + RAND + AUTN, "2:AUTH:" + RAND.toLowerCase() + ":" + AUTN,
                        "3:AUTH:" + RAND + ":" + AUTN + ":ISIM"));
        List<AuthRequest> auths = cards.card(0).auths;
        assertArrayEquals(FakeCards.HEX.parseHex(RAND), auths.get(1).rand());
        assertArrayEquals(FakeCards.HEX.parseHex(AUTN), auths.get(1).autn());
        assertEquals(List.of(Application.USIM, Application.USIM, Application.ISIM),
                auths.stream().map(AuthRequest::application).toList());
    }

    @Test
    void authWithoutKcFromTheCardAnswersC3OfCkAndIk() {
        cards.card(0).authResult = new AuthResult.Success(FakeCards.RES, FakeCards.CK, FakeCards.IK, null);
        byte[] kc = CardCommands.c3(FakeCards.CK, FakeCards.IK);

        assertEquals(">1:A54211D5E3BA50BF:B40BA9A3C58B2A05BBF0D987B21BF8CB:F769BCD751044604127672711C6D3441:"
                + FakeCards.HEX.formatHex(kc) + "\n@@\n", ask("simgate slot 0", "1:AUTH:" + RAND + AUTN));
    }

    @Test
    void authSyncFailureAnswersAuts() {
        cards.card(0).authResult = new AuthResult.SyncFailure(FakeCards.AUTS);

        assertEquals(">1:AUTS:CD8D7E5A1C2BA4B7F1FD6C1B2D3E\n@@\n", ask("simgate slot 0", "1:AUTH:" + RAND + AUTN));
    }

    @Test
    void authRefusedByTheCardAnswersItsStatusWord() {
        cards.card(0).authResult = new AuthResult.Rejected(0x9862, AuthResult.Reason.INCORRECT_MAC);

        assertEquals(">1:9862\n@@\n", ask("simgate slot 0", "1:AUTH:" + RAND + AUTN));
    }

    @Test
    void authWithAWrongLengthOrBadHexIsWrongData() {
        assertEquals(">1:C084\n>2:C084\n>3:C084\n>4:C084\n@@\n", ask("simgate slot 0",
                "1:AUTH:" + RAND, "2:AUTH:" + RAND + ":" + AUTN + "00", "3:AUTH:" + RAND.replace('0', 'G') + AUTN,
                "4:AUTH:" + RAND + ":" + AUTN + ":WSIM"));
        assertTrue(cards.card(0).auths.isEmpty());
    }

    @Test
    void imsiOfACardWithoutUsimIsC090() {
        cards.card(0).imsi = null;

        assertEquals(">1:C090\n>2:9000\n@@\n", ask("simgate slot 0", "1:IMSI", "2:APDU:00A4000C023F00"));
    }

    @Test
    void readersListsEveryMatchingReaderAsBase64() {
        cards.card(1).state = SlotStatus.State.NO_CARD;

        assertEquals(">1:c2ltZ2F0ZSBzbG90IDA=|c2ltZ2F0ZSBzbG90IDE=\n@@\n", ask("*", "1:READERS"));
        // APDUPlay asks with >*| and >ID:READERS:<tag>:0|
        assertEquals(">9:c2ltZ2F0ZSBzbG90IDA=|c2ltZ2F0ZSBzbG90IDE=\n@@\n", ask("*", "9:READERS:simona:0"));
        assertEquals(">1:c2ltZ2F0ZSBzbG90IDE=\n@@\n", ask("simgate slot 1", "1:READERS"));
    }

    @Test
    void enumListsTheMatchingReadersWithACardUpToMax() {
        cards.add(2, "simgate slot 2", false);
        cards.card(1).state = SlotStatus.State.NO_CARD;

        assertEquals(">1:c2ltZ2F0ZSBzbG90IDA=|c2ltZ2F0ZSBzbG90IDI=\n>2:c2ltZ2F0ZSBzbG90IDA=\n>3:c2ltZ2F0ZSBzbG90IDA=\n@@\n",
                ask("*", "1:ENUM", "2:ENUM:1", "3:ENUM 1"));
        assertEquals(">1:\n>2:C084\n@@\n", ask("nobody", "1:ENUM", "2:ENUM:-1"));
    }

    @Test
    void readerIsANameARegexOrAStar() {
        assertEquals(">1:001010123456063\n@@\n", ask("simgate slot 0", "1:IMSI"));
        assertEquals(">1:" + ATR + "\n@@\n", ask("simgate .* 1", "1:RESET"));
        assertEquals(List.of(0, 1), cards.transactions);
    }

    @Test
    void aReaderMatchingSeveralIsAmbiguousForCardCommandsOnly() {
        assertEquals(">1:C082\n>2:C082\n>3:c2ltZ2F0ZSBzbG90IDA=|c2ltZ2F0ZSBzbG90IDE=\n@@\n",
                ask("*", "1:APDU:00A4000C023F00", "2:IMSI", "3:READERS"));
        assertEquals(">1:C082\n@@\n", ask("simgate slot \\d", "1:RESET"));
        assertTrue(cards.transactions.isEmpty());
    }

    @Test
    void aReaderMatchingNoneIsNotFound() {
        assertEquals(">1:C083\n>2:\n@@\n", ask("Simona /111.222.123.033@07", "1:APDU:00A4000C023F00", "2:READERS"));
        assertEquals(">1:C083\n@@\n", ask("simgate slot (", "1:RESET"), "not a regex: by name only");
    }

    @Test
    void noCardIsC080ForEveryCardCommandOfTheRequest() {
        cards.transactionFailure = new SlotException(SlotException.Kind.NO_CARD, "simgate slot 0: no card in slot");

        assertEquals(">1:C080\n>2:C080\n>3:c2ltZ2F0ZSBzbG90IDA=\n@@\n",
                ask("simgate slot 0", "1:RESET", "2:APDU:00A4000C023F00", "3:READERS"));
    }

    @Test
    void busyOrTimedOutSlotIsC090() {
        cards.transactionFailure = new SlotException(SlotException.Kind.BUSY, "busy");
        assertEquals(">1:C090\n@@\n", ask("simgate slot 0", "1:IMSI"));
        cards.transactionFailure = new SlotException(SlotException.Kind.TIMEOUT, "late");
        assertEquals(">1:C090\n@@\n", ask("simgate slot 0", "1:IMSI"));
    }

    @Test
    void aTransportFailureMidwayFailsTheRestUnrun() {
        FakeCards.Card card = cards.card(0);
        card.apduFailures.put("00B0000001", new SlotException(SlotException.Kind.TRANSPORT_DOWN, "transport down"));

        assertEquals(">1:9000\n>2:C090\n>3:C090\n>4:C090\n@@\n", ask("simgate slot 0",
                "1:APDU:00A4000C023F00", "2:APDU:00B0000001", "3:APDU:00A4000C023F00", "4:IMSI"));
        assertEquals(List.of("transmit", "transmit"), card.calls, "nothing ran after the failure");
    }

    @Test
    void aRefusedApduFailsAloneAndTheRestRuns() {
        FakeCards.Card card = cards.card(0);
        card.failNext = new SlotException(SlotException.Kind.BAD_REQUEST, "an APDU must be 4 to 261 bytes");

        assertEquals(">1:C084\n>2:001010123456063\n@@\n", ask("simgate slot 0", "1:APDU:00A4", "2:IMSI"));
    }

    @Test
    void personalizeFromApduPlayIsAcknowledged() {
        // APDUPlay sends it once when it loads, naming the application; nothing touches a card
        assertEquals(">1:OK\n@@\n", ask("*", "1:PERSONALIZE:binary=CAProfiler_64b.exe"));
        assertTrue(cards.transactions.isEmpty());
    }

    @Test
    void idsAreEchoedAsSent() {
        assertEquals(">abc-1:001010123456063\n>:001010123456063\n@@\n",
                ask("simgate slot 0", "abc-1:IMSI", ":IMSI"));
    }
}
