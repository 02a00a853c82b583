package org.simgate.e2e.security.vpcd;

import org.simgate.e2e.security.TestPki;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.security.line.AuthGateway;

import org.simgate.security.Verification;
import org.simgate.security.line.AuthLineSigner;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.Registration;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * The vpcd relay with {@code simgate.auth.required = true}, over real sockets. A listening relay
 * lets a peer reach the card only after an AUTH frame or with a client certificate; a connecting
 * relay sends its AUTH frame first, over TLS with its own certificate when configured.
 */
class VpcdRelayAuthE2ETest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final byte[] GET_ATR = {0x04};

    @TempDir
    Path dir;
    AuthGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    AuthGateway listening(String relayOptions, String settings) throws Exception {
        gateway = AuthGateway.start(dir, NOW, "simgate.vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:0\"" + relayOptions
                + " } ]\n" + settings);
        return gateway;
    }

    InetSocketAddress relay() {
        return gateway.gateway().vpcdListeners().get(0);
    }

    /** A peer that speaks vpcd frames: 2-byte length, payload. */
    static final class Peer implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        static Peer to(InetSocketAddress address) throws IOException {
            return new Peer(new Socket(address.getAddress(), address.getPort()));
        }

        static Peer tls(InetSocketAddress address, SSLContext context) throws IOException {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
            socket.startHandshake();
            return new Peer(socket);
        }

        void send(byte[] payload) throws IOException {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        /** Sends, unless the gateway has closed the connection already: it closes a refused peer at once. */
        void sendUnlessClosed(byte[] payload) throws IOException {
            try {
                send(payload);
            } catch (java.net.SocketException e) {
                // closed (broken pipe, reset): receive() reports it
            }
        }

        void sendAuth(String line) throws IOException {
            send(line.getBytes(StandardCharsets.US_ASCII));
        }

        /** The next frame's payload, or null when the connection closed first. */
        byte[] receive() throws IOException {
            try {
                int length = in.readUnsignedShort();
                byte[] payload = new byte[length];
                in.readFully(payload);
                return payload;
            } catch (EOFException e) {
                return null;
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                return null; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aPeerWithoutAnAuthFrameIsClosedWithoutACardAnswer() throws Exception {
        listening("", "");
        try (Peer vpcd = Peer.to(relay())) {
            vpcd.send(GET_ATR);
            assertNull(vpcd.receive());
        }
        assertEquals(0, gateway.operationsSettled("vpcd", 0));
    }

    @Test
    void anAuthFrameLetsThePeerThrough() throws Exception {
        listening("", "");
        try (Peer vpcd = Peer.to(relay())) {
            vpcd.sendAuth(gateway.authLine("relay-1", AuthGateway.RELAY));
            vpcd.send(GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), vpcd.receive());
        }
    }

    @Test
    void anAuthFrameOfAClientThatMayNotRelayOrAReplayedOneIsClosed() throws Exception {
        listening("", "");
        try (Peer vpcd = Peer.to(relay())) {
            vpcd.sendAuth(gateway.authLine("lab-1", AuthGateway.LAB)); // lab-a may aka and info, not relay
            vpcd.sendUnlessClosed(GET_ATR);
            assertNull(vpcd.receive());
        }
        String auth = gateway.authLine("relay-1", AuthGateway.RELAY);
        try (Peer first = Peer.to(relay()); Peer replay = Peer.to(relay())) {
            first.sendAuth(auth);
            first.send(GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), first.receive());
            replay.sendAuth(auth);
            replay.sendUnlessClosed(GET_ATR);
            assertNull(replay.receive());
        }
        assertEquals(1, gateway.operationsSettled("vpcd", 1));
    }

    @Test
    void aClientCertificateThatMayRelayNeedsNoAuthFrame() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        listening(", tls = true", "simgate.auth.client-ca = " + ConfigUtil.quoteString(pki.caPem().toString()));
        try (Peer vpcd = Peer.tls(relay(), TestPki.clientContext(gateway.serverCertificate(), pki.client("relay-a")))) {
            vpcd.send(GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), vpcd.receive());
        }
        try (Peer vpcd = Peer.tls(relay(), TestPki.clientContext(gateway.serverCertificate(), pki.client("lab-a")))) {
            vpcd.send(GET_ATR);
            assertNull(vpcd.receive(), "lab-a may not relay");
        }
        try (Peer vpcd = Peer.tls(relay(), TestPki.clientContext(gateway.serverCertificate(), null))) {
            vpcd.sendAuth(gateway.authLine("relay-1", AuthGateway.RELAY));
            vpcd.send(GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), vpcd.receive(), "TLS without a certificate, with an AUTH frame");
        }
    }

    @Test
    void revokingADeviceHangsUpItsRelayAtOnce() throws Exception {
        listening("", "");
        Registration registration = gateway.gateway().devices().create("phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        gateway.gateway().devices().finalizeRegistration(device.finalizeRequest(null, null, null));
        try (Peer vpcd = Peer.to(relay())) {
            vpcd.sendAuth(AuthLineSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock()).line());
            vpcd.send(GET_ATR);
            assertArrayEquals(SimcardTransport.atr(), vpcd.receive());

            gateway.gateway().devices().revoke(device.keyId());

            assertNull(vpcd.receive(), "closed without a further frame");
        }
    }

    @Test
    void aConnectingRelaySendsItsAuthFrameFirstOverTlsWithItsCertificate() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        TestPki.Issued relayCert = pki.client("relay-a");
        SSLContext peerTls = TestPki.serverContext(pki.server("peer"), pki.caPem());
        // the peer checks the AUTH frame with a gateway of its own, where the relay's device key is registered
        gateway = AuthGateway.start(dir, NOW, "");
        Registration registration = gateway.gateway().devices().create("phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        gateway.gateway().devices().finalizeRegistration(device.finalizeRequest(null, null, null));
        Path deviceKey = dir.resolve("device-key.pem");
        device.writePrivateKey(deviceKey);
        try (SSLServerSocket server = (SSLServerSocket) peerTls.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept(); Peer relay = new Peer(socket)) {
                    String client = socket.getSession().getPeerPrincipal().getName();
                    String line = new String(relay.receive(), StandardCharsets.US_ASCII);
                    Verification verification = gateway.gateway().security().authLines().verify(line);
                    relay.send(GET_ATR);
                    byte[] atr = relay.receive();
                    return client + " " + verification + " " + HexFormat.of().formatHex(atr);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            try (AuthGateway relaying = AuthGateway.start(dir.resolve("relaying"), NOW, """
                    simgate.vpcd-relay = [ { slot = 0, connect = "127.0.0.1:%d", retry = 100ms,
                      tls { trust = %s, client-cert = %s, client-key = %s }
                      auth { key-id = %s, key-file = %s } } ]
                    """.formatted(server.getLocalPort(), quote(pki.caPem()), quote(relayCert.certPem()),
                    quote(relayCert.keyPem()), device.keyId(), quote(deviceKey)))) {
                String result = seen.get(10, TimeUnit.SECONDS);
                assertEquals("CN=relay-a Verified[client=phone, keyId=" + device.keyId() + "] "
                        + HexFormat.of().formatHex(SimcardTransport.atr()), result);
            }
        }
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }
}
