package org.simgate.e2e.security.rest;

import org.simgate.e2e.StartedPerClass;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.Tls;
import org.simgate.security.MutableClock;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * simgate with {@code simgate.auth.required = true}, started in this JVM on ephemeral ports of
 * 127.0.0.1: a key file of shared keys, the clients below, two simulated cards (TS 35.208 test
 * set 1 keys, SQN not checked, so a served duplicate would show as a second 200), and a clock
 * the test sets.
 *
 * <pre>
 * key group  client   may
 * lab        lab-a    aka, info on slot 0         (lab-1; lab-0 expired an hour ago)
 * reader     reader   info on slot 1
 * ci         ci       aka anywhere, 2 at once then one per 5 s
 * -          phone    aka, info, apdu anywhere     (registered devices)
 * -          lab-cert info on slot 0               (client certificates)
 * </pre>
 */
final class SecuredGateway extends StartedPerClass {
    static final String K = TestCard.SET_1.k();
    static final String OPC = TestCard.SET_1.opc();
    static final String PUBLIC_URL = "https://gw.test:8443";
    static final String FINALIZE_SCOPE = PUBLIC_URL + "/admin/v1/devices/finalize";
    private static final SecureRandom RANDOM = new SecureRandom();

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    final SharedKey lab = key("lab-1", "lab", "lab-a", 1, null);
    final SharedKey expired = key("lab-0", "lab", "lab-a", 2, clock.instant().minusSeconds(3600));
    final SharedKey reader = key("reader-1", "reader", "reader", 3, null);
    final SharedKey ci = key("ci-1", "ci", "ci", 4, null);
    private final String moreAuth;
    private Path dir;
    private Path keysFile;
    private Gateway gateway;
    private SSLContext tls;
    private SignedHttp http;

    private SecuredGateway(String moreAuth) {
        this.moreAuth = moreAuth;
    }

    @Override
    protected void startIn(Path dir) throws IOException {
        this.dir = dir;
        this.keysFile = dir.resolve("keys.conf");
        writeKeys(group("lab", "lab-a", expired, lab) + group("reader", "reader", reader) + group("ci", "ci", ci));
        GatewayConfig config = config(dir, keysFile, moreAuth);
        this.gateway = Gateway.start(config, () -> config, clock);
    }

    /** The gateway all tests of a class share (see {@link StartedPerClass}). */
    static SecuredGateway forClass() {
        return new SecuredGateway("");
    }

    /** @param moreAuth more {@code simgate.auth} settings, e.g. {@code client-ca = "…"}, or "" */
    static SecuredGateway start(Path dir, String moreAuth) throws IOException {
        SecuredGateway secured = new SecuredGateway(moreAuth);
        secured.startIn(dir);
        return secured;
    }

    static SecuredGateway start(Path dir) throws IOException {
        return start(dir, "");
    }

    private static GatewayConfig config(Path dir, Path keysFile, String moreAuth) {
        String settings = "simgate {\n"
                + " http.port = 0, https.port = 0, line.port = 0, management.port = 0\n"
                + " https.self-signed-dir = " + quote(dir.resolve("tls")) + "\n"
                + " auth {\n"
                + "  required = true\n"
                + "  keys-file = " + quote(keysFile) + "\n"
                + "  keys-reload = 100ms\n"
                + "  devices-dir = " + quote(dir.resolve("devices")) + "\n"
                + "  public-url = \"" + PUBLIC_URL + "\"\n"
                + "  clients {\n"
                + "   lab-a    { slots = [0], operations = [aka, info] }\n"
                + "   reader   { slots = [1], operations = [info] }\n"
                + "   ci       { slots = \"*\", operations = [aka], rate-limit { per-second = 0.2, burst = 2 } }\n"
                + "   phone    { slots = \"*\", operations = [aka, info, apdu] }\n"
                + "   lab-cert { slots = [0], operations = [info] }\n"
                + "  }\n"
                + "  " + moreAuth + "\n"
                + " }\n"
                + " slots = [" + card(0, "001010000000001") + ", " + card(1, "001010000000002") + "]\n"
                + "}\n";
        Config config = ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve();
        return GatewayConfig.from(config);
    }

    private static String card(int id, String imsi) {
        return "{ id = " + id + ", transport = simcard, allow-apdu = true, simcard { imsi = \"" + imsi
                + "\", iccid = \"898821100000000001" + id + "\", k = \"" + K + "\", opc = \"" + OPC
                + "\", sqn-check = false } }";
    }

    private static String quote(Path path) {
        return ConfigUtil.quoteString(path.toString());
    }

    static SharedKey key(String id, String group, String client, int fill, Instant expires) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) (0x40 + fill));
        return new SharedKey(id, group, client, secret, expires, false);
    }

    /** One group of the key file, its keys oldest first. */
    static String group(String name, String client, SharedKey... keys) {
        StringBuilder text = new StringBuilder("  " + name + " { client = \"" + client + "\", keys = [\n");
        for (SharedKey key : keys) {
            text.append("    { id = \"").append(key.id()).append("\", secret = \"base64:")
                    .append(Base64.getEncoder().encodeToString(key.secret())).append("\"");
            if (key.expires() != null) {
                text.append(", expires = \"").append(key.expires()).append("\"");
            }
            text.append(" }\n");
        }
        return text.append("  ] }\n").toString();
    }

    /** Replaces the key file's groups; the gateway reads it again within its keys-reload. */
    void writeKeys(String groups) throws IOException {
        Path temp = dir.resolve("keys.conf.tmp");
        Files.writeString(temp, "groups {\n" + groups + "}\n");
        Files.move(temp, keysFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Gateway gateway() {
        return gateway;
    }

    /** The listener of that scheme ({@code http} or {@code https}) and the path: what a client signs as @target-uri. */
    URI uri(String scheme, String path) {
        int port = scheme.equals("https") ? gateway.httpsAddress().getPort() : gateway.httpAddress().getPort();
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    /** A signer that signs with the gateway's clock as it is when it signs. */
    RequestSigner signer(SharedKey key) {
        return RequestSigner.hmac(key, clock);
    }

    Path certificate() {
        return dir.resolve("tls").resolve("cert.pem");
    }

    /** A TLS context that trusts this gateway's certificate, presenting {@code keyManagers}' certificate (null: none). */
    SSLContext tls(KeyManager[] keyManagers) {
        return Tls.trusting(certificate(), keyManagers);
    }

    /** One client for all tests of a class (a new one from {@link #client()} each time). */
    synchronized SignedHttp http() {
        if (http == null) {
            http = client();
        }
        return http;
    }

    synchronized SignedHttp client() {
        if (tls == null) {
            tls = tls(null);
        }
        return new SignedHttp(tls);
    }

    /**
     * How many client operations the slots have run, from the gateway's own metrics: a refusal
     * leaves it as it was, proof that nothing went to a card.
     */
    long slotOperations() {
        long total = 0;
        for (String line : gateway.scrapeMetrics().split("\n")) {
            if (line.startsWith("simgate_slot_operations_total{")) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /**
     * The count once the slots are quiet. The metrics count an operation before its answer leaves
     * (a scrape after an answer includes it); waiting for a quiet moment on top covers work a
     * test started without waiting for its answer.
     */
    long settledSlotOperations() throws InterruptedException {
        long previous = slotOperations();
        while (true) {
            Thread.sleep(20);
            long now = slotOperations();
            if (now == previous) {
                return now;
            }
            previous = now;
        }
    }

    /** Waits (a little) until the slots ran at least that many operations: the metrics count an operation as it ends. */
    long awaitSlotOperations(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long seen;
        while ((seen = slotOperations()) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return seen;
    }

    /** A fresh challenge for the simulated cards, with what they answer. */
    static AuthenticationVector challenge() {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        return new AuthenticationCentre(Milenage.withOpc(HexFormat.of().parseHex(K), HexFormat.of().parseHex(OPC)))
                .generate(rand, 32, new byte[2]);
    }

    static String authBody(AuthenticationVector vector) {
        return "{\"rand\":\"" + HexFormat.of().formatHex(vector.rand()) + "\",\"autn\":\""
                + HexFormat.of().formatHex(vector.autn()) + "\"}";
    }

    @Override
    public void close() {
        gateway.close();
    }
}
