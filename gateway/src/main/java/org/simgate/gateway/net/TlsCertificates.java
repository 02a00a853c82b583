package org.simgate.gateway.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
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

/**
 * The HTTPS listener's certificate: the configured PEM pair, or a self-signed one generated on
 * first start and kept, so clients that pinned its fingerprint keep working across restarts.
 */
public final class TlsCertificates {
    private static final String CERT_FILE = "cert.pem";
    private static final String KEY_FILE = "key.pem";

    static {
        refuseClientRenegotiation();
    }

    private TlsCertificates() {
    }

    /**
     * TLS 1.2 lets a client start a full handshake again on its connection at will, each one costing
     * the server a private-key operation: a cheap way to burn its CPU. No simgate client needs it (TLS
     * 1.3 dropped renegotiation), so every TLS listener refuses it with a fatal alert. The JDK's engine,
     * which every listener uses (netty-tcnative is not on the class path; OpenSSL's engine would refuse
     * by default), reads this property once, at its first server handshake in the process: Main sets
     * it first thing, and loading this class, which makes every server context, sets it too.
     */
    public static void refuseClientRenegotiation() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
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
            try {
                SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile());
                if (clientCa != null) {
                    if (!Files.isReadable(clientCa)) {
                        throw new IOException("client CA " + clientCa + ": not found or not readable");
                    }
                    builder.trustManager(clientCa.toFile()).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL);
                }
                return builder.build();
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
