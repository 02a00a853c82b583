package org.simgate.e2e.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA and the certificates it issues (EC P-256), as Java objects and as PEM files: client
 * certificates whose CN is a client name (mTLS), and server certificates for 127.0.0.1.
 */
public final class TestPki {
    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caPem;

    /** A new CA; its certificate is written to {@code dir/ca.pem}. */
    public TestPki(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        caKeys = keyPair();
        X500Name name = new X500Name("CN=simgate test CA");
        JcaX509v3CertificateBuilder builder = builder(name, name, caKeys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = sign(builder);
        caPem = write("ca.pem", pem("CERTIFICATE", ca.getEncoded()));
    }

    /** A certificate and its key, issued by the CA. */
    public record Issued(X509Certificate certificate, KeyPair keys, Path certPem, Path keyPem) {
    }

    public Path caPem() {
        return caPem;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A client certificate naming {@code client} as its CN. */
    public Issued client(String client) throws Exception {
        return issue(client, false);
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server(String name) throws Exception {
        return issue(name, true);
    }

    private Issued issue(String cn, boolean server) throws Exception {
        KeyPair keys = keyPair();
        JcaX509v3CertificateBuilder builder = builder(new X500Name("CN=simgate test CA"), new X500Name("CN=" + cn), keys);
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        X509Certificate certificate = sign(builder);
        String file = cn.replaceAll("[^A-Za-z0-9.-]", "_");
        return new Issued(certificate, keys, write(file + ".pem", pem("CERTIFICATE", certificate.getEncoded())),
                write(file + "-key.pem", pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
    }

    /** A client TLS context that trusts {@code serverCertPem} and shows {@code client}'s certificate (null: none). */
    public static SSLContext clientContext(Path serverCertPem, Issued client) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var in = Files.newInputStream(serverCertPem)) {
            trusted.setCertificateEntry("server",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (client != null) {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("client", client.keys().getPrivate(), new char[0], new Certificate[] {client.certificate()});
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A server TLS context with {@code server}'s certificate that trusts client certificates from {@code caPem}. */
    public static SSLContext serverContext(Issued server, Path caPem) throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("server", server.keys().getPrivate(), new char[0], new Certificate[] {server.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                keys.getPublic());
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
