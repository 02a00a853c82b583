package org.simgate.e2e.security.line;

import org.simgate.security.MutableClock;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.line.AuthLineSigner;

/**
 * An in-process gateway with {@code simgate.auth.required = true} on ephemeral ports, its key file,
 * device registry and self-signed certificate in the test's directory, and a clock the test sets.
 * Three software USIMs: slots 0 and 1 allow raw APDUs, slot 2 does not. The key file's groups:
 * {@code lab} (client lab-a: aka and info on slot 0, AKA burst 2 then 1/s), {@code ops} (client ops:
 * info and apdu everywhere), {@code relay} (client relay-a: relay on slot 0). Every secret is 32
 * bytes of one value: {@link #secret(int)}.
 */
public final class AuthGateway implements AutoCloseable {
    public static final int LAB = 1;
    public static final int OPS = 2;
    public static final int RELAY = 3;
    public static final String CLIENTS = """
            simgate.auth.clients {
              lab-a { slots = [0], operations = [aka, info], rate-limit { per-second = 1, burst = 2 } }
              ops { slots = "*", operations = [info, apdu] }
              relay-a { slots = [0], operations = [relay] }
              phone { slots = [0], operations = [info, relay] }
            }
            """;

    private final Gateway gateway;
    private final Path dir;
    private final MutableClock clock;

    private AuthGateway(Gateway gateway, Path dir, MutableClock clock) {
        this.gateway = gateway;
        this.dir = dir;
        this.clock = clock;
    }

    /** The key file every test starts with: one key per group. */
    public static String keyFile() {
        return "groups {\n"
                + group("lab", "lab-a", key("lab-1", LAB)) + group("ops", "ops", key("ops-1", OPS))
                + group("relay", "relay-a", key("relay-1", RELAY)) + "}\n";
    }

    public static String group(String group, String client, String... keys) {
        return "  " + group + " { client = " + client + ", keys = [ " + String.join(", ", keys) + " ] }\n";
    }

    public static String key(String id, int fill, String... more) {
        return "{ id = " + id + ", secret = \"base64:" + Base64.getEncoder().encodeToString(secret(fill)) + "\""
                + (more.length == 0 ? "" : ", " + String.join(", ", more)) + " }";
    }

    public static byte[] secret(int fill) {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) fill);
        return secret;
    }

    /**
     * @param settings HOCON merged over the test defaults, e.g. {@code simgate.line.tls = true}
     */
    public static AuthGateway start(Path dir, Instant now, String settings) throws IOException {
        Files.createDirectories(dir);
        Path keys = dir.resolve("keys.conf");
        if (!Files.exists(keys)) {
            Files.writeString(keys, keyFile());
        }
        MutableClock clock = new MutableClock(now);
        GatewayConfig config = GatewayConfig.from(ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseString(CLIENTS))
                .withFallback(ConfigFactory.parseString("""
                        simgate {
                          http.port = 0
                          https { port = 0, self-signed-dir = %s }
                          line.port = 0
                          management.port = 0
                          auth {
                            required = true
                            keys-file = %s
                            keys-reload = 100ms
                            devices-dir = %s
                          }
                          slots = [
                            { id = 0, transport = simcard, allow-apdu = true, simcard {
                                imsi = "001010000000001", iccid = "8988211000000000011",
                                k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                            { id = 1, transport = simcard, allow-apdu = true, simcard {
                                imsi = "001010000000002", iccid = "8988211000000000029",
                                k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                            { id = 2, transport = simcard, simcard {
                                imsi = "001010000000003", iccid = "8988211000000000037",
                                k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                          ]
                        }
                        """.formatted(quote(dir.resolve("tls")), quote(keys), quote(dir.resolve("devices")))))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
        return new AuthGateway(Gateway.start(config, () -> config, clock), dir, clock);
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }

    public Gateway gateway() {
        return gateway;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path keysFile() {
        return dir.resolve("keys.conf");
    }

    /** The certificate every TLS listener presents. */
    public Path serverCertificate() {
        return dir.resolve("tls").resolve("cert.pem");
    }

    /** A fresh AUTH line for a key of the key file, created at the gateway's clock. */
    public String authLine(String keyId, int fill) {
        return signer(keyId, fill, clock).line();
    }

    public static AuthLineSigner signer(String keyId, int fill, Clock clock) {
        return AuthLineSigner.hmac(new SharedKey(keyId, "g", "c", secret(fill), null, false), clock);
    }

    /** Slot operations the given protocol asked of any slot so far (from the metrics): zero means no card heard of it. */
    public double operations(String protocol) {
        Matcher m = Pattern.compile("^simgate_slot_operations_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.scrapeMetrics());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("protocol=\"" + protocol + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /**
     * The operation count once it reaches {@code expected} (a slot records an operation as its answer
     * goes out, so the count may trail the answer by a moment), or as it is after a second.
     */
    public double operationsSettled(String protocol, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        double now;
        while ((now = operations(protocol)) != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return now;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
