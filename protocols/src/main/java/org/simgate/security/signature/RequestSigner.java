package org.simgate.security.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.simgate.security.HeaderFields;
import org.simgate.security.SignableRequest;
import org.simgate.security.keys.SharedKey;

/**
 * The client side: the header fields that make a request verify — Content-Digest (when there is
 * a body), Signature-Input and Signature, label {@code sig1}, covering {@code @method},
 * {@code @target-uri} and, with a body, {@code content-digest}; {@code created} from the clock and a
 * fresh random nonce each time. Thread-safe.
 */
public final class RequestSigner {
    public static final String LABEL = "sig1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final Key key;
    private final Clock clock;

    private RequestSigner(String keyId, SignatureAlgorithm algorithm, Key key, Clock clock) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.algorithm = algorithm;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Signs with a group's shared key (hmac-sha256), e.g. {@code KeyRing.signingKey(group, now)}. */
    public static RequestSigner hmac(SharedKey key, Clock clock) {
        return new RequestSigner(key.id(), SignatureAlgorithm.HMAC_SHA256, key.secretKey(), clock);
    }

    /** Signs as a registered device (ecdsa-p384-sha384). */
    public static RequestSigner ecdsa(String keyId, ECPrivateKey key, Clock clock) {
        return new RequestSigner(keyId, SignatureAlgorithm.ECDSA_P384_SHA384, key, clock);
    }

    /**
     * The fields to add to the request, in order: Content-Digest (only with a body),
     * Signature-Input, Signature.
     *
     * @param targetUri the absolute URI the server will see: scheme, Host as sent, path and query
     */
    public Map<String, String> sign(String method, String targetUri, byte[] body) {
        return sign(method, targetUri, body, newNonce());
    }

    Map<String, String> sign(String method, String targetUri, byte[] body, String nonce) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> covered = new ArrayList<>();
        covered.add("@method");
        covered.add("@target-uri");
        if (body != null && body.length > 0) {
            fields.put("Content-Digest", ContentDigest.of(body));
            covered.add("content-digest");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", clock.instant().getEpochSecond());
        params.put("nonce", nonce);
        params.put("keyid", keyId);
        params.put("alg", algorithm.wireName());
        String signatureParams = StructuredFields.serialize(new StructuredFields.InnerList(
                covered.stream().map(name -> new StructuredFields.Item(name, Map.of())).toList(), params));

        Map<String, List<String>> headers = new LinkedHashMap<>();
        fields.forEach((name, value) -> headers.put(name, List.of(value)));
        SignableRequest request = new SignableRequest(method, targetUri, HeaderFields.of(headers), body);
        byte[] signature;
        try {
            byte[] base = SignatureBase.create(request, covered, signatureParams);
            signature = algorithm.sign(key, base);
        } catch (SignatureFailure e) {
            throw new IllegalArgumentException("request cannot be signed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
        }
        fields.put("Signature-Input", LABEL + "=" + signatureParams);
        fields.put("Signature", LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
        return fields;
    }

    /** 128 random bits, base64url without padding: 22 characters. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "RequestSigner[keyid=" + keyId + ", " + algorithm.wireName() + ", key redacted]";
    }
}
