package org.simgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The T=0 procedure-byte handling ({@link ProcedureBytes#wrap}) against a scripted card: each test
 * is the exchange on the wire, C-APDU → R-APDU, and what the layer above receives.
 */
class ProcedureBytesTest {
    private static final String RAND = "23553CBE9637A89D218AE64DAE47BF35";
    private static final String AUTN = "55F328B43577B9B94A9FFAC354DFAFB3";
    private static final String USIM_RECORD = "61184F10A0000000871002FFFFFFFF8907090000500455534D" + "FF".repeat(12);
    private final ScriptedLink card = new ScriptedLink();
    private final CardTransport wrapped = ProcedureBytes.wrap(card);

    @Test
    void bytesAvailableAreFetchedWithGetResponse() throws Exception {
        card.expect("00A40004 02 3F00", "61 16")
            .expect("00C00000 16", "6214 82027821 83023F00 8A0105 C603900100 810200F0 9000");
        assertAnswer("6214 82027821 83023F00 8A0105 C603900100 810200F0 9000", "00A40004 02 3F00");
    }

    @Test
    void getResponseCarriesTheClaOfTheCommand() throws Exception {
        card.expect("80F20000", "61 03")
            .expect("80C00000 03", "840110 9000");
        assertAnswer("840110 9000", "80F20000");
    }

    @Test
    void aChainOf61xxIsFollowedAndConcatenated() throws Exception {
        String command = "00880081 22 10" + RAND + "10" + AUTN;
        card.expect(command, "61 10")
            .expect("00C00000 10", "00112233445566778899AABBCCDDEEFF 61 05")
            .expect("00C00000 05", "0102030405 9000");
        assertAnswer("00112233445566778899AABBCCDDEEFF 0102030405 9000", command);
    }

    @Test
    void sixtyOneZeroAsksFor256Bytes() throws Exception {
        String data = "AB".repeat(256);
        card.expect("00B00000 00", "61 00")
            .expect("00C00000 00", data + "9000");
        assertAnswer(data + "9000", "00B00000 00");
    }

    @Test
    void wrongLengthReissuesACase2CommandWithItsLeReplaced() throws Exception {
        card.expect("00B20104 00", "6C 26")
            .expect("00B20104 26", USIM_RECORD + "9000");
        assertAnswer(USIM_RECORD + "9000", "00B20104 00");
    }

    @Test
    void wrongLengthReissuesACase1CommandWithLeAppended() throws Exception {
        card.expect("00B20104", "6C 26")
            .expect("00B20104 26", USIM_RECORD + "9000");
        assertAnswer(USIM_RECORD + "9000", "00B20104");
    }

    @Test
    void dataThatStartsWith61IsNotAProcedureByte() throws Exception {
        // an EF.DIR record begins with the application template tag 61: only the last two bytes are the SW
        card.expect("00B20104 26", USIM_RECORD + "9000");
        assertAnswer(USIM_RECORD + "9000", "00B20104 26");
    }

    @Test
    void gsmSim9FxxIsFetchedLike61xx() throws Exception {
        // a GSM SIM (TS 51.011, CLA A0) selecting DF.GSM: "9F 16", 22 bytes of response data
        String response = "0000 0000 7F20 02 000000000000 09 13 00 0000 00 0000 00";
        card.expect("A0A40000 02 7F20", "9F 16")
            .expect("A0C00000 16", response + "9000");
        assertAnswer(response + "9000", "A0A40000 02 7F20");
    }

    @Test
    void getResponseAnsweredWithWrongLengthIsRetriedUnderneath() throws Exception {
        card.expect("00A40004 02 2F00", "61 20")
            .expect("00C00000 20", "6C 17")
            .expect("00C00000 17", "6215 82054221002602 83022F00 8A0105 8002004C 8801F0 9000");
        assertAnswer("6215 82054221002602 83022F00 8A0105 8002004C 8801F0 9000", "00A40004 02 2F00");
    }

    @Test
    void aRetriedCommandAnswered61xxIsFetched() throws Exception {
        card.expect("00B20104", "6C 26")
            .expect("00B20104 26", "61 26")
            .expect("00C00000 26", USIM_RECORD + "9000");
        assertAnswer(USIM_RECORD + "9000", "00B20104");
    }

    @Test
    void otherStatusWordsPassThrough() throws Exception {
        card.expect("00B00000 09", "6986")
            .expect("00880081 22 10" + RAND + "10" + AUTN, "9862");
        assertAnswer("6986", "00B00000 09");
        assertAnswer("9862", "00880081 22 10" + RAND + "10" + AUTN);
    }

    @Test
    void aWarningWithDataPassesThrough() throws Exception {
        card.expect("00B00000 04", "01020304 6282");
        assertAnswer("01020304 6282", "00B00000 04");
    }

    @AfterEach
    void everyScriptedCommandWasSent() {
        card.assertDone();
    }

    private void assertAnswer(String expected, String command) throws Exception {
        assertEquals(Bytes.text(Bytes.hex(expected)), Bytes.text(wrapped.transmit(Bytes.hex(command))));
    }
}
