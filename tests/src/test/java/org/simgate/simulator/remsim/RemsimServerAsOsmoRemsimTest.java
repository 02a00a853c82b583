package org.simgate.simulator.remsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.rspro.ipa.KeepaliveTimers;

/**
 * The in-repo server against the bytes the real osmo-remsim-bankd and osmo-remsim-client-shell (bfcca52)
 * sent to the real osmo-remsim-server on 2026-12-07, answered with the bytes that server answered them
 * with. A bank that went away and came back is no news to its client there: the client keeps calling the
 * bank's address, and the server sends it no ConfigClientBankReq (no 0.0.0.0:0 when the bank leaves, and
 * nothing when it comes back from the same address).
 */
class RemsimServerAsOsmoRemsimTest {
    private static final HexFormat HEX = HexFormat.of();
    /** osmo-remsim-bankd -b 1 -n 1 on host "vm": ConnectBankReq {{remsimBankd, "vm", ...}, 1, 1}. */
    private static final String BANKD_CONNECT = "0039ee073036800102810100a22ea02c30240a01021602766d800c72656d73696d"
            + "2d62616e6b64810d312e302e302e35352d62666363020101020101";
    /** The real server's CreateMappingReq {{7, 0}, {1, 0}} after POST slotmaps bank 1/0, client 7/0. */
    private static final String SERVER_CREATE_MAPPING = "001dee07301a800102810100a212a41030060201070201003006020101"
            + "020100";
    /** The bank's CreateMappingRes ok. */
    private static final String BANKD_MAPPED = "0010ee07300d800102810100a205a5030a0100";
    /** osmo-remsim-client-shell -c 7 -n 0 on host "vm": ConnectClientReq. */
    private static final String SHELL_CONNECT = "003cee073039800102810100a231a22f30250a01001602766d800d72656d73696d2d"
            + "636c69656e74810d312e302e302e35352d626663633006020107020100";
    /** The real server's ConfigClientBankReq {{1, 0}, {127.0.0.1, 9999}} to that client. */
    private static final String SERVER_CONFIG_CLIENT_BANK = "0021ee07301e800102810100a216b1143006020101020100300a80"
            + "047f0000010202270f";
    private static final String PING = "0001fe00";
    private static final String PONG = "0001fe01";
    private static final String MAPPING = "{\"bank\": {\"bankId\": 1, \"slotNr\": 0}, \"client\": {\"clientId\": 7, "
            + "\"slotNr\": 0}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private RemsimServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBankThatLeavesAndComesBackIsNoNewsToItsClient() throws Exception {
        server = RemsimServer.start(RemsimServer.Settings.forTests(9999, KeepaliveTimers.OSMO_REMSIM));
        try (Socket client = new Socket("127.0.0.1", server.rsproPort())) {
            Peer shell = new Peer(client);
            try (Socket bankSocket = new Socket("127.0.0.1", server.rsproPort())) {
                Peer bank = new Peer(bankSocket);
                bank.send(BANKD_CONNECT);
                bank.frame(); // ConnectBankRes ok
                shell.send(SHELL_CONNECT);
                shell.frame(); // ConnectClientRes ok
                assertEquals(201, post("/slotmaps", MAPPING));
                assertEquals(SERVER_CREATE_MAPPING, bank.frame());
                bank.send(BANKD_MAPPED);
                assertEquals(SERVER_CONFIG_CLIENT_BANK, shell.frame());
            }
            awaitSlotmapState("NEW"); // the server saw the bank leave
            assertEquals(PONG, shell.nextAfterPing(), "the client is told nothing when its bank leaves");

            try (Socket bankSocket = new Socket("127.0.0.1", server.rsproPort())) {
                Peer bank = new Peer(bankSocket);
                bank.send(BANKD_CONNECT);
                bank.frame();
                assertEquals(SERVER_CREATE_MAPPING, bank.frame());
                bank.send(BANKD_MAPPED);
                awaitSlotmapState("ACTIVE");
                assertEquals(PONG, shell.nextAfterPing(), "nor when it comes back from the same address");
            }
        }
    }

    private void awaitSlotmapState(String state) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!get("/slotmaps").contains("\"state\":\"" + state + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no slotmap in state " + state + ": " + get("/slotmaps"));
            }
            Thread.sleep(10);
        }
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.restBase() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.restBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** One side of an RSPRO connection, as raw IPA frames in hex; the server's PINGs are answered. */
    private static final class Peer {
        private final Socket socket;
        private final DataInputStream in;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            this.in = new DataInputStream(socket.getInputStream());
        }

        void send(String frame) throws IOException {
            socket.getOutputStream().write(HEX.parseHex(frame));
            socket.getOutputStream().flush();
        }

        /** The next frame that is not the server's PING. */
        String frame() throws IOException {
            while (true) {
                String frame = rawFrame();
                if (frame.equals(PING)) {
                    send(PONG);
                } else {
                    return frame;
                }
            }
        }

        /**
         * Sends a PING and returns the next frame but the server's PINGs: PONG, unless the server had
         * written something else to this client before it read the PING.
         */
        String nextAfterPing() throws IOException {
            send(PING);
            return frame();
        }

        private String rawFrame() throws IOException {
            int length = in.readUnsignedShort();
            byte[] rest = new byte[1 + length];
            in.readFully(rest);
            return String.format("%04x", length) + HEX.formatHex(rest);
        }
    }
}
