package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnasmartcardio.PcscCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.pcsc.PcscDaemon.VpcdReader;
import org.simgate.e2e.security.TestPki;
import org.simgate.transport.Hex;

/**
 * docs/pcsc.md's recipes for a vpcd relay inside TLS, run as written: an unmodified vpcd (pcscd's
 * driver) knows no TLS, so socat terminates it on the vpcd host and checks certificates there. A
 * PC/SC client on that pcscd then reads simgate's simulated USIM as a local card.
 */
@Timeout(60)
class VpcdRelayTlsTest {
    private static final String RELAY_CN = "simgate-relay";
    private static final int T0_OR_T1 = PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1;

    @TempDir
    Path dir;
    TestPki pki;
    PcscDaemon pcscd;
    final List<Socat> socats = new ArrayList<>();
    RunningGateway cards;
    int tlsPort;
    final Subscriber card = new Subscriber();
    final PcscCalls pcsc = PcscCalls.load();

    @BeforeEach
    void tools() throws Exception {
        PcscDaemon.assumeInstalled();
        Socat.assumeInstalledWithOpenssl();
        pki = new TestPki(dir.resolve("pki"));
    }

    @AfterEach
    void stop() {
        if (cards != null) {
            cards.close();
        }
        socats.forEach(Socat::close);
        if (pcscd != null) {
            pcscd.close();
        }
    }

    /**
     * Connect mode. On the vpcd host: {@code socat OPENSSL-LISTEN:<tls>,reuseaddr,fork,cert=…,key=…,
     * cafile=<simgate's client CA>,verify=1,commonname=<the relay's CN> TCP:127.0.0.1:<vpcd>};
     * simgate's relay connects to the TLS port with {@code tls { trust, client-cert, client-key }}.
     */
    private Socat vpcdHostTerminator(int vpcdPort) throws Exception {
        TestPki.Issued vpcdHost = pki.server("vpcd-host");
        tlsPort = PcscDaemon.freePort();
        Socat socat = Socat.listening(dir.resolve("socat.log"), "OPENSSL-LISTEN:" + tlsPort + ",bind=127.0.0.1,reuseaddr,fork"
                + ",cert=" + vpcdHost.certPem() + ",key=" + vpcdHost.keyPem() + ",cafile=" + pki.caPem() + ",verify=1"
                + ",commonname=" + RELAY_CN, "TCP:127.0.0.1:" + vpcdPort);
        socats.add(socat);
        return socat;
    }

    private RunningGateway relayOverTls(TestPki.Issued relayCertificate) {
        return RunningGateway.start(dir.resolve("gateway"), "simgate { slots = [" + RunningGateway.simcard(0, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + tlsPort + "\", retry = 100ms,"
                + " tls { enabled = true, trust = " + quote(pki.caPem()) + ", client-cert = " + quote(relayCertificate.certPem())
                + ", client-key = " + quote(relayCertificate.keyPem()) + " } } ] }");
    }

    @Test
    void connectModeThroughSocatsTlsToAnUnmodifiedVpcd() throws Exception {
        pcscd = PcscDaemon.listening("simgate tls");
        int vpcdPort = pcscd.port();
        Socat socat = vpcdHostTerminator(vpcdPort);

        cards = relayOverTls(pki.client(RELAY_CN));

        String reader = pcscd.readerNames().get(0);
        awaitCard(reader);
        readsTheSimulatedUsim(reader);
        assertEquals(List.of(), socat.errors(), "socat accepted the relay's certificate");
    }

    /** TestPki names every CA alike: only the signature tells the other CA's certificate apart. */
    @Test
    void aRelayWhoseCertificateIsFromAnotherCaNeverMakesTheCardAppear() throws Exception {
        socatRefusesAndTheReaderStaysEmpty(new TestPki(dir.resolve("other-ca")).client(RELAY_CN), "SSL_accept()");
    }

    /** socat's commonname=: the vpcd host's CA may issue certificates to others (simgate's clients) too. */
    @Test
    void aRelayWhoseCertificateNamesAnotherClientNeverMakesTheCardAppear() throws Exception {
        socatRefusesAndTheReaderStaysEmpty(pki.client("lab-a"), "commonName does not match");
    }

    /** socat refuses the handshake with {@code reason} (its log's words) and never opens vpcd's port. */
    private void socatRefusesAndTheReaderStaysEmpty(TestPki.Issued relayCertificate, String reason) throws Exception {
        pcscd = PcscDaemon.listening("simgate tls");
        int vpcdPort = pcscd.port();
        Socat socat = vpcdHostTerminator(vpcdPort);

        cards = relayOverTls(relayCertificate);

        RunningGateway.awaitTrue(() -> !socat.errors().isEmpty(), Duration.ofSeconds(10),
                () -> "socat refused no handshake: " + socat.log());
        String reader = pcscd.readerNames().get(0);
        long watching = System.nanoTime();
        while (RunningGateway.millisSince(watching) < 1_500) {
            assertFalse(PcscDaemon.cardIn(pcsc, reader), "a card appeared behind a refused handshake");
            PcscDaemon.sleep(50);
        }
        assertTrue(socat.errors().get(0).contains(reason), socat::log);
        assertFalse(socat.log().contains("opening connection to"), () -> "socat reached vpcd: " + socat.log());
    }

    /**
     * Reversed mode. On the vpcd host: {@code socat TCP-LISTEN:<p>,bind=127.0.0.1,reuseaddr,fork
     * OPENSSL:<simgate>:<relay port>,cert=…,key=…,cafile=…} for each of vpcd's two ports, and
     * {@code DEVICENAME 127.0.0.1:<p>}; simgate's listening relays have {@code tls = true} and, with
     * {@code auth.required}, let the certificate's CN relay the slots it may.
     */
    @Test
    void reversedModeVpcdThroughSocatToListeningTlsRelays() throws Exception {
        TestPki.Issued gatewayCertificate = pki.server("gw");
        cards = RunningGateway.start(dir.resolve("gateway"), "simgate {"
                + " https { cert = " + quote(gatewayCertificate.certPem()) + ", key = " + quote(gatewayCertificate.keyPem()) + " },"
                + " auth { required = true, client-ca = " + quote(pki.caPem()) + ", devices-dir = " + quote(dir.resolve("devices"))
                + ", clients { vpcd-host { slots = [0, 1], operations = [relay] } } },"
                + " slots = [" + RunningGateway.simcard(0, true) + ", " + RunningGateway.simcard(1, true) + "],"
                + " vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:0\", tls = true },"
                + " { slot = 1, listen = \"127.0.0.1:0\", tls = true } ] }");
        TestPki.Issued vpcdClient = pki.client("vpcd-host");
        int vpcdPort = PcscDaemon.freePortPair();
        List<InetSocketAddress> relays = cards.gateway.vpcdListeners();
        for (int i = 0; i < 2; i++) {
            socats.add(Socat.listening(dir.resolve("socat-" + i + ".log"),
                    "TCP-LISTEN:" + (vpcdPort + i) + ",bind=127.0.0.1,reuseaddr,fork",
                    "OPENSSL:127.0.0.1:" + relays.get(i).getPort() + ",cert=" + vpcdClient.certPem() + ",key="
                            + vpcdClient.keyPem() + ",cafile=" + pki.caPem()));
        }

        pcscd = PcscDaemon.start(VpcdReader.connectingTo("simgate reversed tls", vpcdPort));

        for (String reader : pcscd.readerNames()) {
            awaitCard(reader);
            readsTheSimulatedUsim(reader);
        }
        for (Socat socat : socats) {
            assertEquals(List.of(), socat.errors(), socat::log);
        }
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
            assertEquals("9000", Hex.upper(Arrays.copyOfRange(answer, answer.length - 2, answer.length)));
            pcsc.disconnect(handle, PcscCalls.SCARD_LEAVE_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
    }

    private void awaitCard(String reader) {
        RunningGateway.awaitTrue(() -> PcscDaemon.cardIn(pcsc, reader), Duration.ofSeconds(10), () -> "pcscd's reader " + reader
                + " has no card (socat: " + socats.stream().map(Socat::log).toList() + ")");
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }
}
