package org.simgate.security;

import java.util.Objects;

/**
 * An HTTP request as RFC 9421 signs it, with no transport types: the method, the target URI as
 * the server reconstructs it (scheme of the listener, the Host header, the request target:
 * {@code https://gw.example:8443/sim-auth-api/v1/slot/0?x=1}), the header fields and the body
 * (empty, never null, when there is none).
 */
public record SignableRequest(String method, String targetUri, HeaderFields headers, byte[] body) {

    public SignableRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(targetUri, "targetUri");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    @Override
    public String toString() {
        // the body may carry RAND/AUTN or an APDU; the method and target are enough for a log
        return "SignableRequest[" + method + " " + targetUri + ", " + body.length + " body bytes]";
    }
}
