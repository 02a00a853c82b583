package org.simgate.security.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simgate.security.TestKeys;

class KeyFileTest {
    static final String SECRET_B64 = Base64.getEncoder().encodeToString(TestKeys.secret(7));
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    static KeyRing parse(String text, Map<String, String> environment) throws KeyFileError {
        return KeyFile.parse("keys.conf", text.getBytes(StandardCharsets.UTF_8), environment::get);
    }

    static String error(String text) {
        return assertThrows(KeyFileError.class, () -> parse(text, Map.of())).getMessage();
    }

    @Test
    void aGroupOfKeysActsForItsClient() throws Exception {
        KeyRing ring = parse("""
                groups {
                  lab {
                    client = "lab-a"
                    keys = [
                      { id = "lab-2026-10", secret = "base64:%s", expires = "2026-11-01T00:00:00Z" }
                      { id = "lab-2026-11", secret = "hex:%s", expires = "2026-12-31T00:00:00Z" }
                    ]
                  }
                  ci { client = "ci", keys = [ { id = "ci-1", secret = "base64:%s" } ] }
                }
                """.formatted(SECRET_B64, HexFormat.of().formatHex(TestKeys.secret(8)), SECRET_B64), Map.of());
        assertEquals(3, ring.size());
        SharedKey key = ring.find("lab-2026-11").orElseThrow();
        assertEquals("lab-a", key.client());
        assertEquals("lab", key.group());
        assertArrayEquals(TestKeys.secret(8), key.secret());
        assertEquals(Instant.parse("2026-12-31T00:00:00Z"), key.expires());
        assertEquals("ci", ring.find("ci-1").orElseThrow().client());
        assertEquals(null, ring.find("ci-1").orElseThrow().expires());
    }

    @Test
    void theNewestUnexpiredKeySigns() throws Exception {
        KeyRing ring = parse("""
                groups.lab {
                  client = "lab-a"
                  keys = [
                    { id = "old", secret = "base64:%1$s", expires = "2026-11-01T00:00:00Z" }
                    { id = "current", secret = "base64:%1$s" }
                    { id = "next", secret = "base64:%1$s", expires = "2026-11-20T10:00:00Z" }
                    { id = "pulled", secret = "base64:%1$s", revoked = true }
                  ]
                }
                """.formatted(SECRET_B64), Map.of());
        // "next" is newer but expired at NOW, "pulled" is revoked
        assertEquals("current", ring.signingKey("lab", NOW).orElseThrow().id());
        assertEquals("next", ring.signingKey("lab", NOW.minusSeconds(1)).orElseThrow().id());
        assertTrue(ring.signingKey("other", NOW).isEmpty());
    }

    @Test
    void jsonWorksToo() throws Exception {
        String json = "{\"groups\":{\"lab\":{\"client\":\"lab-a\",\"keys\":[{\"id\":\"k1\",\"secret\":\"base64:"
                + SECRET_B64 + "\"}]}}}";
        KeyRing ring = KeyFile.parse("keys.json", json.getBytes(StandardCharsets.UTF_8), name -> null);
        assertTrue(ring.find("k1").isPresent());
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        KeyRing ring = parse("""
                groups.lab {
                  client = "lab-a"
                  keys = [ { id = "lab-2027.01" }, { id = "named", secret = "env:LAB_NAMED" } ]
                }
                """, Map.of("SIMGATE_KEY_LAB_2027_01", SECRET_B64,
                "LAB_NAMED", Base64.getEncoder().encodeToString(TestKeys.secret(9))));
        assertArrayEquals(TestKeys.secret(7), ring.find("lab-2027.01").orElseThrow().secret());
        assertArrayEquals(TestKeys.secret(9), ring.find("named").orElseThrow().secret());
        assertEquals("SIMGATE_KEY_LAB_2027_01", KeyFile.environmentName("lab-2027.01"));
    }

    @Test
    void errorsNameTheKeyAndNeverTheValue() {
        String shortSecret = Base64.getEncoder().encodeToString("tooShortSecretValue".getBytes(StandardCharsets.US_ASCII));
        String message = error("groups.lab { client = a, keys = [ { id = k, secret = \"base64:" + shortSecret + "\" } ] }");
        assertEquals("keys.conf: groups.lab.keys[0].secret: must be 32 to 1024 bytes", message);
        assertFalse(message.contains(shortSecret));

        message = error("groups.lab { client = a, keys = [ { id = k, secret = \"base64:not*base64*SECRETVALUE\" } ] }");
        assertEquals("keys.conf: groups.lab.keys[0].secret: is not valid base64", message);

        message = error("groups.lab { client = a, keys = [ { id = k, secret = \"SECRETVALUEWITHOUTPREFIX\" } ] }");
        assertEquals("keys.conf: groups.lab.keys[0].secret: must be base64:…, hex:… or env:NAME", message);

        assertEquals("keys.conf: groups.lab.keys[0].secret: missing, and environment variable SIMGATE_KEY_K is not set",
                error("groups.lab { client = a, keys = [ { id = k } ] }"));
        assertEquals("keys.conf: groups.lab.keys[0].secret: environment variable NOPE is not set",
                error("groups.lab { client = a, keys = [ { id = k, secret = \"env:NOPE\" } ] }"));
        assertEquals("keys.conf: groups.lab.keys[0].expires: must be an instant such as 2026-12-31T00:00:00Z",
                error("groups.lab { client = a, keys = [ { id = k, secret = \"base64:" + SECRET_B64
                        + "\", expires = tomorrow } ] }"));
        assertEquals("keys.conf: groups.lab.keys[1].id: key id k appears twice",
                error("groups.lab { client = a, keys = [ { id = k, secret = \"base64:" + SECRET_B64 + "\" },"
                        + " { id = k, secret = \"base64:" + SECRET_B64 + "\" } ] }"));
        assertEquals("keys.conf: groups.lab.keys[0].id: must be 1 to 64 of A-Z a-z 0-9 . _ -",
                error("groups.lab { client = a, keys = [ { id = \"a:b\", secret = \"base64:" + SECRET_B64 + "\" } ] }"));
        assertEquals("keys.conf: groups.lab.client: missing", error("groups.lab { keys = [] }"));
        assertEquals("keys.conf: groups: missing", error("keys = []"));
    }

    @Test
    void aSyntaxErrorGivesTheLineAndNoText() {
        String message = error("groups.lab {\n client = a\n keys = [ { id = k, secret = SECRETVALUE123 ] }");
        assertTrue(message.startsWith("keys.conf: line "), message);
        assertTrue(message.endsWith(": not valid HOCON"), message);
        assertFalse(message.contains("SECRETVALUE123"));
    }

    @Test
    void toStringNeverShowsTheSecret() throws Exception {
        SharedKey key = TestKeys.shared("k", "lab-a", 0x41, null);
        String secretText = new String(key.secret(), StandardCharsets.ISO_8859_1);
        assertFalse(key.toString().contains(secretText));
        assertFalse(key.toString().contains(Base64.getEncoder().encodeToString(key.secret())));
        assertFalse(key.toString().contains(HexFormat.of().formatHex(key.secret())));
        assertTrue(key.toString().contains("secret redacted"));
        assertTrue(KnownKey.of(key).toString().contains("key redacted"));
        assertFalse(KnownKey.of(key).toString().contains(secretText));
    }
}
