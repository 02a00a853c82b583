package org.simgate.protocol;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.simgate.security.HeaderFields;
import org.simgate.security.SignableRequest;
import org.simgate.security.signature.SignatureAlgorithm;
import org.simgate.security.signature.SignatureFailure;
import org.simgate.security.signature.SignatureFields;

/**
 * A Netty HTTP request as the RFC 9421 verifier reads it, for every HTTP listener (REST and
 * management): one rule for the target URI a signature covers, and one for which requests are
 * worth verifying off the event loop.
 */
public final class SignedHttpRequest {
    private static final String SLOW_ALGORITHM = SignatureAlgorithm.ECDSA_P384_SHA384.wireName();

    private SignedHttpRequest() {
    }

    /**
     * The request as its sender signed it: the target URI is the listener's scheme, the Host
     * header as sent and the request target ({@code https://gw.example:8443/?type=imsi}).
     * An absolute-form request target ({@code GET https://gw.example/x HTTP/1.1}) gives the
     * authority, path and query (RFC 9112 §3.2.2), never the scheme: a signature is verified for
     * the listener that received it, so one made for {@code https} fails on the plain listener.
     *
     * @param scheme the listener's, {@code http} or {@code https}
     */
    public static SignableRequest signable(FullHttpRequest request, String scheme) {
        return new SignableRequest(request.method().name(), targetUri(request, scheme),
                new SignatureHeaders(request.headers()), ByteBufUtil.getBytes(request.content()));
    }

    /**
     * Netty's headers as the verifier reads them. Signature-Input is read twice (whether the
     * signature is slow to verify, then its fields) and Content-Digest twice (the signature base,
     * then the body's digest): each is looked up in Netty's headers once.
     */
    static final class SignatureHeaders implements HeaderFields {
        private final HttpHeaders headers;
        private List<String> signatureInput;
        private List<String> contentDigest;

        SignatureHeaders(HttpHeaders headers) {
            this.headers = headers;
        }

        @Override
        public List<String> all(String name) {
            if (name.equalsIgnoreCase("signature-input")) {
                if (signatureInput == null) {
                    signatureInput = headers.getAll(name);
                }
                return signatureInput;
            }
            if (name.equalsIgnoreCase("content-digest")) {
                if (contentDigest == null) {
                    contentDigest = headers.getAll(name);
                }
                return contentDigest;
            }
            return headers.getAll(name);
        }
    }

    static String targetUri(FullHttpRequest request, String scheme) {
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            int authority = uri.indexOf("://");
            if (authority <= 0 || !isScheme(uri, authority)) {
                return uri; // neither origin nor absolute form (OPTIONS *): the verifier refuses it as malformed
            }
            return scheme + uri.substring(authority); // absolute form: all but its scheme
        }
        // no Host: no authority, which the verifier refuses as malformed
        String host = request.headers().get(HttpHeaderNames.HOST);
        return scheme + "://" + (host == null ? "" : host) + uri;
    }

    /** RFC 3986 §3.1: a letter, then letters, digits, {@code +}, {@code -} and {@code .}. */
    private static boolean isScheme(String uri, int end) {
        for (int i = 0; i < end; i++) {
            char c = uri.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether verifying may take long enough to stall an event loop: a P-384 ECDSA signature costs
     * milliseconds, an HMAC microseconds. The verifier takes the algorithm from the key and refuses
     * an {@code alg} that names another one before any signature work, so a request whose
     * Signature-Input does not name the ECDSA algorithm never costs an ECDSA verification.
     */
    public static boolean slowToVerify(FullHttpRequest request) {
        return slowToVerify(request.headers()::getAll);
    }

    /** {@link #slowToVerify(FullHttpRequest)} of a request's header fields. */
    public static boolean slowToVerify(HeaderFields headers) {
        for (String input : headers.all("signature-input")) {
            if (input.contains(SLOW_ALGORITHM)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keyid of the signature the verifier would check (the first label of Signature-Input),
     * or null when the fields do not parse or name none: such a request fails before any
     * signature work, so it is cheap to refuse on the event loop. For bounding what one key id
     * may queue ({@link VerificationLimits}).
     */
    public static String claimedKeyId(FullHttpRequest request) {
        try {
            return SignatureFields.parse(request.headers()::getAll).keyId();
        } catch (SignatureFailure e) {
            return null;
        }
    }
}
