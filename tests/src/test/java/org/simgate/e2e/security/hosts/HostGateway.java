package org.simgate.e2e.security.hosts;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;

/** simgate with the test's settings over the defaults, every listener on an ephemeral port; raw HTTP over sockets. */
final class HostGateway {
    private HostGateway() {
    }

    static Gateway start(Path dir, String settings) throws IOException {
        return Gateway.start(GatewayConfig.from(ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseString("simgate { http.port = 0, https.port = 0, line.port = 0,"
                        + " management.port = 0, https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString())
                        + ", slots = [ { id = 0, transport = simcard, simcard { imsi = \"001010000000001\","
                        + " iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\","
                        + " opc = \"cd63cb71954a9f4e48a5994e37a02baf\", sqn-check = true } } ] }"))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
    }

    /**
     * Sends {@code GET path} naming {@code host} in the Host header on a fresh connection to
     * {@code address} (TLS when asked, trusting any certificate) and returns all the server wrote
     * until it closed or 5 s passed.
     */
    static String get(InetSocketAddress address, boolean tls, String path, String host) throws Exception {
        try (Socket socket = tls ? trustingAnyCertificate().getSocketFactory().createSocket(address.getHostString(),
                address.getPort()) : new Socket(address.getHostString(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static SSLContext trustingAnyCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
