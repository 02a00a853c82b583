package org.simgate.e2e;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts for the tests' clients. */
public final class Tls {
    private Tls() {
    }

    /** Trusts only the certificate in the PEM file, as a client handed the gateway's certificate would. */
    public static SSLContext trusting(Path certificatePem) {
        return trusting(certificatePem, null);
    }

    /** As {@link #trusting(Path)}, presenting {@code keyManagers}' certificate (null: none). */
    public static SSLContext trusting(Path certificatePem, javax.net.ssl.KeyManager[] keyManagers) {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("simgate", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + certificatePem + ": " + e, e);
        }
    }
}
