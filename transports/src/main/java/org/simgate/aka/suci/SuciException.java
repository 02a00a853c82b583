package org.simgate.aka.suci;

import java.security.GeneralSecurityException;

/**
 * A SUCI that cannot be deconcealed, or a key that cannot conceal: a wrong MAC tag, a point that is
 * not on the curve, a malformed scheme output. The message names the problem, never key material.
 */
public final class SuciException extends GeneralSecurityException {
    public SuciException(String message) {
        super(message);
    }
}
