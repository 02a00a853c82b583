package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.e2e.Http;
import org.simgate.e2e.security.RawHttp;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.FinalizeOutcome;
import org.simgate.security.registration.Registration;
import org.simgate.security.signature.RequestSigner;

/**
 * Junk {@code ecdsa-p384-sha384} requests naming a real device's key id cost a real P-384
 * verification each; from one address they may no longer queue up in front of everyone (issue 18,
 * item 9). A peer at 127.0.0.2 pipelines 128 of them on four connections: beyond the few it may
 * have waiting at once it is answered 429 with {@code Retry-After: 1} at once, never served, while
 * the device itself, at 127.0.0.1 and naming the same key, is served every time.
 */
class VerificationQueueE2ETest {
    private static final String INFO = "/sim-info-api/v1/slot/0";
    private static final int CONNECTIONS = 4;
    private static final int PIPELINED = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final SecuredGateway gateway = SecuredGateway.forClass();
    static DeviceEnrollment device;

    @BeforeAll
    static void start() throws Exception {
        Registration registration = gateway.gateway().devices().create("phone");
        device = DeviceEnrollment.start(EnrollmentUrl.parse(registration.enrollmentUrl().uri()));
        FinalizeOutcome outcome = gateway.gateway().devices().finalizeRegistration(device.finalizeRequest("Pi", "4B", null));
        assertTrue(outcome instanceof FinalizeOutcome.Registered, outcome.toString());
    }

    private static InetSocketAddress http() {
        return gateway.gateway().httpAddress();
    }

    /** A GET naming the device's key with a fresh nonce and 96 random bytes for r‖s: a full verification, then 401. */
    private static String junk() {
        String host = "127.0.0.1:" + http().getPort();
        byte[] signature = new byte[96];
        RANDOM.nextBytes(signature);
        return RawHttp.request("GET", INFO, host, List.of(
                "Signature-Input: sig1=(\"@method\" \"@target-uri\");created=" + gateway.clock.instant().getEpochSecond()
                        + ";nonce=\"" + RequestSigner.newNonce() + "\";keyid=\"" + device.keyId()
                        + "\";alg=\"ecdsa-p384-sha384\"",
                "Signature: sig1=:" + Base64.getEncoder().encodeToString(signature) + ":"), null);
    }

    /** Pipelines the junk on one connection from 127.0.0.2; the statuses it got, and the 429s' Retry-After. */
    private static List<String> flood() throws Exception {
        try (RawHttp attacker = RawHttp.from(InetAddress.getByName("127.0.0.2"), http())) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < PIPELINED; i++) {
                burst.append(junk());
            }
            attacker.write(burst.toString());
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < PIPELINED; i++) {
                RawHttp.Response answer = attacker.read();
                answers.add(answer.status() + (answer.status() == 429 ? " retry " + answer.header("Retry-After") : ""));
            }
            return answers;
        }
    }

    @Test
    void oneAddresssJunkBeyondItsShareOfTheQueueIsRefusedAtOnceAndTheDeviceIsServed() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<List<String>>> floods = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                floods.add(attackers.submit(VerificationQueueE2ETest::flood));
            }
            SignedHttp http = gateway.client();
            RequestSigner honest = RequestSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock);
            for (int i = 0; i < 10; i++) {
                Http.Response served = http.get(honest, gateway.uri("http", INFO));
                assertEquals(200, served.status(), "request " + i + " of the device: " + served.body());
            }

            Map<String, Integer> answers = new TreeMap<>();
            for (Future<List<String>> flood : floods) {
                flood.get().forEach(answer -> answers.merge(answer, 1, Integer::sum));
            }
            assertEquals(CONNECTIONS * PIPELINED, answers.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(List.of("401", "429 retry 1"), List.copyOf(answers.keySet()),
                    "junk is refused, by its signature or at once: " + answers);
        } finally {
            attackers.shutdownNow();
        }
        Http.Response after = gateway.client().get(
                RequestSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock),
                gateway.uri("http", INFO));
        assertEquals(200, after.status(), "the address's places came back: " + after.body());
    }
}
