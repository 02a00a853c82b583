package org.simgate.protocol;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.simgate.security.SignableRequest;
import org.simgate.security.signature.SignatureAlgorithm;

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
     *
     * @param scheme the listener's, {@code http} or {@code https}
     */
    public static SignableRequest signable(FullHttpRequest request, String scheme) {
        return new SignableRequest(request.method().name(), targetUri(request, scheme), request.headers()::getAll,
                ByteBufUtil.getBytes(request.content()));
    }

    static String targetUri(FullHttpRequest request, String scheme) {
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            return uri; // absolute form: the request target is the whole URI
        }
        // no Host: no authority, which the verifier refuses as malformed
        String host = request.headers().get(HttpHeaderNames.HOST);
        return scheme + "://" + (host == null ? "" : host) + uri;
    }

    /**
     * Whether verifying may take long enough to stall an event loop: a P-384 ECDSA signature costs
     * milliseconds, an HMAC microseconds. The verifier takes the algorithm from the key and refuses
     * an {@code alg} that names another one before any signature work, so a request whose
     * Signature-Input does not name the ECDSA algorithm never costs an ECDSA verification.
     */
    public static boolean slowToVerify(FullHttpRequest request) {
        for (String input : request.headers().getAll("Signature-Input")) {
            if (input.contains(SLOW_ALGORITHM)) {
                return true;
            }
        }
        return false;
    }
}
