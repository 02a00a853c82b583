package org.simgate.e2e.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * An in-process gateway on ephemeral ports with software USIMs in slots 0, 1, 2, …, named "sim A",
 * "sim B", …, all with TS 35.208 test set 1's keys (SQNs in memory), and the calls a client and an
 * operator make to it.
 */
final class DashboardGateway implements AutoCloseable {
    static final String IMSI = "001010000000001";
    static final String ICCID = "8988211000000000011";
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** One SEQ per slot would do; one for all keeps every vector fresh for every card. */
    private final AtomicLong seq = new AtomicLong(1);

    private DashboardGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    static DashboardGateway start(int slots) throws IOException {
        StringBuilder entries = new StringBuilder();
        for (int id = 0; id < slots; id++) {
            entries.append("{ id = ").append(id).append(", name = \"sim ").append((char) ('A' + id))
                    .append("\", transport = simcard, simcard { imsi = \"").append(IMSI).append("\", iccid = \"")
                    .append(ICCID).append("\", k = \"").append(HEX.formatHex(K)).append("\", opc = \"")
                    .append(HEX.formatHex(OPC)).append("\" } }\n");
        }
        return new DashboardGateway(Gateway.start(GatewayConfig.from(ConfigFactory.parseString(
                "simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0, slots = [\n"
                        + entries + "] }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve())));
    }

    Gateway gateway() {
        return gateway;
    }

    /** The simulated card of a slot, to take out and put back. */
    SimcardTransport card(int slot) {
        return (SimcardTransport) gateway.slots().get(slot).transport();
    }

    /** A path on the management listener. */
    URI management(String path) {
        return URI.create("http://127.0.0.1:" + gateway.managementAddress().getPort() + path);
    }

    /** A client's AUTHENTICATE on the slot, with a fresh vector; the HTTP status. */
    int authenticate(int slot) {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        AuthenticationVector v = new AuthenticationCentre(Milenage.withOpc(K, OPC))
                .generate(rand, (seq.getAndIncrement() + 1) << AuthenticationCentre.IND_BITS, new byte[2]);
        String body = "{\"rand\":\"" + HEX.formatHex(v.rand()) + "\",\"autn\":\"" + HEX.formatHex(v.autn()) + "\"}";
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort()
                + "/sim-auth-api/v1/slot/" + slot)).POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
    }

    /** A client's AUTHENTICATE with an AUTN made under another key: the card refuses it (MAC failure). */
    HttpResponse<String> authenticateWithAWrongMac(int slot) {
        byte[] rand = new byte[16];
        byte[] autn = new byte[16];
        RANDOM.nextBytes(rand);
        RANDOM.nextBytes(autn);
        String body = "{\"rand\":\"" + HEX.formatHex(rand) + "\",\"autn\":\"" + HEX.formatHex(autn) + "\"}";
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort()
                + "/sim-auth-api/v1/slot/" + slot)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** An operator's POST to the admin API. */
    HttpResponse<String> send(URI uri) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode json(URI uri) {
        try {
            return JSON.readTree(get(uri).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
