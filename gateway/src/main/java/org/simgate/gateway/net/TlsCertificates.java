package org.simgate.gateway.net;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's certificate: the configured PEM pair, or a self-signed one generated on
 * first start and kept, so clients that pinned its fingerprint keep working across restarts; and
 * the server TLS context every TLS listener uses with it.
 */
public final class TlsCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificates.class);
    private static final String CERT_FILE = "cert.pem";
    private static final String KEY_FILE = "key.pem";
    /** Netty's defaults, named so that both engines keep them: no TLS 1.1 or older. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    static {
        refuseClientRenegotiation();
    }

    private TlsCertificates() {
    }

    /**
     * TLS 1.2 lets a client start a full handshake again on its connection at will, each one costing
     * the server a private-key operation: a cheap way to burn its CPU. No simgate client needs it (TLS
     * 1.3 dropped renegotiation), so every TLS listener refuses it with a fatal alert. BoringSSL, the
     * usual engine, never renegotiates as a server; the JDK's engine, the fallback, reads this property
     * once, at its first server handshake in the process: Main sets it first thing, and loading this
     * class, which makes every server context, sets it too.
     */
    public static void refuseClientRenegotiation() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    /**
     * The engine every TLS server context uses: BoringSSL through Netty's OpenSSL engine
     * (netty-tcnative), whose handshake costs a fraction of the JDK's (its P-256 and AES-GCM are
     * native code); the JDK's own where the native library cannot load (not Linux x86-64) or is
     * switched off with {@code -Dio.netty.handler.ssl.noOpenSsl=true}. Chosen, and logged, once.
     */
    public static SslProvider engine() {
        return Engine.PROVIDER;
    }

    private static final class Engine {
        static final SslProvider PROVIDER = choose();

        private static SslProvider choose() {
            if (OpenSsl.isAvailable()) {
                LOG.info("TLS: OpenSSL engine ({}, netty-tcnative)", OpenSsl.versionString());
                return SslProvider.OPENSSL;
            }
            Throwable cause = OpenSsl.unavailabilityCause();
            LOG.info("TLS: the JDK's engine; OpenSSL's (netty-tcnative) is not available: {}",
                    cause == null ? "no reason given" : cause.getMessage());
            return SslProvider.JDK;
        }
    }

    /** A certificate/key pair on disk and the SHA-256 fingerprint of the certificate. */
    public record PemPair(Path cert, Path key, String sha256) {
        public SslContext serverContext() throws IOException {
            return serverContext(null);
        }

        /**
         * With {@code clientCa}, clients may present a certificate that CA issued (mTLS; optional, so
         * a client can sign its requests instead); one it did not issue fails the handshake.
         */
        public SslContext serverContext(Path clientCa) throws IOException {
            return serverContext(clientCa, engine());
        }

        /**
         * As {@link #serverContext(Path)} on the given engine. Both engines get the same protocols and
         * Netty's same cipher list (with an EC key: ECDHE-ECDSA with AES-GCM on TLS 1.2, AES-GCM on TLS
         * 1.3, where BoringSSL also has ChaCha20-Poly1305, which it cannot switch off and picks only for
         * a client that prefers it), and both resume sessions by ticket on TLS 1.2 and 1.3: the JDK's by
         * default; OpenSSL's under keys BoringSSL makes and rotates itself, turned on here for the
         * context (Netty turns them off there, and on again for each connection only while TLS 1.3 is
         * enabled and a system property leaves it so).
         */
        public SslContext serverContext(Path clientCa, SslProvider engine) throws IOException {
            try {
                SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                        .sslProvider(engine)
                        .protocols(PROTOCOLS);
                if (clientCa != null) {
                    if (!Files.isReadable(clientCa)) {
                        throw new IOException("client CA " + clientCa + ": not found or not readable");
                    }
                    builder.trustManager(clientCa.toFile()).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL);
                }
                SslContext context = builder.build();
                if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
                    sessions.setTicketKeys();
                }
                return context;
            } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
                throw new IOException("cannot use TLS certificate " + cert + " / key " + key
                        + (clientCa == null ? "" : " / client CA " + clientCa) + ": " + e.getMessage(), e);
            }
        }
    }

    /** The given pair, checked to be readable. */
    public static PemPair configured(Path cert, Path key) throws IOException {
        return new PemPair(cert, key, fingerprint(cert));
    }

    /** The pair in {@code dir}, generated (EC P-256, 10 years, CN=simgate, SAN localhost/127.0.0.1/::1) if absent. */
    public static PemPair selfSigned(Path dir) throws IOException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (!Files.exists(cert) || !Files.exists(key)) {
            generate(dir, cert, key);
        }
        return new PemPair(cert, key, fingerprint(cert));
    }

    private static void generate(Path dir, Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=simgate");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(dir);
            writeAtomically(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            writeAtomically(certFile, pem("CERTIFICATE", certificate.getEncoded()), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            // the key is the owner's alone; the certificate is public (every handshake shows it), so
            // that any local client can pin it: a temp file would otherwise keep it 0600
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection has to do
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** SHA-256 of the first certificate's DER, as AA:BB:… the way browsers and openssl show it. */
    public static String fingerprint(Path certFile) throws IOException {
        try (var in = Files.newInputStream(certFile)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read certificate " + certFile + ": " + e.getMessage(), e);
        }
    }
}
