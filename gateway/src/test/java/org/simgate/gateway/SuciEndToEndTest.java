package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.aka.suci.Suci;
import org.simgate.cli.ClientCommand;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.transport.Hex;

/**
 * SUCI end to end: the gateway reads IMSI and EF.AD from the software card, conceals with the
 * TS 33.501 C.4 home network keys (configured globally, per slot, or given in the query), and the
 * SUCI deconceals with the matching private key, over REST and through the command-line client.
 * The card of slot 0 is TS C.4's subscriber, IMSI 274 012 001002086 with a 3-digit MNC in EF.AD.
 */
class SuciEndToEndTest {
    // TS 33.501 C.4.3 (Profile A) and C.4.4 (Profile B) home network key pairs
    private static final String A_PRIVATE = "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d";
    private static final String A_PUBLIC = "5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650";
    private static final String B_PRIVATE = "f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda";
    private static final String B_PUBLIC = "0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1";
    private static final String B_PUBLIC_UNCOMPRESSED = "0472da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1"
            + "5a7ded52fcbb097a4ed250e036c7b9c8c7004c4eedc4f068cd7bf8d3f900e3b4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Gateway gateway;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http { port = 0 }
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = [
                    { id = 0, transport = simcard, simcard { imsi = "274012001002086", iccid = "8988211000000000011",
                        k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf", mnc-length = 3 } }
                    { id = 1, transport = simcard, simcard { imsi = "001010123456789", iccid = "8988211000000000029",
                        k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                  ]
                  suci {
                    home-network-keys = [ { id = 1, scheme = 1, public-key = "%s" } ]
                    slots = [ { slot = 1, routing-indicator = "0012",
                                home-network-keys = [ { id = 2, scheme = 2, public-key = "%s" } ] } ]
                  }
                }""".formatted(A_PUBLIC, B_PUBLIC_UNCOMPRESSED))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void nullSchemeSplitsTheImsiWithEfAdsThreeDigitMnc() throws Exception {
        JsonNode answer = ok(get("/sim-info-api/v1/slot/0/suci?scheme=0"));
        // TS 33.501 C.4.2: MSIN 001002086 in clear
        assertEquals("suci-0-274-012-0-0-0-001002086", answer.get("suci").asText());
        assertEquals("012", answer.get("mnc").asText());
    }

    @Test
    void profileAWithTheGloballyConfiguredKeyDeconcealsWithItsPrivateKey() throws Exception {
        JsonNode answer = ok(get("/sim-info-api/v1/slot/0/suci?scheme=1&hn_key_id=1"));
        String suci = answer.get("suci").asText();
        assertTrue(suci.startsWith("suci-0-274-012-0-1-1-"), suci);
        // 32-byte ephemeral key, 5-byte ciphertext of the 9-digit MSIN, 8-byte MAC
        assertEquals(2 * (32 + 5 + 8), answer.get("scheme_output").asText().length());
        assertEquals("imsi-274012001002086", Suci.parse(suci).deconceal(Hex.decode(A_PRIVATE), false));
    }

    @Test
    void profileBWithTheSlotsOwnKeyAndRoutingIndicator() throws Exception {
        JsonNode answer = ok(get("/sim-info-api/v1/slot/1/suci?scheme=2&hn_key_id=2"));
        String suci = answer.get("suci").asText();
        // slot 1's card has the default EF.AD MNC length of 2; its ephemeral key is sent compressed
        assertTrue(suci.startsWith("suci-0-001-01-0012-2-2-0"), suci);
        assertEquals(2 * (33 + 5 + 8), answer.get("scheme_output").asText().length());
        assertEquals("imsi-001010123456789", Suci.parse(suci).deconceal(Hex.decode(B_PRIVATE), false));
    }

    @Test
    void aKeyGivenInTheQueryIsUsed() throws Exception {
        JsonNode answer = ok(get("/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=9&hn_public_key=" + B_PUBLIC
                + "&routing_indicator=7"));
        assertEquals("imsi-274012001002086", Suci.parse(answer.get("suci").asText()).deconceal(Hex.decode(B_PRIVATE), false));
        assertEquals("7", answer.get("routing_indicator").asText());
    }

    @Test
    void keyProblemsAre400sThatSaySo() throws Exception {
        assertError(get("/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=2"), 400,
                "hn_key_id: no home network public key 2 is configured for slot 0 (simgate.suci); give hn_public_key");
        assertError(get("/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=1"), 400,
                "hn_key_id: key 1 is a Profile A key, the request asks for Profile B (scheme 2)");
        // free5gc's invalid-curve point offered as a home network key
        assertError(get("/sim-info-api/v1/slot/0/suci?scheme=2&hn_key_id=3&hn_public_key=0434a66778799d52fedd9326db4b690d092e"
                        + "05c9ba0ace5b413dafc0a40aa28ee00a79f790fa4da6a2ece892423adb130dc1b30e270b7d0088bdd716b93894891d"),
                400, "hn_public_key: the home network public key is not a point on P-256");
        assertError(get("/sim-info-api/v1/slot/5/suci?scheme=0"), 404, "no slot 5");
    }

    @Test
    void theClientConcealsThroughTheGatewayAndDeconcealsLocally() {
        String url = "http://127.0.0.1:" + gateway.httpAddress().getPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ClientCommand.run(new String[] {"--url", url, "-n", "0", "suci", "--scheme", "1", "--hn-key-id", "1"},
                ClientCommand.NO_IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString());
        String suci = out.toString().trim();
        assertTrue(suci.startsWith("suci-0-274-012-0-1-1-"), suci);

        out.reset();
        status = ClientCommand.run(new String[] {"deconceal", suci, "--hn-private-key", A_PRIVATE},
                ClientCommand.NO_IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString());
        assertEquals("imsi-274012001002086\n", out.toString());
    }

    @Test
    void deconcealRefusesTheWrongKeyAndTheOffCurvePointWithoutShowingTheKey() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String profileA = "suci-0-208-93-0-1-1-b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
                + "cb02352410cddd9e730ef3fa87";
        assertEquals(0, ClientCommand.run(new String[] {"deconceal", profileA, "--hn-private-key", A_PRIVATE},
                ClientCommand.NO_IN_PROCESS, o, e));
        assertEquals("imsi-20893001002086\n", out.toString());
        assertEquals(1, ClientCommand.run(new String[] {"deconceal", profileA, "--hn-private-key", B_PRIVATE},
                ClientCommand.NO_IN_PROCESS, o, e));
        String offCurve = "suci-0-208-93-0-2-2-0434a66778799d52fedd9326db4b690d092e05c9ba0ace5b413dafc0a40aa28ee00a79f7"
                + "90fa4da6a2ece892423adb130dc1b30e270b7d0088bdd716b93894891d5221a74c810d6b9350cc067c76";
        assertEquals(1, ClientCommand.run(new String[] {"deconceal", offCurve, "--hn-private-key", B_PRIVATE,
                "--accept-uncompressed"}, ClientCommand.NO_IN_PROCESS, o, e));
        assertTrue(err.toString().contains("MAC tag does not verify"), err.toString());
        assertTrue(err.toString().contains("the ephemeral public key is not a point on P-256"), err.toString());
        assertEquals(2, ClientCommand.run(new String[] {"deconceal", profileA, "--hn-private-key", "00"},
                ClientCommand.NO_IN_PROCESS, o, e));
        assertTrue(!err.toString().contains(A_PRIVATE.substring(0, 12)) && !err.toString().contains(B_PRIVATE.substring(0, 12)));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(message, JSON.readTree(response.body()).get("error").get("message").asText());
    }
}
