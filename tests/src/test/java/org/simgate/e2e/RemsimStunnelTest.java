package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.pcsc.PcscDaemon;
import org.simgate.e2e.security.TestPki;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.IpPort;
import org.simgate.rspro.ResultCode;
import org.simgate.rspro.RsproMessage.ConfigClientBankReq;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * docs/remsim.md's stunnel recipe on one host: the bank reaches the server through a TLS tunnel that ends
 * beside the server, so the server sees the bank at 127.0.0.1 and tells clients "127.0.0.1"; the client
 * host's tunnels lead to the server and, from that address, to the bank. Every hop is TLS with
 * certificates of one CA on both ends. The recipe's five sections run in one stunnel.
 */
class RemsimStunnelTest {
    private static final ClientSlot CLIENT = new ClientSlot(7, 0);
    private static final BankSlot BANK = new BankSlot(1, 0);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;
    private RemsimServer server;
    private RunningGateway gateway;
    private Process stunnel;

    @AfterEach
    void stop() throws InterruptedException {
        if (stunnel != null) {
            stunnel.destroy();
            if (!stunnel.waitFor(5, TimeUnit.SECONDS)) {
                stunnel.destroyForcibly();
            }
        }
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientReachesTheBanksCardThroughTheTunnelsAndAPlainConnectionDoesNot() throws Exception {
        assumeTrue(installed(), "stunnel is not installed (Debian: stunnel4)");
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Issued serverCert = pki.server("server");
        TestPki.Issued bankCert = pki.server("bank");
        TestPki.Issued clientCert = pki.client("client");
        // below the ephemeral range: six ports are written into stunnel's config before anything binds
        // them, and a port from bind(0) is one any outgoing connection may be given meanwhile
        int serverTls = PcscDaemon.freePort();
        int bankToServer = PcscDaemon.freePort();
        int bankTls = PcscDaemon.freePort();
        int clientToServer = PcscDaemon.freePort();
        int clientToBank = PcscDaemon.freePort();
        int bankPort = PcscDaemon.freePort();

        server = RemsimServer.start(RemsimServer.Settings.forTests(clientToBank, KeepaliveTimers.OSMO_REMSIM));

        String ca = "CAfile = " + pki.caPem() + "\nverifyChain = yes\n";
        startStunnel(""
                // server host
                + "[rspro]\naccept = 127.0.0.1:" + serverTls + "\nconnect = 127.0.0.1:" + server.rsproPort() + "\n"
                + "cert = " + serverCert.certPem() + "\nkey = " + serverCert.keyPem() + "\n" + ca + "\n"
                // bank host
                + "[to-server]\nclient = yes\naccept = 127.0.0.1:" + bankToServer + "\nconnect = 127.0.0.1:" + serverTls
                + "\ncert = " + bankCert.certPem() + "\nkey = " + bankCert.keyPem() + "\n" + ca + "checkHost = localhost\n\n"
                + "[bank]\naccept = 127.0.0.1:" + bankTls + "\nconnect = 127.0.0.1:" + bankPort + "\n"
                + "cert = " + bankCert.certPem() + "\nkey = " + bankCert.keyPem() + "\n" + ca + "\n"
                // client host
                + "[client-to-server]\nclient = yes\naccept = 127.0.0.1:" + clientToServer + "\nconnect = 127.0.0.1:"
                + serverTls + "\ncert = " + clientCert.certPem() + "\nkey = " + clientCert.keyPem() + "\n" + ca
                + "checkHost = localhost\n\n"
                + "[client-to-bank]\nclient = yes\naccept = 127.0.0.1:" + clientToBank + "\nconnect = 127.0.0.1:" + bankTls
                + "\ncert = " + clientCert.certPem() + "\nkey = " + clientCert.keyPem() + "\n" + ca
                + "checkHost = localhost\n");

        // the tunnels first, so the bank's first connection gets through
        gateway = RunningGateway.start(dir, RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", ""))
                + "simgate.remsim.bankd { enabled = true, server = \"127.0.0.1:" + bankToServer + "\", port = "
                + bankPort + ", slots = [0] }\n");
        awaitTrue(() -> get("/banks").contains("\"software\":\"simgate\""), "the bank registers through the tunnel");
        assertEquals(201, post("/slotmaps", "{\"bank\":{\"bankId\":1,\"slotNr\":0},\"client\":{\"clientId\":7,\"slotNr\":0}}"));
        awaitTrue(() -> get("/slotmaps").contains("ACTIVE"), "the bank confirms the mapping");

        try (RsproTestPeer toServer = RsproTestPeer.connect(clientToServer)) {
            toServer.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
            assertEquals(ResultCode.OK, toServer.expect(ConnectClientRes.class).result());
            IpPort told = toServer.expect(ConfigClientBankReq.class).bankd();
            assertEquals(new IpPort(InetAddress.getByName("127.0.0.1"), clientToBank), told,
                    "the server saw the bank at the tunnel's end, 127.0.0.1");
            try (RsproTestPeer toBank = RsproTestPeer.connect(told.port())) {
                toBank.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
                assertEquals(ResultCode.OK, toBank.expect(ConnectClientRes.class).result());
                assertEquals(TestCard.ATR, HEX.formatHex(toBank.expect(SetAtrReq.class).atr()));
                toBank.send(new TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, HEX.parseHex("00a40004023f00")));
                assertEquals(0x61, toBank.expect(TpduCardToModem.class).data()[0] & 0xFF);
            }
        }

        // the bank's TLS port without the tunnel: plain RSPRO gets no card
        try (RsproTestPeer plain = RsproTestPeer.connect(bankTls)) {
            plain.send(new ConnectClientReq(RsproTestPeer.CLIENT, CLIENT));
            assertTrue(plain.hangsUpWithin(Duration.ofSeconds(60)), "stunnel hangs up on a peer without TLS");
        }
    }

    private void startStunnel(String sections) throws Exception {
        Path log = dir.resolve("stunnel.log");
        Path conf = dir.resolve("remsim.conf");
        Files.writeString(conf, "foreground = yes\npid =\noutput = " + log + "\ndebug = info\n\n" + sections);
        stunnel = new ProcessBuilder("stunnel", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.out").toFile()).start();
        awaitTrue(() -> !stunnel.isAlive() || (Files.exists(log) && Files.readString(log).contains("Configuration successful")),
                "stunnel starts");
        assertTrue(stunnel.isAlive(), () -> "stunnel exited: " + read(log) + read(dir.resolve("stunnel.out")));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean installed() {
        try {
            Process p = new ProcessBuilder("stunnel", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A port free now, for stunnel's accept lines (stunnel takes no port 0). */
    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.restBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.restBase() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
