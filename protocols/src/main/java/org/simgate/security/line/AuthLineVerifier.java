package org.simgate.security.line;

import org.simgate.security.Authorization;
import org.simgate.security.Verification;
import org.simgate.security.signature.SignatureCheck;
import org.simgate.security.signature.SignatureFailure;

/**
 * Checks a line-protocol AUTH line with the same keys, window and nonce cache as signed HTTP
 * requests. The algorithm is the key's (the line names none). Until a connection's AUTH line
 * verified, the line handler answers every other line with an error and sends nothing to a card.
 */
public final class AuthLineVerifier {
    private final SignatureCheck check;

    public AuthLineVerifier(SignatureCheck check) {
        this.check = check;
    }

    /** {@link #verify(String, Authorization)} for a caller that authorizes later, or not at all. */
    public Verification verify(String line) {
        return verify(line, Authorization.ANY_CLIENT);
    }

    /** @param authorization whether the signer's client may use the connection: asked before the nonce is kept */
    public Verification verify(String line, Authorization authorization) {
        AuthLine auth;
        try {
            auth = AuthLine.parse(line);
        } catch (SignatureFailure e) {
            return Verification.refused(e.reason());
        }
        var claim = new SignatureCheck.Claim(auth.keyId(), auth.created(), null, auth.nonce(), null, auth.base(),
                auth.signature());
        return check.check(claim, () -> { }, authorization);
    }
}
