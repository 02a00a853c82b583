package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simgate.security.Challenge;
import org.simgate.security.HeaderFields;
import org.simgate.security.MutableClock;
import org.simgate.security.RefusalReason;
import org.simgate.security.SignableRequest;
import org.simgate.security.TestKeys;
import org.simgate.security.Verification;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.KeyLookup;
import org.simgate.security.keys.KeyRing;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.replay.NonceCache;

class RequestVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String URI = "https://gw.example:8443/sim-auth-api/v1/slot/0";
    static final byte[] BODY = "{\"rand\":\"00112233445566778899aabbccddeeff\",\"autn\":\"00112233445566778899aabbccddeeff\"}"
            .getBytes(StandardCharsets.US_ASCII);

    final MutableClock clock = new MutableClock(NOW);
    final SharedKey labKey = TestKeys.shared("lab-2026-11", "lab-a", 1, NOW.plusSeconds(86_400));
    final SharedKey expiredKey = TestKeys.shared("lab-2026-10", "lab-a", 2, NOW.minusSeconds(1));
    final SharedKey revokedKey = new SharedKey("lab-old", "lab", "lab-a", TestKeys.secret(3), null, true);
    final KeyPair device = TestKeys.p384();
    final KeyPair revokedDevice = TestKeys.p384();
    final NonceCache nonces = new NonceCache(1000);
    final RequestVerifier verifier = new RequestVerifier(new SignatureCheck(
            KeyLookup.of(() -> new KeyRing(List.of(labKey, expiredKey, revokedKey)), keyId -> switch (keyId) {
                case "phone-1" -> Optional.of(new DeviceKey("phone-1", "phone", (ECPublicKey) device.getPublic(), false));
                case "phone-2" -> Optional.of(new DeviceKey("phone-2", "phone", (ECPublicKey) revokedDevice.getPublic(), true));
                default -> Optional.empty();
            }), nonces, clock, Duration.ofSeconds(300)));
    ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    static SignableRequest request(Map<String, String> fields, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("gw.example:8443"));
        headers.put("Content-Type", List.of("application/json"));
        fields.forEach((name, value) -> headers.put(name, List.of(value)));
        return new SignableRequest("POST", URI, HeaderFields.of(headers), body);
    }

    SignableRequest signed(SharedKey key) {
        return request(RequestSigner.hmac(key, clock).sign("POST", URI, BODY), BODY);
    }

    Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return copy;
    }

    RefusalReason refusal(SignableRequest request) {
        Verification result = verifier.verify(request);
        assertTrue(result instanceof Verification.Refused, () -> "expected a refusal, got " + result);
        return ((Verification.Refused) result).reason();
    }

    @Test
    void aRequestSignedWithAGroupKeyVerifiesAsItsClient() {
        assertEquals(new Verification.Verified("lab-a", "lab-2026-11"), verifier.verify(signed(labKey)));
    }

    @Test
    void aRequestSignedByARegisteredDeviceVerifies() {
        var signer = RequestSigner.ecdsa("phone-1", (ECPrivateKey) device.getPrivate(), clock);
        Map<String, String> fields = signer.sign("POST", URI, BODY);
        assertTrue(fields.get("Signature-Input").contains("alg=\"ecdsa-p384-sha384\""));
        assertEquals(new Verification.Verified("phone", "phone-1"), verifier.verify(request(fields, BODY)));
    }

    @Test
    void theSignerCoversMethodTargetAndDigest() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        assertEquals(List.of("Content-Digest", "Signature-Input", "Signature"), List.copyOf(fields.keySet()));
        assertTrue(fields.get("Signature-Input").startsWith(
                "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=" + NOW.getEpochSecond() + ";nonce=\""));
        assertTrue(fields.get("Signature-Input").endsWith(";keyid=\"lab-2026-11\";alg=\"hmac-sha256\""));
    }

    @Test
    void aRequestWithoutBodyNeedsNoDigest() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("GET", URI, new byte[0]);
        assertFalse(fields.containsKey("Content-Digest"));
        var request = new SignableRequest("GET", URI, HeaderFields.of(Map.of(
                "Signature-Input", List.of(fields.get("Signature-Input")),
                "Signature", List.of(fields.get("Signature")))), null);
        assertTrue(verifier.verify(request).verified());
    }

    @Test
    void expiredRevokedAndUnknownKeysAreRefused() {
        assertEquals(RefusalReason.EXPIRED_KEY, refusal(signed(expiredKey)));
        assertEquals(RefusalReason.REVOKED_KEY, refusal(signed(revokedKey)));
        assertEquals(RefusalReason.UNKNOWN_KEY,
                refusal(signed(new SharedKey("nobody", "lab", "lab-a", TestKeys.secret(1), null, false))));
        var revoked = RequestSigner.ecdsa("phone-2", (ECPrivateKey) revokedDevice.getPrivate(), clock);
        assertEquals(RefusalReason.REVOKED_KEY, refusal(request(revoked.sign("POST", URI, BODY), BODY)));
    }

    @Test
    void aKeyExpiresAtItsExpiryInstant() {
        clock.set(labKey.expires().minusSeconds(1));
        assertTrue(verifier.verify(signed(labKey)).verified());
        clock.set(labKey.expires());
        assertEquals(RefusalReason.EXPIRED_KEY, refusal(signed(labKey)));
    }

    @Test
    void aReplayIsRefused() {
        SignableRequest request = signed(labKey);
        assertTrue(verifier.verify(request).verified());
        assertEquals(RefusalReason.REPLAY, refusal(request));
    }

    @Test
    void ofParallelDuplicatesExactlyOneGetsThrough() throws Exception {
        pool = Executors.newFixedThreadPool(8);
        for (int round = 0; round < 20; round++) {
            SignableRequest request = signed(labKey);
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Verification>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> {
                    start.await();
                    return verifier.verify(request);
                });
            }
            List<Future<Verification>> results = new ArrayList<>();
            for (Callable<Verification> task : tasks) {
                results.add(pool.submit(task));
            }
            start.countDown();
            int verified = 0;
            for (Future<Verification> result : results) {
                Verification v = result.get();
                if (v.verified()) {
                    verified++;
                } else {
                    assertEquals(new Verification.Refused(RefusalReason.REPLAY), v);
                }
            }
            assertEquals(1, verified);
        }
    }

    @Test
    void aTamperedBodyIsRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        byte[] tampered = BODY.clone();
        tampered[10] ^= 1;
        assertEquals(RefusalReason.BAD_DIGEST, refusal(request(fields, tampered)));
    }

    @Test
    void aTamperedDigestIsRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        byte[] other = "{}".getBytes(StandardCharsets.US_ASCII);
        // the digest now matches the new body, but the signature covered the old digest
        assertEquals(RefusalReason.BAD_SIGNATURE,
                refusal(request(with(fields, "Content-Digest", ContentDigest.of(other)), other)));
    }

    @Test
    void aTamperedSignatureOrTargetIsRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        String signature = fields.get("Signature");
        char c = signature.charAt(6);
        String flipped = signature.substring(0, 6) + (c == 'A' ? 'B' : 'A') + signature.substring(7);
        assertEquals(RefusalReason.BAD_SIGNATURE, refusal(request(with(fields, "Signature", flipped), BODY)));
        SignableRequest elsewhere = new SignableRequest("POST", URI.replace("slot/0", "slot/1"),
                request(fields, BODY).headers(), BODY);
        assertEquals(RefusalReason.BAD_SIGNATURE, refusal(elsewhere));
    }

    @Test
    void aBadSignatureDoesNotBurnTheNonce() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        String signature = fields.get("Signature");
        String forged = "sig1=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":";
        assertEquals(RefusalReason.BAD_SIGNATURE, refusal(request(with(fields, "Signature", forged), BODY)));
        assertEquals(0, nonces.size());
        assertTrue(verifier.verify(request(with(fields, "Signature", signature), BODY)).verified());
    }

    /** A request signed with created = NOW, checked when the server's clock says {@code now}. */
    Verification signedAtNowCheckedAt(Instant now) {
        clock.set(NOW);
        SignableRequest request = signed(labKey);
        clock.set(now);
        return verifier.verify(request);
    }

    @Test
    void createdMayBeUpToTheWindowAwayEitherWay() {
        assertTrue(signedAtNowCheckedAt(NOW.plusSeconds(300)).verified(), "client 300 s behind");
        assertTrue(signedAtNowCheckedAt(NOW.minusSeconds(300)).verified(), "client 300 s ahead");
    }

    @Test
    void oneSecondPastTheWindowIsClockSkew() {
        assertTrue(signedAtNowCheckedAt(NOW.plusSeconds(299)).verified(), "N-1, client behind");
        assertEquals(new Verification.Refused(RefusalReason.CLOCK_SKEW), signedAtNowCheckedAt(NOW.plusSeconds(301)),
                "N+1, client behind");
        assertTrue(signedAtNowCheckedAt(NOW.minusSeconds(299)).verified(), "N-1, client ahead");
        assertEquals(new Verification.Refused(RefusalReason.CLOCK_SKEW), signedAtNowCheckedAt(NOW.minusSeconds(301)),
                "N+1, client ahead");
    }

    @Test
    void aReplayOutsideTheWindowIsRefusedForItsClockBeforeTheCache() {
        SignableRequest request = signed(labKey);
        assertTrue(verifier.verify(request).verified());
        clock.set(NOW.plusSeconds(301));
        assertEquals(RefusalReason.CLOCK_SKEW, refusal(request));
    }

    @Test
    void anAlgThatIsNotTheKeysIsRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        String input = fields.get("Signature-Input").replace("hmac-sha256", "ecdsa-p384-sha384");
        assertEquals(RefusalReason.ALG_MISMATCH, refusal(request(with(fields, "Signature-Input", input), BODY)));
    }

    @Test
    void anOversizedNonceIsRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY, "n".repeat(65));
        assertEquals(RefusalReason.NONCE_TOO_LONG, refusal(request(fields, BODY)));
        Map<String, String> longest = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY, "n".repeat(64));
        assertTrue(verifier.verify(request(longest, BODY)).verified());
    }

    @Test
    void missingFieldsOrParametersAreRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        assertEquals(RefusalReason.MISSING, refusal(request(Map.of("Content-Digest", fields.get("Content-Digest")), BODY)));
        for (String parameter : List.of(";nonce=\"[^\"]*\"", ";alg=\"[^\"]*\"", ";keyid=\"[^\"]*\"", ";created=[0-9]+")) {
            String input = fields.get("Signature-Input").replaceAll(parameter, "");
            assertEquals(RefusalReason.MISSING, refusal(request(with(fields, "Signature-Input", input), BODY)), parameter);
        }
    }

    @Test
    void malformedFieldsAreRefused() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        for (String input : List.of("sig1=(\"@method\"", "sig1=\"@method\"", "sig1=(\"@method\";sf \"@target-uri\")",
                "sig1=(\"@method\" \"@method\")", "sig1=(\"@method\" \"@target-uri\");created=\"now\"",
                "sig1=(\"@method\" \"@Target-uri\")")) {
            assertEquals(RefusalReason.MALFORMED, refusal(request(with(fields, "Signature-Input", input), BODY)), input);
        }
        assertEquals(RefusalReason.MALFORMED, refusal(request(with(fields, "Signature", "sig1=\"abc\""), BODY)));
    }

    @Test
    void theSignatureMustCoverMethodTargetAndDigest() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        for (String left : List.of("\"@method\" ", "\"@target-uri\" ", " \"content-digest\"")) {
            String input = fields.get("Signature-Input").replace(left, "");
            assertEquals(RefusalReason.MISSING_COMPONENT, refusal(request(with(fields, "Signature-Input", input), BODY)),
                    left);
        }
    }

    @Test
    void pathAndQueryMayStandForTheTargetUri() throws Exception {
        var signer = new SignatureCheck(KeyLookup.of(() -> new KeyRing(List.of(labKey)), keyId -> Optional.empty()),
                new NonceCache(10), clock, Duration.ofSeconds(300));
        String params = "(\"@method\" \"@path\" \"@query\" \"content-digest\");created=" + NOW.getEpochSecond()
                + ";nonce=\"abc\";keyid=\"lab-2026-11\";alg=\"hmac-sha256\"";
        SignableRequest unsigned = request(Map.of("Content-Digest", ContentDigest.of(BODY)), BODY);
        byte[] base = SignatureBase.create(unsigned, List.of("@method", "@path", "@query", "content-digest"), params);
        byte[] mac = SignatureAlgorithm.HMAC_SHA256.sign(labKey.secretKey(), base);
        SignableRequest request = request(Map.of("Content-Digest", ContentDigest.of(BODY),
                "Signature-Input", "sig1=" + params,
                "Signature", "sig1=:" + java.util.Base64.getEncoder().encodeToString(mac) + ":"), BODY);
        assertTrue(new RequestVerifier(signer).verify(request).verified());
    }

    @Test
    void aDigestNamingOnlyUnknownAlgorithmsIsRefusedAndSha512IsTaken() throws Exception {
        assertThrowsBadDigest(List.of("md5=:AAAA:"));
        assertThrowsBadDigest(List.of("sha-256=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":"));
        var sha512 = java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-512").digest(BODY));
        ContentDigest.verify(List.of("sha-512=:" + sha512 + ":, unixsum=:AAAA:"), BODY);
    }

    private static void assertThrowsBadDigest(List<String> lines) {
        SignatureFailure failure = org.junit.jupiter.api.Assertions.assertThrows(SignatureFailure.class,
                () -> ContentDigest.verify(lines, BODY));
        assertEquals(RefusalReason.BAD_DIGEST, failure.reason());
    }

    @Test
    void ofSeveralSignaturesTheFirstLabelIsVerified() {
        Map<String, String> fields = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        Map<String, String> both = with(with(fields, "Signature-Input",
                fields.get("Signature-Input") + ", proxy=(\"@method\");created=1;keyid=\"x\""),
                "Signature", "proxy=:AAAA:, " + fields.get("Signature"));
        assertTrue(verifier.verify(request(both, BODY)).verified());

        Map<String, String> fresh = RequestSigner.hmac(labKey, clock).sign("POST", URI, BODY);
        Map<String, String> proxyFirst = with(with(fresh, "Signature-Input",
                "proxy=(\"@method\");created=1;nonce=\"n\";keyid=\"x\";alg=\"hmac-sha256\", "
                        + fresh.get("Signature-Input")),
                "Signature", "proxy=:AAAA:, " + fresh.get("Signature"));
        assertEquals(RefusalReason.MISSING_COMPONENT, refusal(request(proxyFirst, BODY)), "the proxy's, first, is checked");
    }

    @Test
    void theChallengeNamesNoFailedCheck() {
        for (RefusalReason reason : RefusalReason.values()) {
            assertFalse(Challenge.WWW_AUTHENTICATE.toLowerCase().contains(reason.name().toLowerCase()));
        }
        assertTrue(Challenge.WWW_AUTHENTICATE.startsWith("Signature realm=\"simgate\""));
    }

    /** Fields signed over exactly these Content-Digest lines and signature parameters after the components. */
    Map<String, List<String>> signedOver(List<String> digestLines, String moreParams) throws Exception {
        return signedOver(digestLines, NOW.getEpochSecond(), moreParams);
    }

    Map<String, List<String>> signedOver(List<String> digestLines, long created, String moreParams) throws Exception {
        String params = "(\"@method\" \"@target-uri\" \"content-digest\");created=" + created
                + ";nonce=\"" + RequestSigner.newNonce() + "\";keyid=\"lab-2026-11\";alg=\"hmac-sha256\"" + moreParams;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Digest", digestLines);
        SignableRequest unsigned = new SignableRequest("POST", URI, HeaderFields.of(headers), BODY);
        byte[] base = SignatureBase.create(unsigned, List.of("@method", "@target-uri", "content-digest"), params);
        byte[] mac = SignatureAlgorithm.HMAC_SHA256.sign(labKey.secretKey(), base);
        headers.put("Signature-Input", List.of("sig1=" + params));
        headers.put("Signature", List.of("sig1=:" + java.util.Base64.getEncoder().encodeToString(mac) + ":"));
        return headers;
    }

    static SignableRequest lines(Map<String, List<String>> headers) {
        return new SignableRequest("POST", URI, HeaderFields.of(headers), BODY);
    }

    @Test
    void aLabelGivenTwiceIsRefusedOnOneLineOrAcrossLines() throws Exception {
        Map<String, List<String>> good = signedOver(List.of(ContentDigest.of(BODY)), "");
        String bogus = "sig1=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":";
        String valid = good.get("Signature").get(0);

        Map<String, List<String>> twoLines = new LinkedHashMap<>(good);
        twoLines.put("Signature", List.of(bogus, valid));
        assertEquals(RefusalReason.MALFORMED, refusal(lines(twoLines)), "a bogus sig1 line before the valid one");
        Map<String, List<String>> oneLine = new LinkedHashMap<>(good);
        oneLine.put("Signature", List.of(bogus + ", " + valid));
        assertEquals(RefusalReason.MALFORMED, refusal(lines(oneLine)));
        Map<String, List<String>> twoInputs = new LinkedHashMap<>(good);
        twoInputs.put("Signature-Input", List.of("sig1=(\"@method\");created=1;nonce=\"n\";keyid=\"x\";alg=\"hmac-sha256\"",
                good.get("Signature-Input").get(0)));
        assertEquals(RefusalReason.MALFORMED, refusal(lines(twoInputs)), "a second sig1 in Signature-Input");

        assertEquals(0, nonces.size(), "nothing was remembered for them");
        assertTrue(verifier.verify(lines(good)).verified(), "the valid signature alone");
    }

    @Test
    void aDigestAlgorithmGivenTwiceIsRefusedEvenWhenTheSecondMatches() throws Exception {
        String wrong = "sha-256=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":";
        String right = ContentDigest.of(BODY);
        assertThrowsBadDigest(List.of(wrong + ", " + right));
        assertThrowsBadDigest(List.of(wrong, right));
        assertThrowsBadDigest(List.of(right, right));
        // signed over both entries: only the digest check can refuse it
        assertEquals(RefusalReason.BAD_DIGEST, refusal(lines(signedOver(List.of(wrong + ", " + right), ""))));
        assertTrue(verifier.verify(lines(signedOver(List.of(right), ""))).verified());
    }

    @Test
    void expiresBeforeCreatedIsRefused() throws Exception {
        long ahead = NOW.getEpochSecond() + 100; // a client clock ahead, inside the window; expires not yet passed
        assertEquals(RefusalReason.MALFORMED,
                refusal(lines(signedOver(List.of(ContentDigest.of(BODY)), ahead, ";expires=" + (ahead - 50)))));
        assertTrue(verifier.verify(lines(signedOver(List.of(ContentDigest.of(BODY)), ahead, ";expires=" + ahead)))
                .verified(), "expires equal to created: valid for that second");
        assertEquals(1, nonces.size());
    }

    @Test
    void aClientTheAuthorizationRefusesIsForbiddenAndItsNonceIsNotKept() {
        SignableRequest request = signed(labKey);
        assertEquals(new Verification.Forbidden("lab-a", "lab-2026-11"), verifier.verify(request, client -> false));
        assertEquals(0, nonces.size());
        assertEquals(new Verification.Verified("lab-a", "lab-2026-11"), verifier.verify(request, "lab-a"::equals));
        assertEquals(RefusalReason.REPLAY, refusal(request));
    }

    @Test
    void aKeyOverItsShareOfTheNonceCacheIsThrottledAloneUntilItsOldestLeavesTheWindow() {
        // two keys may sign (labKey; expiredKey counts too, revokedKey does not): 6 / 2 = 3 each
        NonceCache small = new NonceCache(6);
        RequestVerifier tight = new RequestVerifier(new SignatureCheck(
                KeyLookup.of(() -> new KeyRing(List.of(labKey, expiredKey, revokedKey)), keyId -> keyId.equals("phone-1")
                        ? Optional.of(new DeviceKey("phone-1", "phone", (ECPublicKey) device.getPublic(), false))
                        : Optional.empty()), small, clock, Duration.ofSeconds(300)));
        for (int i = 0; i < 3; i++) {
            assertTrue(tight.verify(signed(labKey)).verified());
        }
        assertEquals(new Verification.Throttled("lab-a", "lab-2026-11", 301), tight.verify(signed(labKey)));
        var phone = RequestSigner.ecdsa("phone-1", (ECPrivateKey) device.getPrivate(), clock);
        assertTrue(tight.verify(request(phone.sign("POST", URI, BODY), BODY)).verified(), "another key goes on");

        clock.set(NOW.plusSeconds(301));
        assertTrue(tight.verify(signed(labKey)).verified(), "its first nonces left the window");
    }
}
