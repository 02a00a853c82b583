package org.simgate.e2e.security.admin;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * A gateway in this JVM with {@code simgate.auth.required = true}, its management listener on an
 * ephemeral port, two simulated slots, and a key file in the test's directory:
 * {@code ops} (admin everywhere), {@code one} (admin on slot 1), {@code lab} (aka and info only),
 * {@code edge} (a device's client: admin on slot 0).
 */
final class AdminGateway implements AutoCloseable {
    static final String OPS_SECRET = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String OPS_NEW_SECRET = "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f";
    static final String LAB_SECRET = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    static final String ONE_SECRET = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
    static final String OLD_SECRET = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";

    static final String KEYS = """
            groups {
              ops { client = ops, keys = [ { id = ops-1, secret = "hex:%s" } ] }
              lab { client = lab, keys = [ { id = lab-1, secret = "hex:%s" } ] }
              one { client = one, keys = [ { id = one-1, secret = "hex:%s" } ] }
              old { client = ops, keys = [ { id = old-1, secret = "hex:%s", expires = "2020-01-01T00:00:00Z" } ] }
            }
            """.formatted(OPS_SECRET, LAB_SECRET, ONE_SECRET, OLD_SECRET);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    final Gateway gateway;
    final Path keyFile;

    private AdminGateway(Gateway gateway, Path keyFile) {
        this.gateway = gateway;
        this.keyFile = keyFile;
    }

    static AdminGateway start(Path dir, Clock clock) throws IOException {
        return start(dir, clock, "");
    }

    /** @param more HOCON merged over the test's settings */
    static AdminGateway start(Path dir, Clock clock, String more) throws IOException {
        Path keys = dir.resolve("keys.conf");
        if (!Files.exists(keys)) {
            Files.writeString(keys, KEYS);
        }
        String settings = """
                simgate {
                  http.port = 0
                  https.enabled = false
                  line.enabled = false
                  management.port = 0
                  auth {
                    required = true
                    keys-file = %s
                    keys-reload = 100ms
                    devices-dir = %s
                    public-url = "https://gw.test:8443"
                    clients {
                      ops { slots = "*", operations = [admin] }
                      one { slots = [1], operations = [admin] }
                      lab { slots = "*", operations = [aka, info] }
                      edge { slots = [0], operations = [admin] }
                    }
                  }
                  slots = [
                    { id = 0, transport = simcard, simcard { imsi = "001010000000001", iccid = "8988211000000000011",
                        k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                    { id = 1, transport = simcard, simcard { imsi = "001010000000002", iccid = "8988211000000000029",
                        k = "0396eb317b6d1c36f19c1c84cd6ffd16", opc = "53c15671c60a4b731c55b4a441c0bde2" } }
                  ]
                }
                """.formatted(ConfigUtil.quoteString(keys.toString()), ConfigUtil.quoteString(dir.resolve("devices").toString()));
        GatewayConfig config = GatewayConfig.from(ConfigFactory.parseString(more).withFallback(ConfigFactory.parseString(settings))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
        return new AdminGateway(Gateway.start(config, () -> config, clock), keys);
    }

    /** The shared key of that id as the gateway holds it now. */
    SharedKey key(String keyId) {
        return gateway.security().sharedKeys().find(keyId).orElseThrow();
    }

    String origin() {
        return "http://127.0.0.1:" + gateway.managementAddress().getPort();
    }

    URI uri(String path) {
        return URI.create(origin() + path);
    }

    /** The fields that sign this request with that shared key, created now by the client's clock. */
    Map<String, String> signature(String keyId, Clock clientClock, String method, String path, String body) {
        return RequestSigner.hmac(key(keyId), clientClock).sign(method, origin() + path,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> signed(String keyId, String method, String path, String body) {
        return send(method, path, body, signature(keyId, Clock.systemUTC(), method, path, body));
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
