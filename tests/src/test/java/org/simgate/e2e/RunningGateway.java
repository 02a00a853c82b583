package org.simgate.e2e;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;

/**
 * simgate started in this JVM as {@code java -jar simgate.jar} would start it, from the built-in
 * defaults with the test's settings merged over them, on ephemeral ports of 127.0.0.1 with a
 * self-signed certificate in the test's directory. A test class that wants one for all its tests
 * registers it: {@code @RegisterExtension static final RunningGateway gateway = RunningGateway.forClass(settings);}
 */
final class RunningGateway extends StartedPerClass {
    private final String settings;
    private Gateway gateway;
    private Path certificate;
    private SSLContext tls;
    private Http client;

    private RunningGateway(String settings) {
        this.settings = settings;
    }

    /** The gateway all tests of a class share (see {@link StartedPerClass}). */
    static RunningGateway forClass(String settings) {
        return new RunningGateway(settings);
    }

    @Override
    protected void startIn(Path dir) throws IOException {
        gateway = Gateway.start(config(dir, settings));
        certificate = dir.resolve("tls").resolve("cert.pem");
    }

    /**
     * @param dir      where the HTTPS listener keeps its self-signed certificate
     * @param settings HOCON merged over the defaults, e.g. {@code simgate.slots = [ ... ]}
     */
    static RunningGateway start(Path dir, String settings) throws IOException {
        RunningGateway running = new RunningGateway(settings);
        running.startIn(dir);
        return running;
    }

    static GatewayConfig config(Path dir, String settings) {
        Config config = ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseString("simgate { http.port = 0, https.port = 0, line.port = 0, management.port = 0, https.self-signed-dir = "
                        + ConfigUtil.quoteString(dir.resolve("tls").toString()) + " }"))
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve();
        return GatewayConfig.from(config);
    }

    /** {@code simgate.slots = [ ... ]} of the given slot entries. */
    static String slots(String... entries) {
        return "simgate.slots = [\n" + String.join("\n", entries) + "\n]\n";
    }

    Gateway gateway() {
        return gateway;
    }

    InetSocketAddress httpAddress() {
        return gateway.httpAddress();
    }

    InetSocketAddress httpsAddress() {
        return gateway.httpsAddress();
    }

    /** http://127.0.0.1:port followed by the path. */
    URI http(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
    }

    URI https(String path) {
        return URI.create("https://127.0.0.1:" + gateway.httpsAddress().getPort() + path);
    }

    /** The base URL of the scheme's listener, http or https. */
    URI base(String scheme) {
        return scheme.equals("https") ? https("") : http("");
    }

    /** The self-signed certificate the HTTPS listener serves (PEM). */
    Path certificate() {
        return certificate;
    }

    /** A TLS context that trusts exactly this gateway's certificate. */
    synchronized SSLContext tls() {
        if (tls == null) {
            tls = Tls.trusting(certificate);
        }
        return tls;
    }

    /** A java.net.http client for both listeners. */
    synchronized Http client() {
        if (client == null) {
            client = new Http(tls());
        }
        return client;
    }

    RawConnection connectHttp() throws IOException {
        return RawConnection.to(httpAddress());
    }

    RawConnection connectHttps() throws IOException {
        return RawConnection.tls(httpsAddress(), tls());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
