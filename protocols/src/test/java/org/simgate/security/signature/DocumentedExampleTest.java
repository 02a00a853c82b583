package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simgate.security.MutableClock;
import org.simgate.security.keys.SharedKey;

/** The signed sim-auth request of docs/security.md, byte for byte. */
class DocumentedExampleTest {
    static final SharedKey KEY = new SharedKey("lab-2026-11", "lab", "lab-a",
            Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), null, false);

    @Test
    void theSignedSimAuthRequest() {
        byte[] body = "{\"rand\":\"23553cbe9637a89d218ae64dae47bf35\",\"autn\":\"55f328b43577b9b94a9ffac354dfafb3\"}"
                .getBytes(StandardCharsets.US_ASCII);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1795168800L));
        Map<String, String> fields = RequestSigner.hmac(KEY, clock)
                .sign("POST", "https://127.0.0.1:8443/sim-auth-api/v1/slot/0", body, "q2m5Xw8RkTfA3yLp");
        assertEquals(Map.of(
                "Content-Digest", "sha-256=:lMMf7GV19jWp5DtY7ouYZyUxg6MdIQwfHkoff5W259k=:",
                "Signature-Input", "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1795168800"
                        + ";nonce=\"q2m5Xw8RkTfA3yLp\";keyid=\"lab-2026-11\";alg=\"hmac-sha256\"",
                "Signature", "sig1=:7TAsNhpb3fESF4flMq1pk/iVXuoyYvGC2eQVLI9RtZo=:"), fields);
    }
}
