package org.simgate.transport.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/**
 * What a modem sends back, byte for byte, and what the reader makes of it: the exact AT text of
 * 3GPP TS 27.007 §8.17 and V.250, with echo, unsolicited result codes and errors in between.
 */
class AtResponseReaderTest {

    /** Feeds {@code text} in one piece and expects a complete response. */
    private static AtResponse read(String text) throws CardTransportException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        AtResponse response = new AtResponseReader().feed(bytes, bytes.length);
        assertNotNull(response, "no final result code in " + text);
        return response;
    }

    private static byte[] csim(String text) throws CardTransportException {
        return CsimSyntax.answer(read(text));
    }

    @Test
    void selectMfAnswered6121() throws Exception {
        assertEquals("AT+CSIM=14,\"00A40004023F00\"", CsimSyntax.command(Hex.decode("00a40004023f00")));
        assertArrayEquals(Hex.decode("6121"), csim("\r\n+CSIM: 4,\"6121\"\r\n\r\nOK\r\n"));
    }

    @Test
    void getResponseAnsweredWithDataAndStatusWord() throws Exception {
        assertEquals("AT+CSIM=10,\"00C0000021\"", CsimSyntax.command(Hex.decode("00c0000021")));
        String fcp = "621F8202782183023F00A509800171830400018D088A01058B032F0601C6009000";
        assertEquals(fcp, Hex.upper(csim("\r\n+CSIM: " + fcp.length() + ",\"" + fcp + "\"\r\n\r\nOK\r\n")));
    }

    @Test
    void lowercaseHexAndAMissingSpaceAfterTheColonAreAccepted() throws Exception {
        assertArrayEquals(Hex.decode("9000"), csim("\r\n+CSIM:4,\"9000\"\r\n\r\nOK\r\n"));
        assertArrayEquals(Hex.decode("6c10"), csim("\r\n+CSIM: 4,\"6c10\"\r\n\r\nOK\r\n"));
    }

    @Test
    void theEchoOfTheCommandLineIsDropped() throws Exception {
        // echo left on: the modem sends the command back, ended by its CR, before the answer
        assertArrayEquals(Hex.decode("6121"),
                csim("AT+CSIM=14,\"00A40004023F00\"\r\r\n+CSIM: 4,\"6121\"\r\n\r\nOK\r\n"));
    }

    @Test
    void unsolicitedResultCodesBeforeBetweenAndAfterTheAnswerAreNeverCardData() throws Exception {
        AtResponse response = read("\r\nRING\r\n\r\n+CREG: 1\r\n\r\n+CSIM: 4,\"9000\"\r\n\r\n^BOOT:12,0,0,0,72\r\n"
                + "\r\n+CMTI: \"SM\",3\r\n\r\nOK\r\n");
        assertArrayEquals(Hex.decode("9000"), CsimSyntax.answer(response));
        assertEquals(List.of("RING", "+CREG: 1", "+CSIM: 4,\"9000\"", "^BOOT:12,0,0,0,72", "+CMTI: \"SM\",3"),
                response.lines());
    }

    @Test
    void theAnswerMayArriveOneByteAtATimeAndIsCompleteAtTheCrAfterOk() throws Exception {
        byte[] bytes = "\r\n+CSIM: 4,\"6121\"\r\n\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
        AtResponseReader reader = new AtResponseReader();
        for (int i = 0; i < bytes.length - 2; i++) {
            assertNull(reader.feed(new byte[] {bytes[i]}, 1), "complete before OK's CR, at byte " + i);
        }
        // the LF that follows is padding before the next line, whoever reads it
        assertArrayEquals(Hex.decode("6121"), CsimSyntax.answer(reader.feed(new byte[] {'\r'}, 1)));
    }

    @Test
    void bytesAfterTheFinalResultCodeAreNotPartOfTheResponse() throws Exception {
        AtResponse response = read("\r\n+CSIM: 4,\"9000\"\r\n\r\nOK\r\n\r\nRING\r\n");
        assertEquals(List.of("+CSIM: 4,\"9000\""), response.lines());
    }

    @Test
    void cmeErrorsAreFinalWithTheirNumberOrTheirVerboseText() throws Exception {
        assertEquals(10, read("\r\n+CME ERROR: 10\r\n").cmeError());
        assertEquals(4, read("\r\n+CME ERROR: operation not supported\r\n").cmeError());
        assertEquals(10, read("\r\n+CME ERROR: SIM not inserted\r\n").cmeError());
        assertEquals(AtResponse.NO_ERROR_NUMBER, read("\r\nERROR\r\n").cmeError());
        assertEquals(AtResponse.NO_ERROR_NUMBER, read("\r\n+CME ERROR: something vendor-specific\r\n").cmeError());
        assertEquals("COMMAND NOT SUPPORT", read("\r\nCOMMAND NOT SUPPORT\r\n").finalLine());
    }

    @Test
    void aNumberOfHexCharactersThatDisagreesWithTheLengthIsRefused() {
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> csim("\r\n+CSIM: 6,\"9000\"\r\n\r\nOK\r\n"));
        assertEquals("modem's +CSIM line gives length 6 but carries 4 hex characters", e.getMessage());
        // the length counts hex characters, not bytes
        assertThrows(CardTransportException.class, () -> csim("\r\n+CSIM: 2,\"9000\"\r\n\r\nOK\r\n"));
    }

    @Test
    void malformedAnswersAreProtocolErrorsThatNeverQuoteTheLine() {
        for (String bad : List.of(
                "\r\n+CSIM: 4,9000\r\n\r\nOK\r\n",                          // no quotes
                "\r\n+CSIM: 4,\"90G0\"\r\n\r\nOK\r\n",                      // not hex
                "\r\n+CSIM: 3,\"900\"\r\n\r\nOK\r\n",                       // half a byte
                "\r\n+CSIM: 2,\"90\"\r\n\r\nOK\r\n",                        // shorter than a status word
                "\r\n+CSIM: 0,\"\"\r\n\r\nOK\r\n",
                "\r\n+CSIM: 4,\"9000\"\r\n+CSIM: 4,\"9000\"\r\n\r\nOK\r\n",  // two answers
                "\r\nOK\r\n",                                               // none
                "\r\n+CSIM: 36,\"0102030405060708\r\nRING\r\n0910111213149000\"\r\n\r\nOK\r\n")) { // URC splitting the line
            CardTransportException e = assertThrows(CardTransportException.class, () -> csim(bad), bad);
            assertTrue(!e.getMessage().contains("0102") && !e.getMessage().contains("9000"), e.getMessage());
        }
    }

    @Test
    void aMarkerSkipsTheLateAnswersOfOlderCommands() throws Exception {
        // after a timeout: the late answer to an AT+CSIM, then ATE0's and AT+CMEE=1's OKs, then ours
        String stream = "\r\n+CSIM: 4,\"9000\"\r\n\r\nOK\r\n\r\nOK\r\n\r\nOK\r\n\r\n+CMEE: 1\r\n\r\nOK\r\n";
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        AtResponse response = new AtResponseReader("+CMEE:").feed(bytes, bytes.length);
        assertEquals(new AtResponse(List.of("+CMEE: 1"), "OK"), response);
    }

    @Test
    void anErrorWithoutTheMarkerIsKeptForAModemThatDoesNotKnowTheMarkersCommand() throws Exception {
        // a late OK of an older command, then the modem's ERROR to AT+CMEE?, which it does not know
        byte[] bytes = "\r\nOK\r\nAT+CMEE?\r\r\nERROR\r\n".getBytes(StandardCharsets.US_ASCII);
        AtResponseReader reader = new AtResponseReader("+CMEE:");
        assertNull(reader.feed(bytes, bytes.length), "not complete: a late answer may still be followed by ours");
        assertEquals(new AtResponse(List.of(), "ERROR"), reader.errorWithoutMarker());

        // an OK without the marker is never the answer: AT+CMEE? answers OK only after +CMEE:
        byte[] ok = "\r\n+CME ERROR: 14\r\n\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
        AtResponseReader late = new AtResponseReader("+CMEE:");
        assertNull(late.feed(ok, ok.length));
        assertNull(late.errorWithoutMarker());
        assertEquals(new AtResponse(List.of(), "OK"), late.finalWithoutMarker());

        // once the marker came, only the marker's response counts
        byte[] marked = "\r\nERROR\r\n\r\n+CMEE: 1\r\n".getBytes(StandardCharsets.US_ASCII);
        AtResponseReader inStep = new AtResponseReader("+CMEE:");
        assertNull(inStep.feed(marked, marked.length));
        assertNull(inStep.errorWithoutMarker());
    }

    @Test
    void controlCharactersAreNoiseAndAnEndlessLineIsAnError() throws Exception {
        assertArrayEquals(Hex.decode("9000"), csim("\0\r\n+CSIM: 4,\"9000\"\r\n\0\r\nOK\r\n"));
        byte[] garbage = new byte[AtResponseReader.MAX_LINE + 1];
        java.util.Arrays.fill(garbage, (byte) 0xa5);
        assertThrows(CardTransportException.class, () -> new AtResponseReader().feed(garbage, garbage.length));
    }

    @Test
    void logsShowTheNameOfAnUnsolicitedLineAndTheLengthOfAnApduOnly() {
        assertEquals("RING", AtResponse.nameOf("RING"));
        assertEquals("+CREG", AtResponse.nameOf("+CREG: 1,\"00C3\",\"0010A5D1\",7"));
        assertEquals("^BOOT", AtResponse.nameOf("^BOOT:12,0,0,0,72"));
        assertEquals("+CLIP", AtResponse.nameOf("+CLIP: \"+4930123456\",145"));
        assertEquals("(15 characters)", AtResponse.nameOf("001010000000001"));
        assertEquals("AT+CSIM=78,\"…\"", AtCsimModem.redacted(
                "AT+CSIM=78,\"008800812210" + "00112233445566778899AABBCCDDEEFF" + "10" + "3CBC31A43007800010F4E2E95DE26B00\""));
        assertEquals("AT+CIMI", AtCsimModem.redacted("AT+CIMI"));
    }

    @Test
    void openFailuresSayWhatToDo() {
        assertTrue(AtCsimModem.openFailure(13).contains("permission denied"));
        assertTrue(AtCsimModem.openFailure(11).contains("ModemManager"));
        assertEquals("errno 5", AtCsimModem.openFailure(5));
    }
}
