package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Tuak;
import org.simgate.aka.kdf.EapAkaPrimeKeys;
import org.simgate.aka.kdf.EpsKeys;
import org.simgate.aka.kdf.FiveGKeys;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.transport.Hex;

/**
 * {@code derive} end to end: HTTP on a real socket, the slot's thread, the software card, the
 * derivation, the JSON answer. A Milenage slot answers the 5G chain of kdf_vectors.json's
 * fiveg_aka_vectors[0] and srsRAN's K_ASME byte for byte; a TUAK slot (TS 35.233 set 1) answers
 * keys that match the KDFs over that set's CK, IK and RES. Meanwhile every log line at DEBUG is
 * captured and must show none of the secrets.
 */
class DeriveEndToEndTest {
    // kdf_vectors.json fiveg_aka_vectors[0] (wmnsk/milenage "dummy values" + 5G chain)
    private static final String V0_K = "00112233445566778899aabbccddeeff";
    private static final String V0_OPC = "62e75b8d6fa5bf46ec87a9276f9df54d";
    private static final String V0_RAND = "00112233445566778899aabbccddeeff";
    private static final String V0_AUTN = "de656c8b0bcf80004af30b82a8531115";
    private static final String V0_RES = "700eb2300b2c4799";
    private static final String V0_RES_STAR = "31b6d938a5290ccc65bc829f9820a8d9";
    private static final String V0_KAUSF = "3b759becc904d5b2aad2fcf15c88ce4354ade608ebbd6d89aa1c3281564c56f8";
    private static final String V0_KSEAF = "a1ca0731bbc80913ea613972c75e2782d02b7a13c0b235c98cc5778e4520b944";
    /** A.7 over V0_KSEAF, SUPI 001010123456789, ABBA 0000: computed with Python's hmac (no official data). */
    private static final String V0_KAMF = "9212a55853fbf43a5af3906c0dc98fcd0a3d6b36bdf4ebbfe73c6874328906e2";
    // kdf_vectors.json kasme_vectors[1] (srsRAN usim_test.cc, OAI HSS log)
    private static final String SRS_K = "8baf473f2f8fd09487cccbd7097c6862";
    private static final String SRS_OPC = "8e27b6af0e692e750f32667a3b14605d";
    private static final String SRS_RAND = "8838c355c878aa572149fe69db686b5a";
    private static final String SRS_AUTN = "d744519b25aa800084ba37b0f6734dd1";
    private static final String SRS_KASME = "a827575eea1a10173aa1bfce4b0c2185e051efbd917ffef51f742961f9037a35";
    // TS 35.233 set 1 (TUAK: 128-bit K, 64-bit MAC, 32-bit RES)
    private static final String T1_K = "abababababababababababababababab";
    private static final String T1_TOP = "5555555555555555555555555555555555555555555555555555555555555555";
    private static final String T1_RAND = "42424242424242424242424242424242";
    private static final long T1_SQN = 0x111111111111L;
    private static final String T1_AMF = "ffff";
    private static final String T1_RES = "657acd64";
    private static final String T1_CK = "d71a1e5c6caffe986a26f783e5c78be1";
    private static final String T1_IK = "be849fa2564f869aecee6f62d4337e72";

    // TS 35.208 set 1, and GBA_ME's Ks_NAF over its CK and IK as GbaKeysTest computed it by hand
    private static final String S1_K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String S1_OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final String S1_RAND = "23553cbe9637a89d218ae64dae47bf35";
    private static final String S1_KS_NAF = "d3d5b418417eedfff77c5cce9b962bd62a6bbedbff2b309ab15cdc90882b18f2";

    private static final String SNN = "5G:mnc001.mcc001.3gppnetwork.org";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Gateway gateway;
    private static HttpClient http;
    private static CapturedLogs logs;
    /** Every secret the tests saw, to look for in the logs afterwards. */
    private static final List<String> SECRETS = new ArrayList<>();

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
                    { id = 0, transport = simcard, simcard { imsi = "001010123456789", iccid = "8988211000000000011",
                        k = "%s", opc = "%s", sqn-check = false } }
                    { id = 1, transport = simcard, simcard { imsi = "208930000000001", iccid = "8988211000000000029",
                        k = "%s", opc = "%s" } }
                    { id = 2, transport = simcard, simcard { imsi = "001010000000003", iccid = "8988211000000000037",
                        algorithm = tuak, k = "%s", top = "%s", res-length = 32, sqn-check = false } }
                    { id = 3, transport = simcard, simcard { imsi = "001010000000001", iccid = "8988211000000000045",
                        k = "%s", opc = "%s", sqn-check = false } }
                  ]
                }""".formatted(V0_K, V0_OPC, SRS_K, SRS_OPC, T1_K, T1_TOP, S1_K, S1_OPC))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SECRETS.addAll(List.of(V0_K, V0_OPC, V0_RES_STAR, V0_KAUSF, V0_KSEAF, V0_KAMF, SRS_K, SRS_OPC, SRS_KASME,
                T1_K, T1_TOP, T1_CK, T1_IK));
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
    void fiveGAkaOnAMilenageSlotAnswersThePublishedChain() throws Exception {
        JsonNode answer = post(0, V0_RAND, V0_AUTN, """
                {"5g": {"serving_network_name": "%s", "supi": "imsi-001010123456789"}}""".formatted(SNN));

        JsonNode success = answer.get("successful_3g_authentication");
        assertEquals(V0_RES, success.get("res").asText());
        assertEquals(V0_RES_STAR, success.get("res_star").asText());
        assertEquals(V0_KAUSF, success.get("kausf").asText());
        assertEquals(V0_KSEAF, success.get("kseaf").asText());
        assertEquals(V0_KAMF, success.get("kamf").asText());
        assertFalse(success.has("kasme") || success.has("ck_prime"), "only what was asked for");
        remember(success);
    }

    @Test
    void epsOnAMilenageSlotAnswersSrsRansKasme() throws Exception {
        // SQN 000000001b57 is fresh on a new card (IND 23); the second request uses plmn and SQN + 32
        JsonNode answer = post(1, SRS_RAND, SRS_AUTN, "{\"eps\": {\"mcc\": \"208\", \"mnc\": \"93\"}}");
        JsonNode success = answer.get("successful_3g_authentication");
        assertEquals(SRS_KASME, success.get("kasme").asText());
        remember(success);

        JsonNode synchronisation = post(1, SRS_RAND, SRS_AUTN, "{\"eps\": {\"plmn\": \"208f93\"}}");
        assertTrue(synchronisation.has("synchronisation_failure"), "a replay derives nothing: " + synchronisation);
    }

    @Test
    void everyDerivationOnATuakSlot() throws Exception {
        AkaKeys.TuakKeys keys = AkaKeys.TuakKeys.withTop(Hex.decode(T1_K), Hex.decode(T1_TOP),
                new Tuak.Lengths(64, 32, 128, 128), 1);
        AuthenticationVector vector = new AuthenticationCentre(keys.algorithm())
                .generate(Hex.decode(T1_RAND), T1_SQN, Hex.decode(T1_AMF));
        String autn = Hex.lower(vector.autn());

        JsonNode answer = post(2, T1_RAND, autn, """
                {"5g": {"serving_network_name": "%s", "supi": "imsi-001010000000003", "abba": "0000"},
                 "eap_aka_prime": {"network_name": "WLAN", "identity": "6001010000000003@wlan.mnc001.mcc001.3gppnetwork.org"},
                 "eps": {"plmn": "001f01"}}""".formatted(SNN));

        JsonNode success = answer.get("successful_3g_authentication");
        assertEquals(T1_RES, success.get("res").asText());
        assertEquals(T1_CK, success.get("ck").asText());
        assertEquals(T1_IK, success.get("ik").asText());
        byte[] ck = Hex.decode(T1_CK);
        byte[] ik = Hex.decode(T1_IK);
        byte[] sqnXorAk = Arrays.copyOf(vector.autn(), 6);
        byte[] kausf = FiveGKeys.kausf(ck, ik, SNN, sqnXorAk);
        byte[] kseaf = FiveGKeys.kseaf(kausf, SNN);
        assertEquals(Hex.lower(FiveGKeys.resStar(ck, ik, SNN, Hex.decode(T1_RAND), Hex.decode(T1_RES))),
                success.get("res_star").asText());
        assertEquals(Hex.lower(kausf), success.get("kausf").asText());
        assertEquals(Hex.lower(kseaf), success.get("kseaf").asText());
        assertEquals(Hex.lower(FiveGKeys.kamf(kseaf, "001010000000003", new byte[2])), success.get("kamf").asText());
        EapAkaPrimeKeys.PrimeKeys prime = EapAkaPrimeKeys.primeKeys(ck, ik, "WLAN", sqnXorAk);
        EapAkaPrimeKeys.MasterKeys master = EapAkaPrimeKeys.masterKeys(prime,
                "6001010000000003@wlan.mnc001.mcc001.3gppnetwork.org");
        assertEquals(Hex.lower(prime.ckPrime()), success.get("ck_prime").asText());
        assertEquals(Hex.lower(prime.ikPrime()), success.get("ik_prime").asText());
        assertEquals(Hex.lower(master.kEncr()), success.get("k_encr").asText());
        assertEquals(Hex.lower(master.kAut()), success.get("k_aut").asText());
        assertEquals(Hex.lower(master.kRe()), success.get("k_re").asText());
        assertEquals(Hex.lower(master.msk()), success.get("msk").asText());
        assertEquals(Hex.lower(master.emsk()), success.get("emsk").asText());
        assertEquals(Hex.lower(EpsKeys.kasme(ck, ik, EpsKeys.plmnId("001", "01"), sqnXorAk)),
                success.get("kasme").asText());
        remember(success);
    }

    @Test
    void gbaMeAnswersKsNafAndBTid() throws Exception {
        AuthenticationVector vector = new AuthenticationCentre(
                new AkaKeys.MilenageKeys(Hex.decode(S1_K), Hex.decode(S1_OPC)).algorithm())
                .generate(Hex.decode(S1_RAND), 64, new byte[] {(byte) 0x80, 0});
        JsonNode answer = post(3, S1_RAND, Hex.lower(vector.autn()), "{\"gba\": {\"naf_id\": \"naf.example.org|0100000002\","
                + " \"impi\": \"001010000000001@ims.mnc001.mcc001.3gppnetwork.org\"}}");

        JsonNode success = answer.get("successful_3g_authentication");
        assertEquals(S1_KS_NAF, success.get("ks_naf").asText());
        assertEquals("I1U8vpY3qJ0hiuZNrke/NQ==@bsf.mnc001.mcc001.pub.3gppnetwork.org", success.get("b_tid").asText());
        assertFalse(success.has("kausf") || success.has("kasme"), "only what was asked for");
        SECRETS.add(S1_KS_NAF);
        remember(success);
    }

    @Test
    void aTwoDigitMncIsA400ThatSaysSo() throws Exception {
        HttpResponse<String> response = send(0, V0_RAND, V0_AUTN,
                "{\"5g\": {\"serving_network_name\": \"5G:mnc01.mcc001.3gppnetwork.org\"}}");

        assertEquals(400, response.statusCode());
        assertEquals("derive.5g.serving_network_name: the MNC has 2 digits: the serving network name pads it to 3"
                        + " with a leading zero (TS 24.501 §9.12.1), so write 5G:mnc001.mcc001.3gppnetwork.org",
                JSON.readTree(response.body()).get("error").get("message").asText());
    }

    @Test
    void noSecretInAnyLogLineAtDebug() throws Exception {
        // run every path once more so that this test does not depend on the others' order
        fiveGAkaOnAMilenageSlotAnswersThePublishedChain();
        everyDerivationOnATuakSlot();
        gbaMeAnswersKsNafAndBTid();
        aTwoDigitMncIsA400ThatSaysSo();
        assertTrue(logs.lineCount() > 0, "DEBUG capture is on");
        logs.assertNoneOf(SECRETS);
    }

    private static void remember(JsonNode success) {
        Iterator<String> names = success.fieldNames();
        while (names.hasNext()) {
            synchronized (SECRETS) {
                SECRETS.add(success.get(names.next()).asText());
            }
        }
    }

    private static JsonNode post(int slot, String rand, String autn, String derive) throws Exception {
        HttpResponse<String> response = send(slot, rand, autn, derive);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(int slot, String rand, String autn, String derive)
            throws IOException, InterruptedException {
        String body = "{\"rand\": \"" + rand + "\", \"autn\": \"" + autn + "\", \"derive\": " + derive + "}";
        URI uri = URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + "/sim-auth-api/v1/slot/" + slot);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    static String upper(String hex) {
        return hex.toUpperCase(Locale.ROOT);
    }
}
