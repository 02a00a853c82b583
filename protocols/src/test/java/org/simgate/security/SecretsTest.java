package org.simgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.ParsedSignature;
import org.simgate.security.signature.RequestSigner;
import org.simgate.security.signature.SignatureCheck;
import org.simgate.security.signature.SignatureFailure;
import org.simgate.security.signature.SignatureFields;

/** Secrets and signatures never reach a toString or an exception message; the wiring works end to end. */
class SecretsTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final SharedKey key = TestKeys.shared("lab-2026-11", "lab-a", 0x5a, null);

    @TempDir
    Path dir;

    @Test
    void parsedSignaturesAndSignersHideTheirBytes() throws Exception {
        Map<String, String> fields = RequestSigner.hmac(key, clock).sign("POST", "https://gw/x", new byte[] {1});
        String signature = fields.get("Signature");
        String b64 = signature.substring(signature.indexOf(':') + 1, signature.length() - 1);
        ParsedSignature parsed = SignatureFields.parse(HeaderFields.of(Map.of(
                "Signature-Input", List.of(fields.get("Signature-Input")), "Signature", List.of(signature))));
        assertFalse(parsed.toString().contains(b64));
        assertTrue(parsed.toString().contains("signature redacted"));
        var claim = new SignatureCheck.Claim("k", 1, null, "n", null, new byte[1], Base64.getDecoder().decode(b64));
        assertFalse(claim.toString().contains(b64));
        assertFalse(RequestSigner.hmac(key, clock).toString().contains(Base64.getEncoder().encodeToString(key.secret())));
    }

    @Test
    void malformedFieldMessagesDoNotQuoteTheField() {
        String secretish = "sig1=:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0:, (";
        SignatureFailure failure = assertThrows(SignatureFailure.class, () -> SignatureFields.parse(
                HeaderFields.ofPairs("Signature-Input", "sig1=(\"@method\");created=1", "Signature", secretish)));
        assertEquals(RefusalReason.MALFORMED, failure.reason());
        assertFalse(failure.getMessage().contains("c2VjcmV0"));
    }

    @Test
    void aDeviceKeyMustBeP384() throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair p256 = generator.generateKeyPair();
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceKey("d", "c", (ECPublicKey) p256.getPublic(), false));
    }

    @Test
    void securityWiresOneKeyStoreAndNonceCacheForHttpAndLines() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.conf"), "groups.lab { client = lab-a, keys = [ { id = lab-2026-11 } ] }");
        AuthConfig config = AuthConfig.fromRoot(com.typesafe.config.ConfigFactory.parseString(
                "simgate.auth { required = true, keys-file = \"" + keys + "\","
                        + " clients.lab-a { slots = [0], operations = [aka] } }"));
        Map<String, String> environment = Map.of("SIMGATE_KEY_LAB_2026_11", Base64.getEncoder().encodeToString(key.secret()));
        try (Security security = Security.start(config, DeviceKeys.NONE, clock, environment::get)) {
            assertTrue(security.required());
            SharedKey signing = security.sharedKeys().signingKey("lab", NOW).orElseThrow();
            assertEquals("lab-2026-11", signing.id());
            Map<String, String> fields = RequestSigner.hmac(signing, clock).sign("GET", "https://gw/sim-info-api/v1/slot/0", null);
            SignableRequest request = new SignableRequest("GET", "https://gw/sim-info-api/v1/slot/0",
                    HeaderFields.of(Map.of("Signature-Input", List.of(fields.get("Signature-Input")),
                            "Signature", List.of(fields.get("Signature")))), null);
            Verification verified = security.requests().verify(request);
            assertEquals(new Verification.Verified("lab-a", "lab-2026-11"), verified);
            assertTrue(security.policy().allows("lab-a", 0, org.simgate.security.access.Operation.AKA));
            assertTrue(security.akaRateLimits().tryAcquire("lab-a").admitted());

            String nonce = fields.get("Signature-Input").replaceAll(".*nonce=\"([^\"]+)\".*", "$1");
            String line = ">AUTH:lab-2026-11:" + NOW.getEpochSecond() + ":" + nonce + ":"
                    + Base64.getEncoder().encodeToString(org.simgate.security.signature.SignatureAlgorithm.HMAC_SHA256
                    .sign(signing.secretKey(), org.simgate.security.line.AuthLine.base("lab-2026-11", NOW.getEpochSecond(),
                            nonce))) + "|";
            assertEquals(new Verification.Refused(RefusalReason.REPLAY), security.authLines().verify(line),
                    "the nonce cache is shared");
        }
    }
}
