package org.simgate.aka;

import java.security.GeneralSecurityException;

/**
 * AUTS whose MAC-S does not verify: it was not made by a card holding this subscriber's key, or
 * it was made for another RAND. The network must not resynchronise on it (TS 33.102 §6.3.5).
 * The message never carries AUTS or any key.
 */
public final class AutsRejectedException extends GeneralSecurityException {

    public AutsRejectedException(String message) {
        super(message);
    }
}
