package org.simgate.e2e.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.simgate.aka.AuthenticationVector;
import org.simgate.gateway.usim.UsimApplication;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;
import org.simgate.simulator.ModemSimulator;
import org.simgate.simulator.ModemSimulator.Placement;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.ProcedureBytes;
import org.simgate.transport.ResponseApdu;
import org.simgate.transport.modem.AtCsimModem;
import org.simgate.transport.modem.ModemSettings;
import org.slf4j.LoggerFactory;

/**
 * The modem transport against a modem on a real pseudo-terminal (socat), byte for byte: what it
 * sends, what it makes of every answer a modem may give, and how it survives a modem that
 * misbehaves or goes away.
 */
class AtCsimModemTest {
    static final String SELECT_MF = "00A40004023F00";
    static final String SELECT_MISSING = "00A40004027FFF";

    @TempDir
    Path dir;
    ModemSimulator sim;
    AtCsimModem modem;

    @BeforeEach
    void start() throws Exception {
        sim = ModemSimulator.start(dir, TestSim.SET_1.profile());
        modem = new AtCsimModem(ModemSettings.of(sim.port()).withCommandTimeout(Duration.ofMillis(600))
                .withMaxReconnectDelay(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        modem.close();
        sim.close();
    }

    private byte[] transmit(String hex) throws CardTransportException {
        return modem.transmit(Hex.decode(hex));
    }

    private static String sw(byte[] answer) {
        return String.format("%04X", ResponseApdu.statusWord(answer));
    }

    @Test
    void connectProbesWithAte0CmeeAndCsimTestAndGivesNoAtr() throws Exception {
        assertArrayEquals(new byte[0], modem.connect());
        // the modem powered up with echo on: the transport reads past it
        assertEquals(List.of("ATE0", "AT+CMEE=1", "AT+CMEE?", "AT+CSIM=?"), sim.received());
        assertTrue(modem.isPresent());
        assertEquals("modem on " + sim.port() + " (AT+CSIM, 115200 baud)", modem.describe());
    }

    @Test
    void selectMfGoesOutAsAtCsimAndComesBackAsItsT0Answer() throws Exception {
        modem.connect();
        sim.clearReceived();

        byte[] answer = transmit(SELECT_MF);

        assertEquals(List.of("AT+CSIM=14,\"00A40004023F00\""), sim.received());
        assertEquals(2, answer.length, "raw T=0: the FCP waits for GET RESPONSE");
        assertEquals(0x61, answer[0] & 0xff);
    }

    @Test
    void underTheProcedureByteWrappersTheFcpIsFetchedWithGetResponse() throws Exception {
        CardTransport card = ProcedureBytes.wrap(modem);
        card.connect();
        sim.clearReceived();

        byte[] fcp = card.transmit(Hex.decode(SELECT_MF));

        assertEquals("9000", sw(fcp));
        assertEquals(0x62, fcp[0] & 0xff, "an FCP template");
        List<String> sent = sim.received();
        assertEquals("AT+CSIM=14,\"00A40004023F00\"", sent.get(0));
        assertEquals("AT+CSIM=10,\"00C00000" + String.format("%02X", fcp.length - 2) + "\"", sent.get(1));
    }

    @Test
    void akaThroughTheModemGivesWhatMilenageComputesAndTraceLogsCarryNoneOfIt() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AtCsimModem.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.TRACE);
        logger.setAdditive(false);
        logger.addAppender(logged);
        AuthenticationVector challenge = TestSim.SET_1.challenge(1);
        AuthResult result;
        try {
            CardTransport card = ProcedureBytes.wrap(modem);
            card.connect();
            sim.unsolicited(Placement.INSIDE_ANSWER, "RING");
            result = new UsimApplication(card).authenticate(Application.USIM, challenge.rand(), challenge.autn());
        } finally {
            logger.detachAppender(logged);
            logger.setAdditive(true);
            logger.setLevel(level);
        }

        AuthResult.Success success = assertInstanceOf(AuthResult.Success.class, result);
        assertEquals(Hex.lower(challenge.xres()), Hex.lower(success.res()));
        assertEquals(Hex.lower(challenge.ck()), Hex.lower(success.ck()));
        assertEquals(Hex.lower(challenge.ik()), Hex.lower(success.ik()));
        assertEquals(Hex.lower(challenge.kc()), Hex.lower(success.kc()));

        assertTrue(logged.list.size() > 10, "TRACE shows the AT traffic");
        assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().endsWith(">> AT+CSIM=78,\"…\"")),
                "the AUTHENTICATE command, by its length");
        for (ILoggingEvent event : logged.list) {
            String line = event.getFormattedMessage().toUpperCase(java.util.Locale.ROOT);
            for (byte[] secret : List.of(challenge.rand(), challenge.autn(), challenge.xres(), challenge.ck(),
                    challenge.ik(), challenge.kc())) {
                assertFalse(line.contains(Hex.upper(secret).substring(0, 8)), line);
            }
        }
    }

    @Test
    void echoLeftOnIsReadPast() throws Exception {
        sim.echoStuckOn(true);
        modem.connect();
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
        assertEquals(0x61, transmit(SELECT_MF)[0] & 0xff);
    }

    @Test
    void unsolicitedResultCodesBeforeAndInsideAnswersAreNeverCardData() throws Exception {
        modem.connect();
        sim.sendUnsolicited("^BOOT:12345,0,0,0,72"); // between commands
        sim.unsolicited(Placement.BEFORE_ANSWER, "RING", "+CREG: 1");
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
        sim.unsolicited(Placement.INSIDE_ANSWER, "+CMTI: \"SM\",3", "RING");
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
        sim.unsolicited(Placement.BEFORE_ANSWER, "+CREG: 1,\"00C3\",\"0010A5D1\",7", "^BOOT:1,0,0,0,72");
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
    }

    @Test
    void anUnsolicitedLineSplittingTheAnswerIsAProtocolErrorNotData() throws Exception {
        modem.connect();
        sim.unsolicited(Placement.SPLITTING_ANSWER_LINE, "RING");
        CardTransportException e = assertThrows(CardTransportException.class, () -> transmit(SELECT_MISSING));
        assertEquals(CardTransportException.class, e.getClass());
        assertEquals("modem's +CSIM line is malformed (expected +CSIM: <length>,\"<hex>\")", e.getMessage());
    }

    @Test
    void aLengthThatDisagreesWithTheHexIsAProtocolError() throws Exception {
        modem.connect();
        sim.lieAboutCsimLength(1);
        CardTransportException e = assertThrows(CardTransportException.class, () -> transmit(SELECT_MISSING));
        assertEquals("modem's +CSIM line gives length 6 but carries 4 hex characters", e.getMessage());
        assertEquals("6A82", sw(transmit(SELECT_MISSING)), "the next answer is fine");
    }

    @Test
    void errorAnswersFailTheCommandAndSayWhat() throws Exception {
        modem.connect();
        sim.failNextCsim("+CME ERROR: 14", "ERROR", "+CME ERROR: SIM busy");
        for (String expected : List.of("+CME ERROR: 14", "ERROR", "+CME ERROR: SIM busy")) {
            CardTransportException e = assertThrows(CardTransportException.class, () -> transmit(SELECT_MF));
            assertEquals(CardTransportException.class, e.getClass());
            assertEquals("modem on " + sim.port() + " answered " + expected + " to AT+CSIM", e.getMessage());
        }
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
    }

    @Test
    void simNotInsertedIsNoCard() throws Exception {
        modem.connect();
        sim.simInserted(false);
        CardTransportException e = assertThrows(CardTransportException.NoCard.class, () -> transmit(SELECT_MF));
        assertEquals("modem on " + sim.port() + " reports +CME ERROR: 10 (no SIM)", e.getMessage());
        assertThrows(CardTransportException.NoCard.class, modem::imsiWithoutApdus);
    }

    @Test
    void aModemThatRefusesAtCsimStillGivesItsImsi() throws Exception {
        sim.refuseCsim(4, true);
        assertArrayEquals(new byte[0], modem.connect());
        assertEquals("modem on " + sim.port() + " (AT+CSIM, 115200 baud): AT+CSIM refused (+CME ERROR: 4), "
                + "AKA unavailable, IMSI via AT+CIMI", modem.describe());
        sim.clearReceived();

        CardTransportException e = assertThrows(CardTransportException.ApdusUnavailable.class, () -> transmit(SELECT_MF));
        assertEquals("AKA unavailable: the modem refuses AT+CSIM (+CME ERROR: 4); only its IMSI can be read (AT+CIMI)",
                e.getMessage());
        assertEquals(List.of(), sim.received(), "refused at the probe: not asked again");
        assertEquals("001010000000001", modem.imsiWithoutApdus());
        assertEquals(List.of("AT+CIMI"), sim.received());
    }

    @Test
    void aRefusalOfTheCommandItselfIsNotRemembered() throws Exception {
        modem.connect();
        sim.refuseCsim(3, false);
        assertThrows(CardTransportException.ApdusUnavailable.class, () -> transmit(SELECT_MF));
        sim.refuseCsim(null, false);
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
    }

    @Test
    void aSlowAnswerTimesOutAndItsLateArrivalIsNeverTakenForTheNextAnswer() throws Exception {
        modem.connect();
        sim.latency(Duration.ofMillis(40)); // every answer a little late, so late answers pile up in the stream
        sim.csimDelay(Duration.ofMillis(900));
        long start = System.nanoTime();
        assertThrows(CardTransportException.Timeout.class, () -> transmit(SELECT_MF));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 600 && took < 1_500, "gave up after " + took + " ms");
        sim.csimDelay(Duration.ZERO);

        // the slot reconnects after a timeout; the late +CSIM: 4,"61xx" and OK arrive during the probe,
        // so ATE0 takes that OK, AT+CMEE=1 takes ATE0's, and only AT+CMEE?'s +CMEE: line brings us in step
        modem.connect();
        assertEquals("6A82", sw(transmit(SELECT_MISSING)), "SELECT of a missing file, not the late SELECT MF");
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
        assertEquals("61", String.format("%02X", transmit(SELECT_MF)[0]));
    }

    /**
     * A firmware with only what pySim's modem driver needs (AT, ATZ, AT+CSIM=?, AT+CSIM): ATE0,
     * AT+CMEE=1 and AT+CMEE? are answered ERROR, echo stays on, there is no +CMEE: line to get in
     * step with. Its ERROR to AT+CMEE? is its answer, and APDUs pass.
     */
    @Test
    void aModemThatKnowsOnlyWhatPySimNeedsIsProbedAndPassesApdus() throws Exception {
        sim.minimal(true);
        assertArrayEquals(new byte[0], modem.connect());
        assertEquals(List.of("ATE0", "AT+CMEE=1", "AT+CMEE?", "AT+CSIM=?"), sim.received());
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
        assertEquals("61", String.format("%02X", transmit(SELECT_MF)[0]));
        sim.failNextCsim("ERROR");
        CardTransportException e = assertThrows(CardTransportException.class, () -> transmit(SELECT_MF));
        assertEquals("modem on " + sim.port() + " answered ERROR to AT+CSIM", e.getMessage());
        assertEquals("6A82", sw(transmit(SELECT_MISSING)), "in step after the error");
    }

    /** A probe that fails says what the modem answered up to there, not that it answers nothing. */
    @Test
    void aProbeThatFailsSaysWhatTheModemAnswered() throws Exception {
        sim.minimal(true);
        sim.ignore("AT+CSIM=?");
        CardTransportException e = assertThrows(CardTransportException.TransportDown.class, modem::connect);
        assertEquals("modem on " + sim.port() + " did not answer AT+CSIM=? within 600 ms; before that ATE0 answered "
                + "ERROR, AT+CMEE=1 answered ERROR, AT+CMEE? answered ERROR", e.getMessage());
    }

    @Test
    void aSilentPortIsTransportDownWithinTheProbeTimeout() throws Exception {
        sim.mute(true);
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.TransportDown.class, modem::connect);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 1_500, "took " + took + " ms");
        assertEquals("modem on " + sim.port() + " does not answer AT commands (not its AT port? wrong baud rate? "
                + "still booting?)", e.getMessage());
        assertFalse(modem.isPresent());
    }

    @Test
    void aModemThatVanishesMidCommandFailsItAtOnceAndIsReopenedWhenItReturns() throws Exception {
        modem.connect();
        sim.holdAnswers();
        CompletableFuture<byte[]> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return transmit(SELECT_MF);
            } catch (CardTransportException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(sim.awaitHeld(Duration.ofSeconds(5)));

        long start = System.nanoTime();
        sim.vanish();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> inFlight.get(5, TimeUnit.SECONDS));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        CardTransportException cause = assertInstanceOf(CardTransportException.TransportDown.class,
                failed.getCause().getCause());
        assertTrue(cause.getMessage().startsWith("modem on " + sim.port() + " is gone (read failed"), cause.getMessage());
        assertTrue(took < 1_500, "failed after " + took + " ms"); // TransportDown, not the Timeout at 600 ms

        // gone: the first attempt tries the port, the next ones back off without touching it
        CardTransportException absent = assertThrows(CardTransportException.TransportDown.class, modem::connect);
        assertEquals(sim.port() + ": no such port (modem unplugged? see ls -l /dev/serial/by-id/)", absent.getMessage());
        CardTransportException backingOff = assertThrows(CardTransportException.TransportDown.class, modem::connect);
        assertTrue(backingOff.getMessage().matches(".*; next attempt in \\d+ ms"), backingOff.getMessage());

        // back: the device node reappeared, so the next connect tries at once
        sim.comeBack();
        modem.connect();
        assertEquals("6A82", sw(transmit(SELECT_MISSING)));
    }

    @Test
    void aPortLockedByAnotherProcessSaysSo() throws Exception {
        Process holder = new ProcessBuilder("flock", "--exclusive", sim.port(), "sleep", "30").start();
        try {
            Thread.sleep(200); // flock takes its lock right after exec
            CardTransportException e = assertThrows(CardTransportException.TransportDown.class, modem::connect);
            assertEquals(sim.port() + ": cannot open (errno 11: locked by another process; ModemManager or another "
                    + "program holds it, see docs/modem.md)", e.getMessage());
        } finally {
            holder.destroy();
            holder.waitFor(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingFromAnotherThreadEndsARead() throws Exception {
        modem.connect();
        sim.holdAnswers();
        CompletableFuture<byte[]> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return transmit(SELECT_MF);
            } catch (CardTransportException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(sim.awaitHeld(Duration.ofSeconds(5)));
        modem.close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> inFlight.get(2, TimeUnit.SECONDS));
        assertInstanceOf(CardTransportException.TransportDown.class, failed.getCause().getCause());
        sim.release();
    }
}
