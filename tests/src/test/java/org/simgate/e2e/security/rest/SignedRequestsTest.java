package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simgate.aka.AuthenticationVector;
import org.simgate.security.Challenge;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;

/**
 * Signed requests (RFC 9421, hmac-sha256) on both REST listeners over real sockets: what is
 * served, and what is refused 401 with the one challenge, never reaching a card.
 */
class SignedRequestsTest {
    @RegisterExtension
    static final SecuredGateway gateway = SecuredGateway.forClass();

    private static URI auth(String scheme) throws Exception {
        return gateway.uri(scheme, "/sim-auth-api/v1/slot/0");
    }

    /** A 401 with the challenge, and no slot did anything for it. */
    private static void assertRefused(long operationsBefore, Http.Response response) {
        assertEquals(401, response.status(), response.body());
        assertEquals(Challenge.WWW_AUTHENTICATE, response.header("WWW-Authenticate"));
        assertEquals("{\"error\":{\"message\":\"authentication required: sign the request (RFC 9421) or present a "
                + "client certificate\"}}", response.body());
        assertEquals(operationsBefore, gateway.slotOperations(), "a refused request reached a slot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aValidSignatureIsServed(String scheme) throws Exception {
        AuthenticationVector vector = challenge();
        long before = gateway.settledSlotOperations();

        Http.Response response = gateway.http().post(gateway.signer(gateway.lab), auth(scheme), authBody(vector));

        assertEquals(200, response.status(), response.body());
        assertEquals(HexFormat.of().formatHex(vector.xres()),
                response.json().path("successful_3g_authentication").path("res").asText());
        assertNull(response.header("WWW-Authenticate"));
        assertEquals(before + 1, gateway.awaitSlotOperations(before + 1), "the count sees a served request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void usimHttpsClientsSignTheQueryToo(String scheme) throws Exception {
        Http.Response response = gateway.http().get(gateway.signer(gateway.reader), gateway.uri(scheme, "/?type=imsi&slot=1"));

        assertEquals(200, response.status(), response.body());
        assertEquals("001010000000002", response.json().path("imsi").asText());

        long before = gateway.settledSlotOperations();
        URI signedFor = gateway.uri(scheme, "/?type=imsi&slot=1");
        HttpRequest other = SignedHttp.request("GET", gateway.uri(scheme, "/?type=imsi&slot=0"), null,
                SignedHttp.fields(gateway.signer(gateway.reader), "GET", signedFor, null));
        assertRefused(before, gateway.http().send(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void anUnsignedRequestIsRefused(String scheme) throws Exception {
        long before = gateway.settledSlotOperations();

        assertRefused(before, gateway.http().post(null, auth(scheme), authBody(challenge())));
        assertRefused(before, gateway.http().get(null, gateway.uri(scheme, "/sim-info-api/v1/slot/0")));
        assertEquals(200, gateway.http().get(null, gateway.uri(scheme, "/health")).status(), "health stays open");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void anExpiredOrUnknownKeyIsRefused(String scheme) throws Exception {
        long before = gateway.settledSlotOperations();
        SharedKey unknown = SecuredGateway.key("nobody-1", "nobody", "lab-a", 9, null);

        assertRefused(before, gateway.http().post(gateway.signer(gateway.expired), auth(scheme), authBody(challenge())));
        assertRefused(before, gateway.http().post(gateway.signer(unknown), auth(scheme), authBody(challenge())));
        // a known key id with another secret
        SharedKey forged = SecuredGateway.key("lab-1", "lab", "lab-a", 7, null);
        assertRefused(before, gateway.http().post(gateway.signer(forged), auth(scheme), authBody(challenge())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aTamperedBodyIsRefused(String scheme) throws Exception {
        long before = gateway.settledSlotOperations();
        String signedBody = authBody(challenge());
        String sentBody = authBody(challenge());
        Map<String, String> fields = SignedHttp.fields(gateway.signer(gateway.lab), "POST", auth(scheme), signedBody);

        assertRefused(before, gateway.http().send(SignedHttp.request("POST", auth(scheme), sentBody, fields)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aTamperedDigestIsRefused(String scheme) throws Exception {
        long before = gateway.settledSlotOperations();
        String signedBody = authBody(challenge());
        String sentBody = authBody(challenge());
        Map<String, String> fields = SignedHttp.fields(gateway.signer(gateway.lab), "POST", auth(scheme), signedBody);
        // the digest made to match the body sent: the signature covers the digest, so it no longer verifies
        fields.put("Content-Digest", SignedHttp.fields(gateway.signer(gateway.lab), "POST", auth(scheme), sentBody)
                .get("Content-Digest"));

        assertRefused(before, gateway.http().send(SignedHttp.request("POST", auth(scheme), sentBody, fields)));
        // and a digest that does not match the body it came with
        Map<String, String> wrongDigest = SignedHttp.fields(gateway.signer(gateway.lab), "POST", auth(scheme), signedBody);
        wrongDigest.put("Content-Digest", "sha-256=:" + "A".repeat(43) + "=:");
        assertRefused(before, gateway.http().send(SignedHttp.request("POST", auth(scheme), signedBody, wrongDigest)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aSignatureForTheOtherListenerIsRefused(String scheme) throws Exception {
        long before = gateway.settledSlotOperations();
        String other = scheme.equals("http") ? "https" : "http";
        String body = authBody(challenge());
        // signed for this scheme's URI, sent to the other listener (same path, another target URI)
        Map<String, String> fields = SignedHttp.fields(gateway.signer(gateway.lab), "POST", auth(scheme), body);

        assertRefused(before, gateway.http().send(SignedHttp.request("POST", auth(other), body, fields)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aReplayedRequestIsRefused(String scheme) throws Exception {
        HttpRequest request = SignedHttp.signed(gateway.signer(gateway.lab), "POST", auth(scheme), authBody(challenge()));

        assertEquals(200, gateway.http().send(request).status());
        long before = gateway.settledSlotOperations();
        assertRefused(before, gateway.http().send(request));
        assertRefused(before, gateway.http().send(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void ofParallelDuplicatesExactlyOneIsServed(String scheme) throws Exception {
        for (int round = 0; round < 3; round++) {
            HttpRequest request = SignedHttp.signed(gateway.signer(gateway.lab), "POST", auth(scheme), authBody(challenge()));
            List<CompletableFuture<Http.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(gateway.http().sendAsync(request));
            }
            List<Integer> statuses = sent.stream().map(CompletableFuture::join).map(Http.Response::status).sorted().toList();

            assertEquals(List.of(200, 401, 401, 401), statuses);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void createdIsAcceptedUpToTheWindowEitherWayAndNotASecondBeyond(String scheme) throws Exception {
        long window = 300;
        long before = gateway.settledSlotOperations();
        for (long skew : new long[] {-(window + 1), window + 1}) {
            RequestSigner skewed = RequestSigner.hmac(gateway.lab, Clock.offset(gateway.clock, Duration.ofSeconds(skew)));
            assertRefused(before, gateway.http().get(skewed, gateway.uri(scheme, "/sim-info-api/v1/slot/0")));
        }
        for (long skew : new long[] {-(window - 1), -window, window - 1, window}) {
            RequestSigner skewed = RequestSigner.hmac(gateway.lab, Clock.offset(gateway.clock, Duration.ofSeconds(skew)));
            assertEquals(200, gateway.http().get(skewed, gateway.uri(scheme, "/sim-info-api/v1/slot/0")).status(), "skew " + skew);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void theServersClockDecides(String scheme) throws Exception {
        RequestSigner signer = gateway.signer(gateway.lab); // signs with the gateway's clock as it is at signing
        HttpRequest request = SignedHttp.signed(signer, "GET", gateway.uri(scheme, "/sim-info-api/v1/slot/0"), null);
        java.time.Instant now = gateway.clock.instant();
        try {
            gateway.clock.set(now.plusSeconds(301)); // the server's clock moves on: the request is too old now
            long before = gateway.settledSlotOperations();
            assertRefused(before, gateway.http().send(request));
        } finally {
            gateway.clock.set(now);
        }
    }
}
