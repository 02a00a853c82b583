package org.simgate.gateway.net;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import org.simgate.front.config.ListenerConfig;

/**
 * The TLS context every TLS listener presents: the https listener's certificate (configured, or
 * self-signed once into its directory), and client certificates from {@code simgate.auth.client-ca}.
 * Made at the first listener that needs it.
 */
public final class ServerTls {
    private final ListenerConfig https;
    private final Path clientCa;
    private TlsCertificates.PemPair certificate;
    private SslContext context;

    public ServerTls(ListenerConfig https, Path clientCa) {
        this.https = https;
        this.clientCa = clientCa;
    }

    public synchronized SslContext context() throws IOException {
        if (context == null) {
            certificate = https.cert() != null
                    ? TlsCertificates.configured(https.cert(), https.key())
                    : TlsCertificates.selfSigned(https.selfSignedDir());
            context = certificate.serverContext(clientCa);
        }
        return context;
    }

    /** {@code certificate F, SHA-256 H[, client certificates from CA]}, for a log line. */
    public synchronized String description() throws IOException {
        context();
        return "certificate " + certificate.cert() + ", SHA-256 " + certificate.sha256()
                + (clientCa == null ? "" : ", client certificates from " + clientCa);
    }
}
