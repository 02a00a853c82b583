package org.simgate.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.simgate.protocol.ClientCertificate;

/**
 * The server TLS context on both engines, BoringSSL (OpenSSL's, the usual one) and the JDK's (the
 * fallback), over real TCP: the same protocols and TLS 1.2 suites, session resumption, client
 * certificates. A test server behind {@link TlsTermination} answers each line with
 * {@code hello <client certificate CN, or ->} and closes.
 */
class TlsServerContextTest {
    private static final Set<String> TLS12_SUITES = Set.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    private static final Set<String> TLS13_AES_GCM = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

    @TempDir
    Path dir;

    /** The jar carries BoringSSL for Linux x86-64: there, it is the engine. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void onLinuxX86ItIsBoringSsl() {
        assertEquals(SslProvider.OPENSSL, TlsCertificates.engine());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void tls13AndTls12WithEcdheEcdsaAesGcm(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        try (TestServer server = new TestServer(pair.serverContext(null, engine))) {
            try (SSLSocket tls13 = connect(server, clientContext(pair.cert(), null), "TLSv1.3")) {
                assertEquals("hello -", exchange(tls13));
                assertEquals("TLSv1.3", tls13.getSession().getProtocol());
                assertTrue(TLS13_AES_GCM.contains(tls13.getSession().getCipherSuite()), tls13.getSession().getCipherSuite());
            }
            try (SSLSocket tls12 = connect(server, clientContext(pair.cert(), null), "TLSv1.2")) {
                assertEquals("hello -", exchange(tls12));
                assertEquals("TLSv1.2", tls12.getSession().getProtocol());
                assertTrue(TLS12_SUITES.contains(tls12.getSession().getCipherSuite()), tls12.getSession().getCipherSuite());
            }
        }
    }

    /**
     * HandshakeQuickAck sits before the SslHandler while the handshake runs (TLS 1.3 answers from a
     * Nagle client, such as ab, would wait 40 ms for a delayed ACK without it) and leaves after it.
     */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void quickAcksOnlyDuringTheHandshake(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        try (TestServer server = new TestServer(pair.serverContext(null, engine))) {
            try (SSLSocket tls13 = connect(server, clientContext(pair.cert(), null), "TLSv1.3")) {
                assertEquals("hello -", exchange(tls13));
            }
            List<String> atAccept = server.handlersAtAccept;
            assertEquals(atAccept.indexOf("tls") - 1, atAccept.indexOf("tls-quickack"), atAccept.toString());
            assertTrue(!server.handlersAfterHandshake.contains("tls-quickack")
                    && server.handlersAfterHandshake.contains("tls"), server.handlersAfterHandshake.toString());
        }
    }

    /** ChaCha20, CBC and SHA-1 suites on TLS 1.2 fail the handshake, as with Netty's defaults on the JDK. */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void otherTls12SuitesAreRefused(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        try (TestServer server = new TestServer(pair.serverContext(null, engine))) {
            for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
                SSLSocket socket = (SSLSocket) clientContext(pair.cert(), null).getSocketFactory()
                        .createSocket("127.0.0.1", server.port());
                try (socket) {
                    socket.setSoTimeout(30_000);
                    socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                    socket.setEnabledCipherSuites(new String[] {suite});
                    assertThrows(SSLException.class, socket::startHandshake, suite);
                }
            }
        }
    }

    /** TLS 1.1 gets a protocol_version alert from the server (openssl's client, told it may offer it). */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void tls11IsRefused(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        try (TestServer server = new TestServer(pair.serverContext(null, engine))) {
            String out = openssl(server, "", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            assertTrue(out.contains("alert protocol version"), out);
        }
    }

    /**
     * A client that kept its session resumes it. The server hands out tickets on both versions (on
     * TLS 1.2 it could resume by session ID alone, from its own cache; Netty turns OpenSSL's TLS 1.2
     * tickets off, and the JDK's engine has them on).
     */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aClientResumesItsSession(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        try (TestServer server = new TestServer(pair.serverContext(null, engine))) {
            for (String version : List.of("-tls1_2", "-tls1_3")) {
                Path session = dir.resolve("session" + version + ".pem");
                String first = openssl(server, "hi\n", version, "-sess_out", session.toString());
                assertTrue(first.contains("hello -") && first.contains("\nNew, TLSv1."), version + ":\n" + first);
                assertTrue(first.contains("TLS session ticket lifetime hint"), version + ", no ticket:\n" + first);
                String second = openssl(server, "hi\n", version, "-sess_in", session.toString());
                assertTrue(second.contains("hello -") && second.contains("\nReused, TLSv1."), version + ":\n" + second);
            }
        }
    }

    /** With a client CA: its certificates name their client, none is fine (optional), another CA's fail. */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientCertificatesOfTheClientCaNameTheirClient(SslProvider engine) throws Exception {
        TlsCertificates.PemPair pair = TlsCertificates.selfSigned(dir.resolve("tls"));
        TestCa ca = new TestCa(dir.resolve("ca.pem"));
        TestCa stranger = new TestCa(dir.resolve("stranger.pem"));
        try (TestServer server = new TestServer(pair.serverContext(ca.pem, engine))) {
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                try (SSLSocket socket = connect(server, clientContext(pair.cert(), ca.issue("lab-1")), version)) {
                    assertEquals("hello lab-1", exchange(socket), version);
                }
                try (SSLSocket socket = connect(server, clientContext(pair.cert(), null), version)) {
                    assertEquals("hello -", exchange(socket), version);
                }
                // TLS 1.3 finishes the client's side of the handshake before the server checks its
                // certificate: the refusal may come with the first read
                assertThrows(IOException.class, () -> {
                    try (SSLSocket socket = connect(server, clientContext(pair.cert(), stranger.issue("lab-2")), version)) {
                        throw new AssertionError("served: " + exchange(socket));
                    }
                }, version);
            }
        }
    }

    private static String exchange(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
            if (b < 0) {
                throw new IOException("closed after \"" + line + "\"");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    private static SSLSocket connect(TestServer server, SSLContext context, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(30_000);
        socket.setEnabledProtocols(new String[] {protocol});
        return socket;
    }

    /** openssl s_client's output (stdout and stderr) for one connection that sends {@code input}. */
    private String openssl(TestServer server, String input, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-ign_eof"));
        command.addAll(List.of(options));
        Path out = Files.createTempFile(dir, "s_client", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl s_client did not end:\n" + Files.readString(out));
        }
        return Files.readString(out);
    }

    private static SSLContext clientContext(Path serverCert, KeyStore clientKeys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var in = Files.newInputStream(serverCert)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManager[] keys = null;
        if (clientKeys != null) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(clientKeys, new char[0]);
            keys = new KeyManager[] {new AlwaysShown((X509ExtendedKeyManager) factory.getKeyManagers()[0])};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * The JDK's client shows only a certificate issued by a CA the server names in its request, so
     * it would keep another CA's to itself: this one shows its certificate whatever the server asks.
     */
    private static final class AlwaysShown extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysShown(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** A CA (EC P-256) whose certificate is a PEM file, issuing client certificates by CN. */
    private static final class TestCa {
        final Path pem;
        private final KeyPair keys = keyPair();
        private final X500Name name = new X500Name("CN=test CA " + new BigInteger(32, new SecureRandom()));

        TestCa(Path pem) throws Exception {
            this.pem = pem;
            JcaX509v3CertificateBuilder builder = builder(name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sign(builder).getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        }

        /** A key store holding a certificate for {@code cn} that this CA issued, and its key. */
        KeyStore issue(String cn) throws Exception {
            KeyPair client = keyPair();
            X509Certificate certificate = sign(builder(new X500Name("CN=" + cn), client));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", client.getPrivate(), new char[0], new Certificate[] {certificate});
            return store;
        }

        private JcaX509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys) {
            Instant now = Instant.now();
            return new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                    subjectKeys.getPublic());
        }

        private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }

        private static KeyPair keyPair() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** TLS (as every TLS listener has it) in front of a one-line protocol naming the client certificate. */
    private static final class TestServer implements AutoCloseable {
        private final EventLoops loops = new EventLoops(1);
        private final Channel channel;
        volatile List<String> handlersAtAccept;
        volatile List<String> handlersAfterHandshake;

        TestServer(SslContext tls) throws InterruptedException {
            channel = new ServerBootstrap().group(loops.acceptors(), loops.workers())
                    .channel(loops.serverChannel())
                    .childHandler(new TlsTermination(tls, new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            handlersAtAccept = ch.pipeline().names();
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    handlersAfterHandshake = ctx.pipeline().names();
                                    String client = ClientCertificate.clientName(ctx.channel());
                                    ctx.writeAndFlush(Unpooled.copiedBuffer("hello " + (client == null ? "-" : client)
                                            + "\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
                                }
                            });
                        }
                    }))
                    .bind("127.0.0.1", 0).sync().channel();
        }

        int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            loops.close();
        }
    }
}
