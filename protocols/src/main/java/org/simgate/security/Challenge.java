package org.simgate.security;

/**
 * The one answer every refused request gets, whatever failed: it says what a correct request
 * carries and which algorithms the server takes, never which check failed.
 */
public final class Challenge {

    /** The value of {@code WWW-Authenticate} on a 401. */
    public static final String WWW_AUTHENTICATE = "Signature realm=\"simgate\", "
            + "components=\"@method @target-uri content-digest\", "
            + "params=\"created nonce keyid alg\", "
            + "algs=\"hmac-sha256 ecdsa-p384-sha384\"";

    /**
     * The line protocol's answer to a request before its connection authenticated, and to an AUTH
     * line that did not verify (whatever failed): {@code >ERR:C085:authentication required}.
     */
    public static final String LINE_ERROR = "C085:authentication required";

    private Challenge() {
    }
}
