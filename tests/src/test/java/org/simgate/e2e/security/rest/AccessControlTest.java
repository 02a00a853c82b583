package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.aka.AuthenticationVector;
import org.simgate.security.signature.RequestSigner;

/**
 * Authenticated is not authorized: each client may use its slots for its operations only (403
 * otherwise), and AKA within its rate (429 with Retry-After otherwise). A refused request never
 * reaches a card.
 */
class AccessControlTest {
    @RegisterExtension
    static final SecuredGateway gateway = SecuredGateway.forClass();

    private static void assertForbidden(Http.Response response) {
        assertEquals(403, response.status(), response.body());
        assertEquals("{\"error\":{\"message\":\"this client may not do that here\"}}", response.body());
    }

    @Test
    void aSlotOrAnOperationTheClientMayNotUseIsForbiddenAndReachesNoCard() throws Exception {
        RequestSigner lab = gateway.signer(gateway.lab);
        RequestSigner reader = gateway.signer(gateway.reader);
        long before = gateway.settledSlotOperations();

        assertForbidden(gateway.http().post(lab, gateway.uri("http", "/sim-auth-api/v1/slot/1"), authBody(challenge())));
        assertForbidden(gateway.http().get(lab, gateway.uri("https", "/sim-info-api/v1/slot/1")));
        assertForbidden(gateway.http().post(lab, gateway.uri("http", "/apdu-api/v1/slot/0"), "{\"apdus\":[\"00A40004023F00\"]}"));
        assertForbidden(gateway.http().get(lab, gateway.uri("https", "/?type=apdu&hex=00A40004023F00&slot=0")));
        assertForbidden(gateway.http().get(reader, gateway.uri("http", "/sim-info-api/v1/slot/0")));
        assertForbidden(gateway.http().get(reader, gateway.uri("https", "/sim-info-api/v1/slot/0/suci?scheme=0")));
        assertForbidden(gateway.http().post(reader, gateway.uri("http", "/sim-auth-api/v1/slot/1"), authBody(challenge())));
        AuthenticationVector vector = challenge();
        assertForbidden(gateway.http().get(reader, gateway.uri("https", "/?type=rand-autn&slot=1&rand="
                + HexFormat.of().formatHex(vector.rand()) + "&autn=" + HexFormat.of().formatHex(vector.autn()))));
        assertForbidden(gateway.http().get(gateway.signer(gateway.ci), gateway.uri("http", "/api/v1/slots")));
        assertEquals(before, gateway.slotOperations(), "a forbidden request reached a slot");

        assertEquals(200, gateway.http().get(reader, gateway.uri("http", "/sim-info-api/v1/slot/1")).status());
        assertEquals(200, gateway.http().get(reader, gateway.uri("https", "/?type=imsi&slot=1")).status());
        assertEquals(200, gateway.http().get(lab, gateway.uri("http", "/api/v1/slots")).status());
        assertEquals(before + 2, gateway.awaitSlotOperations(before + 2));
    }

    @Test
    void akaBeyondTheClientsRateIs429WithRetryAfterAndReachesNoCard() throws Exception {
        RequestSigner ci = gateway.signer(gateway.ci);
        long start = gateway.settledSlotOperations();
        assertEquals(200, gateway.http().post(ci, gateway.uri("http", "/sim-auth-api/v1/slot/0"), authBody(challenge())).status());
        assertEquals(200, gateway.http().post(ci, gateway.uri("https", "/sim-auth-api/v1/slot/1"), authBody(challenge())).status());
        long before = gateway.awaitSlotOperations(start + 2);

        Http.Response throttled = gateway.http().post(ci, gateway.uri("http", "/sim-auth-api/v1/slot/0"), authBody(challenge()));

        assertEquals(429, throttled.status(), throttled.body());
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
        assertTrue(throttled.json().path("error").path("message").asText().contains("rate limit"), throttled.body());
        assertEquals(before, gateway.slotOperations(), "a throttled request reached a slot");
        // the limit is the client's: another client goes on
        assertEquals(200, gateway.http().post(gateway.signer(gateway.lab), gateway.uri("http", "/sim-auth-api/v1/slot/0"),
                authBody(challenge())).status());
    }
}
