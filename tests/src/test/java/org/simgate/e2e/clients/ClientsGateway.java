package org.simgate.e2e.clients;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.file.Path;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;

/**
 * simgate as the clients find it: the built-in defaults, every TCP listener on an ephemeral port
 * of 127.0.0.1, the self-signed certificate and the UNIX socket listener in the test's directory,
 * and slot 0 holding {@link Subscriber}'s card.
 */
final class ClientsGateway implements AutoCloseable {
    private final Gateway gateway;
    private final Path socket;

    private ClientsGateway(Gateway gateway, Path socket) {
        this.gateway = gateway;
        this.socket = socket;
    }

    static ClientsGateway start(Path dir) throws IOException {
        return start(dir, "");
    }

    /** @param settings HOCON merged over the tests' settings, which are merged over the defaults */
    static ClientsGateway start(Path dir, String settings) throws IOException {
        GatewayConfig config = config(dir, settings);
        return new ClientsGateway(Gateway.start(config), config.unix().path());
    }

    static GatewayConfig config(Path dir, String settings) {
        return GatewayConfig.from(ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseString("simgate { http.port = 0, https.port = 0, line.port = 0,"
                        + " management.port = 0, https.self-signed-dir = " + quote(dir.resolve("tls")) + ","
                        + " unix { enabled = true, path = " + quote(dir.resolve("simcard.sock")) + " },"
                        + " slots = [ " + Subscriber.CARD_IN_SLOT_0 + " ] }"))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }

    /** The UNIX socket the gateway listens on. */
    Path socket() {
        return socket;
    }

    /** {@code 127.0.0.1:port} of the HTTPS listener, as fasferraz's clients take their server. */
    String httpsServer() {
        return "127.0.0.1:" + gateway.httpsAddress().getPort();
    }

    int httpPort() {
        return gateway.httpAddress().getPort();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
