package org.simgate.security.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.simgate.security.MutableClock;
import org.simgate.security.RefusalReason;
import org.simgate.security.TestKeys;
import org.simgate.security.Verification;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.KeyLookup;
import org.simgate.security.keys.KeyRing;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.replay.NonceCache;
import org.simgate.security.signature.SignatureCheck;

/** The line protocol's AUTH line, with the worked example of docs/security.md. */
class AuthLineTest {
    /** docs/security.md: secret base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= (bytes 00..1f). */
    static final SharedKey DOC_KEY = new SharedKey("lab-2026-11", "lab", "lab-a",
            Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), null, false);
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String DOC_LINE = ">AUTH:lab-2026-11:1795168800:q2m5Xw8RkTfA3yLp:otXuXV0EMy1mynBvKYouHZ/osBmz/+SY5Y74W9jcNtQ=|";

    final MutableClock clock = new MutableClock(NOW);
    final KeyPair device = TestKeys.p384();
    final AuthLineVerifier verifier = new AuthLineVerifier(new SignatureCheck(
            KeyLookup.of(() -> new KeyRing(List.of(DOC_KEY)), keyId -> keyId.equals("phone-1")
                    ? Optional.of(new DeviceKey("phone-1", "phone", (ECPublicKey) device.getPublic(), false))
                    : Optional.empty()),
            new NonceCache(100), clock, Duration.ofSeconds(300)));

    @Test
    void theWorkedExampleByteForByte() {
        assertEquals("simgate-line-auth\nkeyid=lab-2026-11\ncreated=1795168800\nnonce=q2m5Xw8RkTfA3yLp\n",
                new String(AuthLine.base("lab-2026-11", 1795168800L, "q2m5Xw8RkTfA3yLp"), StandardCharsets.US_ASCII));
        assertEquals(NOW.getEpochSecond(), 1795168800L);
        assertEquals(DOC_LINE, AuthLineSigner.hmac(DOC_KEY, clock).line(1795168800L, "q2m5Xw8RkTfA3yLp"));
        assertEquals(new Verification.Verified("lab-a", "lab-2026-11"), verifier.verify(DOC_LINE + "\r\n"));
    }

    @Test
    void aLineIsUsedOnce() {
        assertTrue(verifier.verify(DOC_LINE).verified());
        assertEquals(new Verification.Refused(RefusalReason.REPLAY), verifier.verify(DOC_LINE));
    }

    @Test
    void freshLinesFromTheSignerVerify() {
        AuthLineSigner signer = AuthLineSigner.hmac(DOC_KEY, clock);
        assertTrue(verifier.verify(signer.line()).verified());
        assertTrue(verifier.verify(signer.line()).verified());
        AuthLineSigner phone = AuthLineSigner.ecdsa("phone-1", (ECPrivateKey) device.getPrivate(), clock);
        assertEquals(new Verification.Verified("phone", "phone-1"), verifier.verify(phone.line()));
    }

    @Test
    void theSameChecksAsHttp() {
        AuthLineSigner signer = AuthLineSigner.hmac(DOC_KEY, clock);
        assertEquals(RefusalReason.UNKNOWN_KEY, reason(signer.line().replace("lab-2026-11", "lab-2026-12")));
        assertEquals(RefusalReason.BAD_SIGNATURE, reason(signer.line().replace(":" + NOW.getEpochSecond() + ":",
                ":" + (NOW.getEpochSecond() - 1) + ":")));
        assertEquals(RefusalReason.NONCE_TOO_LONG, reason(signer.line(NOW.getEpochSecond(), "n".repeat(65))));
        clock.set(NOW.plusSeconds(301));
        assertEquals(RefusalReason.CLOCK_SKEW, reason(DOC_LINE));
        clock.set(NOW.plusSeconds(299));
        assertTrue(verifier.verify(DOC_LINE).verified());
    }

    @Test
    void malformedLines() {
        for (String line : List.of(">AUTH:lab-2026-11:1795168800:q2m5Xw8RkTfA3yLp|",
                ">AUTH:lab-2026-11:soon:q2m5Xw8RkTfA3yLp:AAAA|", ">AUTH:lab 1:1795168800:n:AAAA|",
                ">AUTH:lab-2026-11:1795168800:n:not*base64|", ">AUTH:lab-2026-11:1795168800:n:|",
                ">AUTH:a:1:n:AAAA:extra|")) {
            assertEquals(RefusalReason.MALFORMED, reason(line), line);
        }
        assertEquals(RefusalReason.MISSING, reason(">simgate slot 0|"));
        assertTrue(AuthLine.isAuthLine("  >auth:x|"));
        assertFalse(AuthLine.isAuthLine(">1:AUTH:00|"));
    }

    @Test
    void toStringNeverShowsTheSignature() throws Exception {
        AuthLine line = AuthLine.parse(DOC_LINE);
        assertFalse(line.toString().contains("otXuXV0E"));
        assertFalse(AuthLineSigner.hmac(DOC_KEY, clock).toString().contains("AAECAwQF"));
    }

    private RefusalReason reason(String line) {
        Verification result = verifier.verify(line);
        assertTrue(result instanceof Verification.Refused, () -> line + " verified");
        return ((Verification.Refused) result).reason();
    }
}
