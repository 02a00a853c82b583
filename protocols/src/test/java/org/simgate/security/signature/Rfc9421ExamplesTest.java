package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.simgate.security.HeaderFields;
import org.simgate.security.SignableRequest;

/** RFC 9421 Appendix B: the test request (B.2) and the signatures the RFC gives for it. */
class Rfc9421ExamplesTest {

    /** B.1.5 test-shared-secret. */
    static final byte[] SHARED_SECRET = Base64.getDecoder().decode(
            "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==");

    /** B.1.4 test-key-ed25519, public half. */
    static final String ED25519_PUBLIC = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";

    /** B.2: POST /foo?param=Value&Pet=dog to example.com. */
    static SignableRequest testRequest() {
        return new SignableRequest("POST", "https://example.com/foo?param=Value&Pet=dog", HeaderFields.ofPairs(
                "Host", "example.com",
                "Date", "Tue, 20 Apr 2021 02:07:55 GMT",
                "Content-Type", "application/json",
                "Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
                "Content-Length", "18",
                "Signature-Input", "sig-b25=(\"date\" \"@authority\" \"content-type\")"
                        + ";created=1618884473;keyid=\"test-shared-secret\"",
                "Signature", "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:"),
                "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void b25HmacSha256BaseAndSignatureByteForByte() throws Exception {
        SignableRequest request = testRequest();
        String params = "(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";
        byte[] base = SignatureBase.create(request, java.util.List.of("date", "@authority", "content-type"), params);
        assertEquals("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@authority": example.com
                "content-type": application/json
                "@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret\"""",
                new String(base, StandardCharsets.US_ASCII));

        byte[] mac = SignatureAlgorithm.HMAC_SHA256.sign(new SecretKeySpec(SHARED_SECRET, "HmacSHA256"), base);
        assertEquals("pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=", Base64.getEncoder().encodeToString(mac));
    }

    @Test
    void b25FieldsParseToTheSameBase() throws Exception {
        ParsedSignature parsed = SignatureFields.parse(testRequest().headers());
        assertEquals("sig-b25", parsed.label());
        assertEquals("(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"",
                parsed.signatureParams());
        assertEquals(java.util.List.of("date", "@authority", "content-type"), parsed.components());
        assertArrayEquals(Base64.getDecoder().decode("pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8="),
                parsed.signature());
    }

    @Test
    void b23FullCoverageBase() throws Exception {
        String params = "(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" "
                + "\"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
        byte[] base = SignatureBase.create(testRequest(), java.util.List.of("date", "@method", "@path", "@query",
                "@authority", "content-type", "content-digest", "content-length"), params);
        assertEquals("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@method": POST
                "@path": /foo
                "@query": ?param=Value&Pet=dog
                "@authority": example.com
                "content-type": application/json
                "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
                "content-length": 18
                """ + "\"@signature-params\": " + params, new String(base, StandardCharsets.US_ASCII));
    }

    @Test
    void b21MinimalBaseCoversOnlyItsParameters() throws Exception {
        String params = "();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"";
        byte[] base = SignatureBase.create(testRequest(), java.util.List.of(), params);
        assertEquals("\"@signature-params\": " + params, new String(base, StandardCharsets.US_ASCII));
    }

    /** B.2.6's Ed25519 signature is deterministic: it verifies only over exactly the RFC's base. */
    @Test
    void b26Ed25519SignatureVerifiesOverOurBase() throws Exception {
        String params = "(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
                + ";created=1618884473;keyid=\"test-key-ed25519\"";
        byte[] base = SignatureBase.create(testRequest(), java.util.List.of("date", "@method", "@path", "@authority",
                "content-type", "content-length"), params);
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(ED25519_PUBLIC)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(base);
        assertTrue(verifier.verify(Base64.getDecoder().decode(
                "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==")));
    }

    @Test
    void theTestRequestsDigestIsRfc9530s() throws Exception {
        ContentDigest.verify(testRequest().headers().all("content-digest"), testRequest().body());
        assertEquals("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", ContentDigest.of(testRequest().body()));
    }
}
