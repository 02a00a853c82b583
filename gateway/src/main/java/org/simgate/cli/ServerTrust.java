package org.simgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which HTTPS servers the client believes. simgate makes itself a self-signed certificate when none
 * is configured, usually without a name the client would connect by, so the useful trust is a pin:
 * hand the client that certificate file and it accepts exactly that server certificate, whatever
 * host name it was reached by. A file may also hold CA certificates; a server chain they issue is
 * checked the ordinary way, host name included.
 */
final class ServerTrust {
    private ServerTrust() {
    }

    /** Trusts the certificates in this PEM or DER file, as pins and as trust anchors. */
    static SSLContext pinnedTo(Path certificateFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> pinned = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certificateFile)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate certificate : read) {
                pinned.add((X509Certificate) certificate);
            }
        }
        if (pinned.isEmpty()) {
            throw new CertificateException("no certificate in " + certificateFile);
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        for (int i = 0; i < pinned.size(); i++) {
            anchors.setCertificateEntry("trusted-" + i, pinned.get(i));
        }
        TrustManagerFactory pkix = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        pkix.init(anchors);
        X509ExtendedTrustManager issued = null;
        for (TrustManager manager : pkix.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                issued = extended;
            }
        }
        if (issued == null) {
            throw new GeneralSecurityException("the JVM's trust manager cannot check host names");
        }
        return context(new PinningTrustManager(pinned, issued));
    }

    /** Trusts any server: for a lab, where the alternative would be plain HTTP anyway. */
    static SSLContext trustingAnyone() throws GeneralSecurityException {
        return context(new PinningTrustManager(List.of(), null));
    }

    /**
     * Why a connection failed, in a user's words: a server certificate the client does not trust
     * (a gateway's self-signed default, most often) says which option fixes it instead of the JDK's
     * "PKIX path building failed".
     */
    static String whyUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathBuilderException
                    || cause instanceof CertPathValidatorException) {
                return "the server's certificate is not trusted: give --trust-cert with the gateway's certificate"
                        + " (a gateway without its own makes one: var/tls/cert.pem where it runs) or --insecure";
            }
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        return failure instanceof SSLException ? "TLS failed (" + failure.getMessage() + ")"
                : failure.getClass().getSimpleName() + (failure.getMessage() != null ? ": " + failure.getMessage() : "");
    }

    private static SSLContext context(TrustManager manager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {manager}, null);
        return context;
    }

    /**
     * Accepts a pinned leaf certificate outright, otherwise asks the PKIX manager (or, when there is
     * none, accepts everything). Being an X509ExtendedTrustManager matters: the JDK wraps any other
     * kind in a host-name check of its own, which a pinned self-signed certificate would fail.
     */
    private static final class PinningTrustManager extends X509ExtendedTrustManager {
        private final List<X509Certificate> pinned;
        private final X509ExtendedTrustManager issued;

        PinningTrustManager(List<X509Certificate> pinned, X509ExtendedTrustManager issued) {
            this.pinned = pinned;
            this.issued = issued;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (issued != null && !isPinned(chain)) {
                issued.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (issued != null && !isPinned(chain)) {
                issued.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (issued != null && !isPinned(chain)) {
                issued.checkServerTrusted(chain, authType);
            }
        }

        private boolean isPinned(X509Certificate[] chain) {
            return chain != null && chain.length > 0 && pinned.contains(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the client accepts no TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the client accepts no TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the client accepts no TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned.toArray(new X509Certificate[0]);
        }
    }
}
