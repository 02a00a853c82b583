package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.lower;
import static org.simgate.transport.Hex.upper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.Hex;

/**
 * DESIGN.md, "Secrets": K, OPc, RES, CK, IK, Kc and AUTS never appear in logs or error messages.
 * Every logger at DEBUG is captured in memory while a gateway starts, authenticates every way it
 * can (success, sync failure, MAC failure, raw AUTHENTICATE, refusals, malformed requests, broken
 * connections) and stops; then no captured line and no error body may hold any of them in hex.
 */
class SecretsAreNeverLoggedTest {
    @RegisterExtension
    final DebugLogCapture logs = new DebugLogCapture();
    /** Name of each secret value seen in this test, by its hex (lowercase). */
    private final Map<String, String> secrets = new TreeMap<>();
    private final List<String> errorBodies = new ArrayList<>();

    private void secret(String name, byte[] value) {
        secrets.put(lower(value), name);
        logs.secret(name, value);
    }

    private void keepIfError(Http.Response response) {
        if (response.status() != 200 || response.body().contains("\"error\"")) {
            errorBodies.add(response.body());
        }
    }

    private void success(AuthenticationVector v, Http.Response response, boolean kc) {
        assertEquals(200, response.status(), response.body());
        assertTrue(response.body().contains(lower(v.xres())) || response.body().contains(upper(v.xres())), response.body());
        secret("RES", v.xres());
        secret("CK", v.ck());
        secret("IK", v.ik());
        if (kc) {
            secret("Kc", v.kc());
        }
    }

    @Test
    void noKeyNorAnyAuthenticationValueIsLoggedOrPutInAnErrorBody(@TempDir Path dir) throws Exception {
        TestCard card = TestCard.SET_1;
        secret("K", Hex.decode(card.k()));
        secret("OPc", Hex.decode(card.opc()));
        try (RunningGateway gateway = RunningGateway.start(dir, RunningGateway.slots(
                card.inSlot(0, "allow-apdu = true", "state-file = " + com.typesafe.config.ConfigUtil.quoteString(
                        dir.resolve("slot0.sqn").toString())),
                card.inSlot(1, "", "inserted = false")))) {
            Http http = gateway.client();

            AuthenticationVector ok = card.challenge(TestCard.sqn(1, 0));
            success(ok, http.post(gateway.http("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(ok)), true);

            Http.Response replay = http.post(gateway.https("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(ok));
            secret("AUTS", Hex.decode(replay.json().path("synchronisation_failure").path("auts").asText()));

            AuthenticationVector isim = card.challenge(TestCard.sqn(2, 0));
            success(isim, http.post(gateway.https("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + lower(isim.rand())
                    + "\",\"autn\":\"" + lower(isim.autn()) + "\",\"application\":\"ISIM\"}"), false);

            AuthenticationVector usimHttps = card.challenge(TestCard.sqn(3, 0));
            String query = "/?type=rand-autn&rand=" + upper(usimHttps.rand()) + "&autn=" + upper(usimHttps.autn());
            success(usimHttps, http.get(gateway.https(query)), false);
            Http.Response usimReplay = http.get(gateway.https(query));
            secret("AUTS", Hex.decode(usimReplay.json().path("res").asText()));

            byte[] badMac = card.challenge(TestCard.sqn(4, 0)).autn();
            badMac[10] ^= 0x04;
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + lower(ok.rand())
                    + "\",\"autn\":\"" + lower(badMac) + "\"}"));

            // AUTHENTICATE sent raw through the apdu-api: the answer (RES, CK, IK, Kc) comes back to the client only
            AuthenticationVector raw = card.challenge(TestCard.sqn(5, 0));
            Http.Response apdus = http.post(gateway.http("/apdu-api/v1/slot/0"), "{\"apdus\":[\"00A4040C07A0000000871002\","
                    + "\"008800812210" + upper(raw.rand()) + "10" + upper(raw.autn()) + "\",\"00C0000000\"]}");
            assertTrue(apdus.body().contains(upper(raw.xres())), apdus.body());
            success(raw, apdus, true);

            // requests the server refuses, some with a key or an answer where a challenge belongs
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + card.k() + "\",\"autn\":\"" + card.opc()));
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + card.k() + "\",\"autn\":\"" + lower(ok.ck()) + "0\"}"));
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + card.opc() + "\",\"autn\":\"" + card.k() + "\",\"application\":\"" + card.k() + "\"}"));
            keepIfError(http.get(gateway.https("/?type=rand-autn&rand=" + card.k() + "&autn=" + card.opc() + "0")));
            keepIfError(http.get(gateway.https("/?type=apdu&hex=" + card.k() + "Z")));
            keepIfError(http.post(gateway.http("/apdu-api/v1/slot/0"), "{\"apdus\":[\"" + card.opc() + "0\"]}"));
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/1"), SimAuthApiTest.body(ok)));
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/9"), SimAuthApiTest.body(ok)));
            keepIfError(http.get(gateway.http("/sim-auth-api/v1/slot/0?k=" + card.k())));
            keepIfError(http.post(gateway.http("/sim-auth-api/v1/slot/0"), "{\"rand\":\"" + card.k() + "\",\"pad\":\"" + "0".repeat(9000) + "\"}"));
            // and connections that break: a plain request on the TLS port, garbage, a reset
            try (RawConnection plainOnTls = RawConnection.to(gateway.httpsAddress())) {
                plainOnTls.write(RawConnection.post("/sim-auth-api/v1/slot/0", "{\"rand\":\"" + card.k() + "\"}")).readUntilClosed();
            }
            try (RawConnection garbage = gateway.connectHttp()) {
                garbage.write("\u0000" + card.k() + "\r\n\r\n").readUntilClosed();
            }
        }

        assertEquals(7, secrets.values().stream().distinct().count(), "every kind of secret was seen: " + secrets.values());
        assertEquals(11, errorBodies.size(), errorBodies.toString());
        List<String> lines = logs.lines();
        assertTrue(lines.stream().anyMatch(line -> line.contains("HTTPS listening on")), "the capture works: " + lines);
        logs.assertDebugCaptured();
        logs.assertNoneLogged();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String lowerHex = secret.getKey();
            for (String body : errorBodies) {
                assertFalse(body.toLowerCase(Locale.ROOT).contains(lowerHex), secret.getValue() + " in an error body: " + body);
            }
        }
    }
}
