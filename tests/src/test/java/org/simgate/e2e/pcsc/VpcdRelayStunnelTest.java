package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import jnasmartcardio.PcscCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.security.TestPki;
import org.simgate.transport.Hex;

/**
 * docs/pcsc.md's stunnel recipe for connect mode, run as written: stunnel beside an unmodified vpcd
 * terminates the relay's TLS and lets through only the certificate simgate's relay shows.
 */
@Timeout(60)
class VpcdRelayStunnelTest {
    private static final String RELAY_CN = "simgate-relay";
    private static final int T0_OR_T1 = PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1;

    @TempDir
    Path dir;
    TestPki pki;
    PcscDaemon pcscd;
    Stunnel stunnel;
    RunningGateway cards;
    int tlsPort;
    final Subscriber card = new Subscriber();
    final PcscCalls pcsc = PcscCalls.load();

    @BeforeEach
    void tools() throws Exception {
        PcscDaemon.assumeInstalled();
        Stunnel.assumeInstalled();
        pki = new TestPki(dir.resolve("pki"));
    }

    @AfterEach
    void stop() {
        if (cards != null) {
            cards.close();
        }
        if (stunnel != null) {
            stunnel.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    /** The recipe's {@code [vpcd]} section, with this test's ports and files. */
    private void vpcdHostTerminator(int vpcdPort) throws Exception {
        TestPki.Issued vpcdHost = pki.server("vpcd-host");
        tlsPort = PcscDaemon.freePort();
        stunnel = Stunnel.start(dir.resolve("stunnel"), """
                [vpcd]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                CAfile = %s
                verifyChain = yes
                checkHost = %s
                """.formatted(tlsPort, vpcdPort, vpcdHost.certPem(), vpcdHost.keyPem(), pki.caPem(), RELAY_CN));
    }

    private RunningGateway relayOverTls(TestPki.Issued relayCertificate) {
        return RunningGateway.start(dir.resolve("gateway"), "simgate { slots = [" + RunningGateway.simcard(0, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + tlsPort + "\", retry = 100ms,"
                + " tls { enabled = true, trust = " + quote(pki.caPem()) + ", client-cert = " + quote(relayCertificate.certPem())
                + ", client-key = " + quote(relayCertificate.keyPem()) + " } } ] }");
    }

    @Test
    void connectModeThroughStunnelToAnUnmodifiedVpcd() throws Exception {
        pcscd = PcscDaemon.listening("simgate stunnel");
        int vpcdPort = pcscd.port();
        vpcdHostTerminator(vpcdPort);

        cards = relayOverTls(pki.client(RELAY_CN));

        String reader = pcscd.readerNames().get(0);
        RunningGateway.awaitTrue(() -> PcscDaemon.cardIn(pcsc, reader), Duration.ofSeconds(10),
                () -> "pcscd's reader " + reader + " has no card (stunnel: " + stunnel.log() + ")");
        readsTheSimulatedUsim(reader);
    }

    @Test
    void aRelayWhoseCertificateIsFromAnotherCaNeverMakesTheCardAppear() throws Exception {
        stunnelRefusesAndTheReaderStaysEmpty(new TestPki(dir.resolve("other-ca")).client(RELAY_CN));
    }

    /** checkHost: the vpcd host's CA may issue certificates to others (simgate's clients) too. */
    @Test
    void aRelayWhoseCertificateNamesAnotherClientNeverMakesTheCardAppear() throws Exception {
        stunnelRefusesAndTheReaderStaysEmpty(pki.client("lab-a"));
    }

    private void stunnelRefusesAndTheReaderStaysEmpty(TestPki.Issued relayCertificate) throws Exception {
        pcscd = PcscDaemon.listening("simgate stunnel");
        int vpcdPort = pcscd.port();
        vpcdHostTerminator(vpcdPort);

        cards = relayOverTls(relayCertificate);

        RunningGateway.awaitTrue(() -> stunnel.log().contains("Rejected by CERT"), Duration.ofSeconds(10),
                () -> "stunnel refused no certificate: " + stunnel.log());
        String reader = pcscd.readerNames().get(0);
        long watching = System.nanoTime();
        while (RunningGateway.millisSince(watching) < 1_500) {
            assertFalse(PcscDaemon.cardIn(pcsc, reader), "a card appeared behind a refused certificate");
            PcscDaemon.sleep(50);
        }
        assertFalse(stunnel.log().contains("connected remote server"), () -> "stunnel reached vpcd: " + stunnel.log());
    }

    /** ATR, SELECT USIM, AUTHENTICATE and GET RESPONSE through pcscd: the RES the simcard's keys give. */
    private void readsTheSimulatedUsim(String reader) throws PcscCalls.PcscError {
        long context = pcsc.establishContext();
        try {
            PcscCalls.Connection connection = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_SHARED, T0_OR_T1);
            long handle = connection.handle();
            assertEquals(TestCard.ATR.toUpperCase(java.util.Locale.ROOT), Hex.upper(pcsc.status(handle).atr()));
            assertEquals("9000", Hex.upper(pcsc.transmit(handle, connection.protocol(),
                    Hex.decode("00A4040C10" + TestCard.USIM_AID))));
            AuthenticationVector vector = card.next();
            assertEquals("6135", Hex.upper(pcsc.transmit(handle, connection.protocol(),
                    Hex.decode("0088008122" + "10" + Hex.upper(vector.rand()) + "10" + Hex.upper(vector.autn())))));
            byte[] answer = pcsc.transmit(handle, connection.protocol(), Hex.decode("00C0000035"));
            assertEquals("DB08", Hex.upper(Arrays.copyOfRange(answer, 0, 2)));
            assertArrayEquals(vector.xres(), Arrays.copyOfRange(answer, 2, 10));
            assertTrue(Hex.upper(answer).endsWith("9000"));
            pcsc.disconnect(handle, PcscCalls.SCARD_LEAVE_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }
}
