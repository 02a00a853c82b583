package org.simgate.e2e.security.line;

import org.simgate.e2e.security.TestPki;
import org.simgate.security.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.line.AuthLineSigner;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.Registration;

/**
 * The line protocol with {@code simgate.auth.required = true}, over real sockets: the AUTH line
 * (docs/security.md), what a connection gets before it, and what each client may do after.
 * "Nothing reached the card" is read from the slot operation counters of the line protocol.
 */
class LineAuthE2ETest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String OK = ">AUTH:OK\n@@\n";
    static final String REFUSED = ">ERR:C085:authentication required\n@@\n";
    static final String IMSI_0 = ">1:001010000000001\n@@\n";
    static final String AKA = "AUTH:00112233445566778899AABBCCDDEEFF3CBC31A43007800010F4E2E95DE26B00";

    @TempDir
    Path dir;
    AuthGateway gateway;

    AuthGateway start(String settings) throws Exception {
        gateway = AuthGateway.start(dir, NOW, settings);
        return gateway;
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    LineConnection connect() throws Exception {
        return LineConnection.to(gateway.gateway().lineAddress());
    }

    @Test
    void aValidAuthLineOpensTheConnection() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            assertEquals(OK, line.auth(gateway.authLine("lab-1", AuthGateway.LAB)));
            assertEquals(IMSI_0, line.request("simgate slot 0", "1:IMSI"));
            String aka = line.request("simgate slot 0", "2:" + AKA);
            assertTrue(aka.matches(">2:[0-9A-F]{16}:[0-9A-F]{32}:[0-9A-F]{32}:[0-9A-F]{16}\n@@\n"), aka);
        }
        assertEquals(2, gateway.operationsSettled("line", 2));
    }

    @Test
    void nothingBeforeTheAuthLineReachesACard() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            assertEquals(REFUSED, line.request("simgate slot 0", "1:IMSI", "2:" + AKA, "3:APDU:00A4000C023F00"));
            assertEquals(REFUSED, line.request("*", "1:ENUM"));
            assertEquals(REFUSED, line.request("simgate slot 1", "1:RESET"));
            assertEquals(OK, line.auth(gateway.authLine("lab-1", AuthGateway.LAB)), "the connection is still open");
        }
        assertEquals(0, gateway.operationsSettled("line", 0));
    }

    @Test
    void unknownExpiredAndRevokedKeysGetTheSameAnswer() throws Exception {
        Files.writeString(dir.resolve("keys.conf"), "groups {\n"
                + AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-old", 4, "expires = \"2026-11-20T09:00:00Z\""),
                        AuthGateway.key("lab-gone", 5, "revoked = true"), AuthGateway.key("lab-1", AuthGateway.LAB))
                + "}\n");
        start("");
        for (String line : List.of(gateway.authLine("lab-old", 4), gateway.authLine("lab-gone", 5),
                gateway.authLine("nobody", 6), gateway.authLine("lab-1", 9) /* wrong secret */)) {
            try (LineConnection connection = connect()) {
                assertEquals(REFUSED, connection.auth(line), line.substring(0, 20));
                assertEquals(REFUSED, connection.request("simgate slot 0", "1:IMSI"));
            }
        }
        assertEquals(0, gateway.operationsSettled("line", 0));
    }

    @Test
    void threeBadAuthLinesCloseTheConnection() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            assertEquals(REFUSED, line.auth(gateway.authLine("nobody", 1)));
            assertEquals(REFUSED, line.auth(">AUTH:lab-1:x:y:z|"));
            assertEquals(REFUSED, line.auth(gateway.authLine("lab-1", 8)));
            assertTrue(line.closedByServer());
        }
    }

    @Test
    void aReplayedAuthLineIsRefused() throws Exception {
        start("");
        String auth = gateway.authLine("lab-1", AuthGateway.LAB);
        try (LineConnection first = connect(); LineConnection again = connect()) {
            assertEquals(OK, first.auth(auth));
            assertEquals(REFUSED, again.auth(auth));
            assertEquals(REFUSED, again.request("simgate slot 0", "1:IMSI"));
        }
    }

    @Test
    void ofTwoConnectionsSendingTheSameAuthLineAtOnceExactlyOneIsIn() throws Exception {
        start("");
        for (int round = 0; round < 10; round++) {
            String auth = gateway.authLine("lab-1", AuthGateway.LAB);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(pool.submit((Callable<String>) () -> {
                        try (LineConnection line = connect()) {
                            together.await();
                            return line.auth(auth);
                        }
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Future<String> answer : answers) {
                    got.add(answer.get());
                }
                assertEquals(1, got.stream().filter(OK::equals).count(), got.toString());
                assertEquals(1, got.stream().filter(REFUSED::equals).count(), got.toString());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void createdMayBeTheWindowAwayEitherWayAndNoMore() throws Exception {
        start("simgate.auth.window = 30s");
        MutableClock at = new MutableClock(NOW);
        for (long skew : new long[] {-29, 29, -31, 31}) {
            at.set(NOW.plusSeconds(skew));
            try (LineConnection line = connect()) {
                String answer = line.auth(AuthGateway.signer("lab-1", AuthGateway.LAB, at).line());
                assertEquals(Math.abs(skew) < 30 ? OK : REFUSED, answer, "created " + skew + " s from the gateway's clock");
            }
        }
    }

    @Test
    void rotationNeverFailsAConnectionAndARemovedKeyStopsItsOpenConnection() throws Exception {
        start("");
        try (LineConnection old = connect()) {
            assertEquals(OK, old.auth(gateway.authLine("lab-1", AuthGateway.LAB)));

            // 1. a new key joins the group: both verify
            rewriteKeys(AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-1", AuthGateway.LAB),
                    AuthGateway.key("lab-2", 7)));
            awaitAuth("lab-2", 7, OK);
            try (LineConnection older = connect()) {
                assertEquals(OK, older.auth(gateway.authLine("lab-1", AuthGateway.LAB)));
            }
            assertEquals(IMSI_0, old.request("simgate slot 0", "1:IMSI"));

            // 2. the old key goes: new connections with it fail, and the one it opened is closed at once
            rewriteKeys(AuthGateway.group("lab", "lab-a", AuthGateway.key("lab-2", 7)));
            awaitAuth("lab-1", AuthGateway.LAB, REFUSED);
            assertTrue(old.closedByServer(), "closed without a further request");
        }
        try (LineConnection fresh = connect()) {
            assertEquals(OK, fresh.auth(gateway.authLine("lab-2", 7)));
        }
    }

    private void rewriteKeys(String groups) throws Exception {
        Path temp = dir.resolve("keys.tmp");
        Files.writeString(temp, "groups {\n" + groups + "}\n");
        Files.move(temp, gateway.keysFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the key file's reload shows: an AUTH line with that key gets {@code expected}. */
    private void awaitAuth(String keyId, int fill, String expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String answer;
        do {
            try (LineConnection line = connect()) {
                answer = line.auth(gateway.authLine(keyId, fill));
            }
            if (answer.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, answer, "after the key file's reload");
    }

    @Test
    void aCommandTheClientMayNotRunIsForbiddenAndNeverReachesTheCard() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            line.auth(gateway.authLine("lab-1", AuthGateway.LAB));
            assertEquals(">1:C086\n>2:C086\n@@\n", line.request("simgate slot 0", "1:APDU:00A4000C023F00", "2:RESET"));
            assertEquals(">1:C086\n>2:C086\n@@\n", line.request("simgate slot 1", "1:IMSI", "2:" + AKA));
        }
        assertEquals(0, gateway.operationsSettled("line", 0));
        try (LineConnection ops = connect()) {
            ops.auth(gateway.authLine("ops-1", AuthGateway.OPS));
            assertEquals(">1:C086\n@@\n", ops.request("simgate slot 1", "1:" + AKA));
            assertEquals(">1:001010000000002\n@@\n", ops.request("simgate slot 1", "1:IMSI"));
        }
        assertEquals(1, gateway.operationsSettled("line", 1));
    }

    @Test
    void enumAndReadersNameOnlyTheReadersTheClientMayUse() throws Exception {
        start("");
        String slot0 = java.util.Base64.getEncoder().encodeToString("simgate slot 0".getBytes());
        try (LineConnection line = connect()) {
            line.auth(gateway.authLine("lab-1", AuthGateway.LAB));
            assertEquals(">1:" + slot0 + "\n>2:" + slot0 + "\n@@\n", line.request("*", "1:ENUM", "2:READERS"));
        }
    }

    @Test
    void akaOverTheClientsRateIsThrottledAndNeverReachesTheCard() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            line.auth(gateway.authLine("lab-1", AuthGateway.LAB));
            // the burst of 2: the card's answers (RES:CK:IK:KC, then a sync failure for the same SQN), one transaction
            String answer = line.request("simgate slot 0", "1:" + AKA, "2:" + AKA);
            assertTrue(answer.matches(">1:[0-9A-F:]{20,}\n>2:(AUTS:)?[0-9A-F:]{20,}\n@@\n"), answer);
            assertEquals(1, gateway.operationsSettled("line", 1));

            assertEquals(">3:C087:1\n>4:001010000000001\n@@\n", line.request("simgate slot 0", "3:" + AKA, "4:IMSI"));
            assertEquals(">5:C087:1\n@@\n", line.request("simgate slot 0", "5:" + AKA));
        }
        assertEquals(2, gateway.operationsSettled("line", 2), "the IMSI went to the card, no throttled AKA did");
    }

    @Test
    void aTlsClientCertificateNamesTheClientWithoutAnAuthLine() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        start("simgate.line.tls = true\nsimgate.auth.client-ca = " + com.typesafe.config.ConfigUtil.quoteString(
                pki.caPem().toString()));
        try (LineConnection line = LineConnection.tls(gateway.gateway().lineAddress(),
                TestPki.clientContext(gateway.serverCertificate(), pki.client("lab-a")))) {
            assertEquals(IMSI_0, line.request("simgate slot 0", "1:IMSI"));
            assertEquals(">1:C086\n@@\n", line.request("simgate slot 1", "1:IMSI"));
        }
        try (LineConnection line = LineConnection.tls(gateway.gateway().lineAddress(),
                TestPki.clientContext(gateway.serverCertificate(), null))) {
            assertEquals(REFUSED, line.request("simgate slot 0", "1:IMSI"), "TLS without a certificate still needs AUTH");
            assertEquals(OK, line.auth(gateway.authLine("lab-1", AuthGateway.LAB)));
            assertEquals(IMSI_0, line.request("simgate slot 0", "1:IMSI"));
        }
    }

    @Test
    void revokingADeviceClosesItsOpenConnectionAtOnce() throws Exception {
        start("");
        Registration registration = gateway.gateway().devices().create("phone");
        DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
        gateway.gateway().devices().finalizeRegistration(device.finalizeRequest("test", "e2e", null));
        AuthLineSigner signer = AuthLineSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock());
        try (LineConnection line = connect()) {
            assertEquals(OK, line.auth(signer.line()));
            assertEquals(IMSI_0, line.request("simgate slot 0", "1:IMSI"));

            gateway.gateway().devices().revoke(device.keyId());

            assertTrue(line.closedByServer(), "closed without a further request");
        }
        try (LineConnection line = connect()) {
            assertEquals(REFUSED, line.auth(signer.line()));
        }
        assertEquals(1, gateway.operationsSettled("line", 1));
    }

    @Test
    void theRefusalIsTheSameWhateverFailedAndNamesNoKey() throws Exception {
        start("");
        try (LineConnection line = connect()) {
            assertFalse(line.auth(gateway.authLine("lab-1", 8)).contains("lab-1"));
        }
    }
}
