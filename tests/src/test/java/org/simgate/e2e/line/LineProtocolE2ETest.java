package org.simgate.e2e.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.e2e.line.LineGateway.HEX;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.GsmConversion;
import org.simgate.aka.Milenage;
import org.simgate.gateway.Gateway;
import org.simgate.service.SlotStatus;

/** The line protocol over a real socket against an in-process gateway with software USIMs. */
class LineProtocolE2ETest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AMF = {(byte) 0x80, 0x00};
    /** Each AUTH uses a SQN fresh for slot 0's card (TS 33.102 Annex C: SEQ + 1, same IND). */
    private static final AtomicLong SQN = new AtomicLong(1L << AuthenticationCentre.IND_BITS);

    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = LineGateway.start("idle-timeout = 30s");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static LineClient connect() throws IOException {
        return new LineClient(gateway.lineAddress());
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    @Test
    void apduPlaysExactRequestGetsTheCardsAnswerWithItsId() throws Exception {
        byte[] apdu = HEX.parseHex("00A4040008A000000003000000");
        String expected = hex(gateway.service().transmit(7, List.of(apdu)).get().get(0));

        try (LineClient apduPlay = connect()) {
            String answer = apduPlay.ask(">Simona /111.222.123.033@07|\n>5:APDU:00A4040008A000000003000000|\n\n");

            assertEquals(">5:" + expected + "\n@@\n", answer);
            // and the connection carries the next one
            assertEquals(">6:" + expected + "\n@@\n",
                    apduPlay.ask(">Simona /111.222.123.033@07|\n>6:APDU:00A4040008A000000003000000|\n\n"));
        }
    }

    @Test
    void apduPlaysReaderListAndConnect() throws Exception {
        try (LineClient apduPlay = connect()) {
            // SCardListReaders: >*| then >ID:READERS:<tag>:0|; names ending in '=' are base64 to APDUPlay
            String readers = apduPlay.ask(">*|\n>1:READERS:simona:0|\n\n");
            String[] names = readers.substring(">1:".length(), readers.indexOf('\n')).split("\\|");
            assertEquals(List.of("simgate slot 0", "simgate slot 1", LineGateway.APDUPLAY_READER),
                    List.of(names).stream().map(n -> new String(Base64.getDecoder().decode(n), StandardCharsets.UTF_8))
                            .toList());
            // SCardConnect: RESET answers the ATR
            String atr = hex(gateway.service().slots().stream().filter(s -> s.id() == 7).findFirst().orElseThrow().atr());
            assertEquals(">2:" + atr + "\n@@\n", apduPlay.ask(">Simona /111.222.123.033@07|\n>2:RESET|\n\n"));
        }
    }

    @Test
    void telnetSessionWithCrlfAndSeveralRequests() throws Exception {
        SlotStatus slot0 = gateway.service().slots().get(0);
        try (LineClient telnet = connect()) {
            assertEquals(">1:" + base64("simgate slot 0") + "|" + base64("simgate slot 1") + "|"
                    + base64(LineGateway.APDUPLAY_READER) + "\n@@\n",
                    telnet.ask(">*|\r\n>1:ENUM|\r\n\r\n"));
            assertEquals(">a:" + hex(slot0.atr()) + "\n>b:9000\n>c:001010000000001\n@@\n",
                    telnet.ask(">simgate slot 0|\r\n>a:RESET|\r\n>b:APDU:00 A4 00 0C 02 3F 00|\r\n>c:IMSI|\r\n\r\n"));
            assertEquals(">1:C082\n>2:C081\n@@\n", telnet.ask(">simgate slot .|\r\n>1:IMSI|\r\n>2:FROB|\r\n\r\n"));
            assertEquals(">1:C083\n@@\n", telnet.ask(">no such reader|\r\n>1:RESET|\r\n\r\n"));
            assertEquals(">1:C081\n>2:001010000000002\n>3:C084\n@@\n", telnet.ask(
                    ">simgate slot 1|\r\n>1:APDU:00A4000C023F00|\r\n>2:IMSI|\r\n>3:AUTH:0011|\r\n\r\n"));
        }
    }

    @Test
    void aCommandWithoutItsReaderLineOrItsIdIsAnsweredWithWhatIsMissingAndTheConnectionGoesOn() throws Exception {
        try (LineClient telnet = connect()) {
            assertEquals(">ERR:C083:no reader line: a request starts with >READER| before its >ID:COMMAND:DATA| lines\n@@\n",
                    telnet.ask(">1:IMSI|\r\n\r\n"));
            assertEquals(">ERR:C084:a command line needs its ID: >ID:COMMAND:DATA|\n@@\n",
                    telnet.ask(">simgate slot 0|\r\n>IMSI|\r\n\r\n"));
            assertEquals(">ERR:C084:a command line needs its ID: >ID:COMMAND:DATA|\n@@\n",
                    telnet.ask(">simgate slot 0|\n>APDU:00A4000C023F00|\n\n"));
            assertEquals(">1:001010000000001\n@@\n", telnet.ask(">simgate slot 0|\r\n>1:IMSI|\r\n\r\n"));
        }
    }

    @Test
    void authAgainstTheSoftwareUsimMatchesMilenage() throws Exception {
        AuthenticationCentre hss = new AuthenticationCentre(Milenage.withOpc(LineGateway.K, LineGateway.OPC));
        AuthenticationVector joined = vector(hss);
        AuthenticationVector apart = vector(hss);

        try (LineClient client = connect()) {
            String answer = client.ask(">simgate slot 0|\n>1:AUTH:" + hex(joined.rand()) + hex(joined.autn())
                    + "|\n>2:AUTH:" + hex(apart.rand()) + ":" + hex(apart.autn()) + "|\n\n");

            assertEquals(">1:" + expected(joined) + "\n>2:" + expected(apart) + "\n@@\n", answer);
        }
    }

    @Test
    void replayedAuthAnswersAutsThatTheHssAccepts() throws Exception {
        AuthenticationCentre hss = new AuthenticationCentre(Milenage.withOpc(LineGateway.K, LineGateway.OPC));
        AuthenticationVector vector = vector(hss);
        String request = ">simgate slot 0|\n>1:AUTH:" + hex(vector.rand()) + ":" + hex(vector.autn()) + "|\n\n";

        try (LineClient client = connect()) {
            assertEquals(">1:" + expected(vector) + "\n@@\n", client.ask(request));
            String replay = client.ask(request);

            assertTrue(replay.startsWith(">1:AUTS:"), "a replayed SQN is a synchronisation failure");
            byte[] auts = HEX.parseHex(replay.substring(">1:AUTS:".length(), replay.indexOf('\n')));
            long sqnMs = hss.resynchronise(vector.rand(), auts); // throws unless MAC-S verifies
            SQN.accumulateAndGet(sqnMs, Math::max);
        }
    }

    private static AuthenticationVector vector(AuthenticationCentre hss) {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        return hss.generate(rand, SQN.getAndUpdate(AuthenticationCentre::nextSqn), AMF);
    }

    private static String expected(AuthenticationVector vector) {
        return hex(vector.xres()) + ":" + hex(vector.ck()) + ":" + hex(vector.ik()) + ":"
                + hex(GsmConversion.c3(vector.ck(), vector.ik()));
    }

    private static String base64(String name) {
        return Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }
}
