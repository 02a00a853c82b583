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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.transport.Hex;

/**
 * The AuC's vector API against the same subscriber's simulated card, over HTTP on a real socket: a
 * vector from {@code POST /auc-api/v1/vectors} authenticates on {@code POST /sim-auth-api/v1/slot/0}
 * (RES = XRES, same CK and IK; with a serving network name RES* = XRES* and the same KAUSF), and a
 * card whose SQN is ahead answers AUTS, which the API's {@code resync} turns into a vector the card takes.
 */
class AucVectorRoundTripTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final String IMSI = "001010000000001";
    private static final String SNN = "5G:mnc001.mcc001.3gppnetwork.org";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Gateway gateway;
    private static HttpClient http;
    private static CapturedLogs logs;
    /** Every secret the AuC answered, to look for in the logs afterwards. */
    private static final List<String> SECRETS = new ArrayList<>(List.of(K, OPC));

    @BeforeAll
    static void start() throws Exception {
        logs = CapturedLogs.atDebug();
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http { port = 0 }
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = [
                    { id = 0, transport = simcard, simcard { imsi = "%s", iccid = "8988211000000000011", k = "%s", opc = "%s" } }
                    { id = 1, transport = simcard, simcard { imsi = "001010000000002", iccid = "8988211000000000029",
                        k = "%s", opc = "%s" } }
                  ]
                  auc { }
                }""".formatted(IMSI, K, OPC, K, OPC)).withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void aVectorAuthenticatesOnTheSubscribersCard() throws Exception {
        JsonNode vector = post("/auc-api/v1/vectors", "{\"imsi\": \"" + IMSI + "\", \"serving_network_name\": \"" + SNN + "\"}");
        JsonNode card = post("/sim-auth-api/v1/slot/0", "{\"rand\": \"" + vector.get("rand").asText() + "\", \"autn\": \""
                + vector.get("autn").asText() + "\", \"derive\": {\"5g\": {\"serving_network_name\": \"" + SNN + "\"}}}")
                .get("successful_3g_authentication");
        assertTrue(card != null, "the card took the AuC's AUTN");
        assertEquals(vector.get("xres").asText(), card.get("res").asText());
        assertEquals(vector.get("ck").asText(), card.get("ck").asText());
        assertEquals(vector.get("ik").asText(), card.get("ik").asText());
        assertEquals(vector.get("xres_star").asText(), card.get("res_star").asText());
        assertEquals(vector.get("kausf").asText(), card.get("kausf").asText());
    }

    @Test
    void aCardAheadAnswersAutsAndTheResyncedVectorIsTaken() throws Exception {
        // slot 1's card has taken SEQ 5000 + i on every IND i: whatever this AuC sends first is stale
        AuthenticationCentre ahead = new AuthenticationCentre(
                new AkaKeys.MilenageKeys(Hex.decode(K), Hex.decode(OPC)).algorithm());
        for (int ind = 0; ind < 32; ind++) {
            AuthenticationVector v = ahead.generate(Hex.decode("00112233445566778899aabbccddee" + String.format("%02x", ind)),
                    ((5000L + ind) << 5) | ind, new byte[] {(byte) 0x80, 0});
            assertTrue(post("/sim-auth-api/v1/slot/1", "{\"rand\": \"" + Hex.lower(v.rand()) + "\", \"autn\": \""
                    + Hex.lower(v.autn()) + "\"}").has("successful_3g_authentication"));
        }
        JsonNode stale = post("/auc-api/v1/vectors", "{\"imsi\": \"001010000000002\"}");
        JsonNode refused = post("/sim-auth-api/v1/slot/1", "{\"rand\": \"" + stale.get("rand").asText() + "\", \"autn\": \""
                + stale.get("autn").asText() + "\"}");
        String auts = refused.get("synchronisation_failure").get("auts").asText();

        JsonNode fresh = post("/auc-api/v1/vectors", "{\"imsi\": \"001010000000002\", \"resync\": {\"rand\": \""
                + stale.get("rand").asText() + "\", \"auts\": \"" + auts + "\"}}");
        JsonNode card = post("/sim-auth-api/v1/slot/1", "{\"rand\": \"" + fresh.get("rand").asText() + "\", \"autn\": \""
                + fresh.get("autn").asText() + "\"}").get("successful_3g_authentication");
        assertTrue(card != null, "the card took the vector made after the resynchronisation");
        assertEquals(fresh.get("xres").asText(), card.get("res").asText());
    }

    @Test
    void noSecretOfTheAucInAnyLogLineAtDebug() throws Exception {
        aVectorAuthenticatesOnTheSubscribersCard();
        anUnknownImsiIs404();
        assertTrue(logs.lineCount() > 0, "DEBUG capture is on");
        synchronized (SECRETS) {
            logs.assertNoneOf(SECRETS);
        }
    }

    @Test
    void anUnknownImsiIs404() throws Exception {
        HttpResponse<String> response = send("/auc-api/v1/vectors", "{\"imsi\": \"001019999999999\"}");
        assertEquals(404, response.statusCode());
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send(path, body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode json = JSON.readTree(response.body());
        for (String secret : List.of("xres", "ck", "ik", "xres_star", "kausf")) {
            if (json.has(secret)) {
                synchronized (SECRETS) {
                    SECRETS.add(json.get(secret).asText());
                }
            }
        }
        return json;
    }

    private static HttpResponse<String> send(String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
