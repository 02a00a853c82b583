package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.e2e.security.RawHttp;
import org.simgate.security.Challenge;
import org.simgate.security.HeaderFields;
import org.simgate.security.SignableRequest;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.ContentDigest;
import org.simgate.security.signature.RequestSigner;
import org.simgate.security.signature.SignatureAlgorithm;
import org.simgate.security.signature.SignatureBase;

/**
 * Signature fields that say two things at once, over a real socket to the plain HTTP listener,
 * each signed with a valid key so that only the rule under test can refuse it (issue 18): a label
 * given twice, a Content-Digest algorithm given twice, an absolute-form target naming another
 * scheme than the listener's, {@code expires} before {@code created}. Each is 401 and reaches no
 * card; its well-formed twin is 200.
 */
class SignatureFieldsE2ETest {
    private static final String INFO = "/sim-info-api/v1/slot/0";
    private static final String AUTH = "/sim-auth-api/v1/slot/0";

    @RegisterExtension
    static final SecuredGateway gateway = SecuredGateway.forClass();

    private static InetSocketAddress http() {
        return gateway.gateway().httpAddress();
    }

    private static String host() {
        return "127.0.0.1:" + http().getPort();
    }

    /** What a client signs: the fields it sends besides Host, and the Signature-Input parameters. */
    private record Signed(List<String> lines, String params, String signature) {
    }

    /**
     * Signs, with lab-a's key, {@code method} on {@code targetUri} over the components listed, the
     * given Content-Digest lines (may be empty) and body, with {@code extraParams} after the usual four.
     */
    private static Signed sign(String method, String targetUri, List<String> digestLines, String body,
                               String extraParams) throws Exception {
        return sign(method, targetUri, digestLines, body, gateway.clock.instant().getEpochSecond(), extraParams);
    }

    private static Signed sign(String method, String targetUri, List<String> digestLines, String body, long created,
                               String extraParams) throws Exception {
        SharedKey key = gateway.lab;
        List<String> components = new ArrayList<>(List.of("@method", "@target-uri"));
        if (!digestLines.isEmpty()) {
            components.add("content-digest");
        }
        StringBuilder inner = new StringBuilder("(");
        for (String component : components) {
            inner.append(inner.length() > 1 ? " " : "").append('"').append(component).append('"');
        }
        String params = inner.append(");created=").append(created)
                .append(";nonce=\"").append(RequestSigner.newNonce()).append("\";keyid=\"").append(key.id())
                .append("\";alg=\"hmac-sha256\"").append(extraParams).toString();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (!digestLines.isEmpty()) {
            headers.put("Content-Digest", digestLines);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        byte[] base = SignatureBase.create(new SignableRequest(method, targetUri, HeaderFields.of(headers), bytes),
                components, params);
        String signature = "sig1=:" + Base64.getEncoder().encodeToString(
                SignatureAlgorithm.HMAC_SHA256.sign(key.secretKey(), base)) + ":";
        List<String> lines = new ArrayList<>();
        digestLines.forEach(line -> lines.add("Content-Digest: " + line));
        lines.add("Signature-Input: sig1=" + params);
        return new Signed(lines, params, signature);
    }

    private static RawHttp.Response send(String method, String target, List<String> lines, String body) throws Exception {
        try (RawHttp connection = RawHttp.to(http())) {
            return connection.exchange(RawHttp.request(method, target, host(), lines, body));
        }
    }

    private static List<String> with(List<String> lines, String... more) {
        List<String> all = new ArrayList<>(lines);
        all.addAll(List.of(more));
        return all;
    }

    private static void assertRefused(long before, RawHttp.Response response) {
        assertEquals(401, response.status(), response.body());
        assertEquals(Challenge.WWW_AUTHENTICATE, response.header("WWW-Authenticate"));
        assertEquals(before, gateway.slotOperations(), "a refused request reached a slot");
    }

    @Test
    void aBogusSig1LineBeforeTheValidOneIs401() throws Exception {
        String bogus = "Signature: sig1=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":";
        long before = gateway.settledSlotOperations();

        Signed signed = sign("GET", "http://" + host() + INFO, List.of(), null, "");
        assertRefused(before, send("GET", INFO, with(signed.lines(), bogus, "Signature: " + signed.signature()), null));

        Signed again = sign("GET", "http://" + host() + INFO, List.of(), null, "");
        assertRefused(before, send("GET", INFO, with(again.lines(), "Signature: " + again.signature() + ", "
                + again.signature()), null));

        Signed input = sign("GET", "http://" + host() + INFO, List.of(), null, "");
        List<String> twoInputs = new ArrayList<>(List.of("Signature-Input: sig1=(\"@method\");created=1;nonce=\"n\";"
                + "keyid=\"x\";alg=\"hmac-sha256\""));
        twoInputs.addAll(input.lines());
        assertRefused(before, send("GET", INFO, with(twoInputs, "Signature: " + input.signature()), null));

        Signed valid = sign("GET", "http://" + host() + INFO, List.of(), null, "");
        RawHttp.Response served = send("GET", INFO, with(valid.lines(), "Signature: " + valid.signature()), null);
        assertEquals(200, served.status(), served.body());
    }

    @Test
    void twoSha256EntriesTheFirstWrongAre401EvenWhenSigned() throws Exception {
        String body = authBody(challenge());
        String right = ContentDigest.of(body.getBytes(StandardCharsets.UTF_8));
        String wrong = "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":";
        long before = gateway.settledSlotOperations();

        Signed oneLine = sign("POST", "http://" + host() + AUTH, List.of(wrong + ", " + right), body, "");
        assertRefused(before, send("POST", AUTH, with(oneLine.lines(), "Signature: " + oneLine.signature()), body));

        Signed twoLines = sign("POST", "http://" + host() + AUTH, List.of(wrong, right), body, "");
        assertRefused(before, send("POST", AUTH, with(twoLines.lines(), "Signature: " + twoLines.signature()), body));

        Signed valid = sign("POST", "http://" + host() + AUTH, List.of(right), body, "");
        RawHttp.Response served = send("POST", AUTH, with(valid.lines(), "Signature: " + valid.signature()), body);
        assertEquals(200, served.status(), served.body());
    }

    @Test
    void anAbsoluteHttpsTargetOnThePlainListenerIsVerifiedAsHttpAndFails() throws Exception {
        long before = gateway.settledSlotOperations();
        String https = "https://" + host() + INFO;
        Signed forHttps = sign("GET", https, List.of(), null, "");
        assertRefused(before, send("GET", https, with(forHttps.lines(), "Signature: " + forHttps.signature()), null));

        String http = "http://" + host() + INFO;
        Signed forHttp = sign("GET", http, List.of(), null, "");
        RawHttp.Response served = send("GET", http, with(forHttp.lines(), "Signature: " + forHttp.signature()), null);
        assertEquals(200, served.status(), "the absolute form of this listener's own scheme: " + served.body());
    }

    @Test
    void expiresBeforeCreatedIs401() throws Exception {
        long now = gateway.clock.instant().getEpochSecond();
        long before = gateway.settledSlotOperations();
        // a client clock 100 s ahead (inside the window), expires not yet passed but before created
        Signed backwards = sign("GET", "http://" + host() + INFO, List.of(), null, now + 100, ";expires=" + (now + 50));
        assertRefused(before, send("GET", INFO, with(backwards.lines(), "Signature: " + backwards.signature()), null));

        Signed sameSecond = sign("GET", "http://" + host() + INFO, List.of(), null, now + 100, ";expires=" + (now + 100));
        RawHttp.Response served = send("GET", INFO, with(sameSecond.lines(), "Signature: " + sameSecond.signature()), null);
        assertEquals(200, served.status(), served.body());
    }
}
