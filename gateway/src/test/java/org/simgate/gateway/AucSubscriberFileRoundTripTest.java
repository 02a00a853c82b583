package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.gateway.config.GatewayConfig;

/**
 * The AuC knows the subscriber file's rows ({@code simgate.subscribers}), not only the slots' cards:
 * a vector from {@code POST /auc-api/v1/vectors} for a row's IMSI authenticates on that row's own
 * software card, {@code POST /sim-auth-api/v1/imsi/{imsi}} (RES = XRES, same CK and IK), on a real socket.
 */
class AucSubscriberFileRoundTripTest {
    /** TS 35.208 test set 2, given with OP: the AuC and the card both compute OPc from the row. */
    private static final String IMSI = "001010000000102";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aVectorForAFileRowAuthenticatesOnItsSoftwareCard() throws Exception {
        Path csv = dir.resolve("subscribers.csv");
        Files.writeString(csv, """
                imsi,k,opc,op,amf,sqn,algorithm
                001010000000101,465b5ce8b199b49faa5f0a2ee238a6bc,cd63cb71954a9f4e48a5994e37a02baf,,8000,0,milenage
                %s,0396eb317b6d1c36f19c1c84cd6ffd16,,ff53bade17df5d4e793073ce9d7579fa,8000,0,milenage
                """.formatted(IMSI));
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http { port = 0 }
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  subscribers { file = "%s", state-file = "%s" }
                  auc { sqn-file = "%s" }
                }""".formatted(csv, dir.resolve("subscribers.sqn"), dir.resolve("auc.sqn")))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));

        HttpResponse<String> minted = send("/auc-api/v1/vectors", "{\"imsi\": \"" + IMSI + "\"}");
        assertEquals(200, minted.statusCode(), "the AuC knows the file's row: " + minted.body());
        JsonNode vector = JSON.readTree(minted.body());
        HttpResponse<String> answered = send("/sim-auth-api/v1/imsi/" + IMSI, "{\"rand\": \""
                + vector.get("rand").asText() + "\", \"autn\": \"" + vector.get("autn").asText() + "\"}");
        assertEquals(200, answered.statusCode(), answered.body());
        JsonNode card = JSON.readTree(answered.body()).get("successful_3g_authentication");
        assertTrue(card != null, "the row's card took the AuC's AUTN: " + answered.body());
        assertEquals(vector.get("xres").asText(), card.get("res").asText());
        assertEquals(vector.get("ck").asText(), card.get("ck").asText());
        assertEquals(vector.get("ik").asText(), card.get("ik").asText());
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
