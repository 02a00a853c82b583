package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;
import org.simgate.aka.AuthenticationVector;

/**
 * NekoIMS's simcard client (NekoIMS, src/simcard_client.cpp; default server
 * {@code unix:/run/nekoims/simcard.sock}, src/main.cpp) against simgate's UNIX socket listener.
 * It is libcurl: {@code CURLOPT_UNIX_SOCKET_PATH} and the URL {@code http://simcard/?type=…}, no
 * User-Agent, so curl {@code --unix-socket … -A ''} sends its very bytes:
 * {@code GET /?type=imsi HTTP/1.1\r\nHost: simcard\r\nAccept: *}{@code /*\r\n\r\n}. AKA asks
 * {@code type=rand-autn&rand=<lowercase hex>&autn=…&app=isim} (IMS AKA on the ISIM, its default;
 * {@code usim} where the operator's keys need it). It requires a 200 and parses with nlohmann::json:
 * a string {@code "auts"} is a sync failure, else {@code "res"}, {@code "ck"}, {@code "ik"} must be
 * hex strings.
 */
class NekoImsSimcardClientTest {
    @TempDir
    static Path dir;
    static ClientsGateway gateway;
    static final Subscriber subscriber = new Subscriber();
    static final ObjectMapper JSON = new ObjectMapper();

    /** SimcardClient::authenticate's AkaResult. */
    record AkaResult(boolean ok, boolean syncFailure, byte[] res, byte[] ck, byte[] ik, byte[] auts, String error) {
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = ClientsGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** SimcardClient::get: status code and body, through libcurl over the UNIX socket. */
    static ExternalProcess.Result get(String query) throws Exception {
        return Programs.curl("--unix-socket", gateway.socket().toString(), "-A", "", "-w", "\n%{http_code}",
                "http://simcard/?" + query);
    }

    static int status(ExternalProcess.Result result) {
        String out = result.out();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1));
    }

    static String body(ExternalProcess.Result result) {
        String out = result.out();
        return out.substring(0, out.lastIndexOf('\n'));
    }

    static String imsi() throws Exception {
        ExternalProcess.Result result = get("type=imsi");
        assertEquals(0, result.status(), result.toString());
        assertEquals(200, status(result), result.toString());
        return JSON.readTree(body(result)).get("imsi").textValue();
    }

    static AkaResult authenticate(byte[] rand, byte[] autn, String app) throws Exception {
        HexFormat hex = HexFormat.of();
        ExternalProcess.Result result = get("type=rand-autn&rand=" + hex.formatHex(rand) + "&autn=" + hex.formatHex(autn)
                + "&app=" + app);
        assertEquals(0, result.status(), result.toString());
        if (status(result) != 200) {
            return new AkaResult(false, false, null, null, null, null, "HTTP " + status(result));
        }
        JsonNode j = JSON.readTree(body(result));
        if (j.has("auts") && j.get("auts").isTextual()) {
            return new AkaResult(false, true, null, null, null, hex.parseHex(j.get("auts").textValue()), null);
        }
        if (!j.path("res").isTextual() || !j.path("ck").isTextual() || !j.path("ik").isTextual()) {
            return new AkaResult(false, false, null, null, null, null, "bad RES/CK/IK in response");
        }
        return new AkaResult(true, false, hex.parseHex(j.get("res").textValue()), hex.parseHex(j.get("ck").textValue()),
                hex.parseHex(j.get("ik").textValue()), null, null);
    }

    @Test
    void theImsiComesFromTheUsim() throws Exception {
        assertEquals(Subscriber.IMSI, imsi());
    }

    @Test
    void curlSendsWhatNekoImsSends() throws Exception {
        Path trace = dir.resolve("trace.txt");

        ExternalProcess.Result result = Programs.curl("--unix-socket", gateway.socket().toString(), "-A", "", "--trace-ascii",
                trace.toString(), "http://simcard/?type=imsi");

        assertEquals(0, result.status(), result.toString());
        assertEquals("GET /?type=imsi HTTP/1.1|Host: simcard|Accept: */*||", sentHeader(Files.readString(trace)));
    }

    /** The request head of a curl --trace-ascii file, its lines joined by '|'. */
    static String sentHeader(String trace) {
        StringBuilder head = new StringBuilder();
        boolean inHeader = false;
        for (String line : trace.split("\n")) {
            if (line.startsWith("=> Send header")) {
                inHeader = true;
            } else if (inHeader && line.matches("[0-9a-f]{4}: .*")) {
                head.append(line.substring(6)).append('|');
            } else if (inHeader && (line.startsWith("<=") || line.startsWith("=>") || line.startsWith("=="))) {
                break;
            }
        }
        return head.toString();
    }

    @Test
    void imsAkaRunsOnTheIsim() throws Exception {
        AuthenticationVector v = subscriber.next();

        AkaResult r = authenticate(v.rand(), v.autn(), "isim");

        assertTrue(r.ok(), String.valueOf(r.error()));
        assertTrue(subscriber.answered(v, r.res(), r.ck(), r.ik()));
    }

    @Test
    void akaOnTheUsimWhenAskedFor() throws Exception {
        AuthenticationVector v = subscriber.next();

        AkaResult r = authenticate(v.rand(), v.autn(), "usim");

        assertTrue(r.ok(), String.valueOf(r.error()));
        assertArrayEquals(v.xres(), r.res());
    }

    @Test
    void aSyncFailureGivesTheAutsThatResynchronisesTheHomeNetwork() throws Exception {
        AuthenticationVector used = subscriber.next();
        assertTrue(authenticate(used.rand(), used.autn(), "isim").ok());

        AkaResult replay = authenticate(used.rand(), used.autn(), "isim");

        assertTrue(replay.syncFailure(), "a replayed challenge is a sync failure: " + replay);
        assertFalse(replay.ok());
        long sqnMs = subscriber.resynchronise(used.rand(), replay.auts());
        assertTrue(sqnMs >= used.sqn());
        AuthenticationVector next = subscriber.next();
        assertTrue(authenticate(next.rand(), next.autn(), "isim").ok());
    }
}
