package org.simgate.service;

/** RAND and AUTN (16 bytes each) for AUTHENTICATE on the given application. */
public record AuthRequest(Application application, byte[] rand, byte[] autn) {
    public AuthRequest {
        if (rand == null || rand.length != 16) {
            throw new IllegalArgumentException("rand must be 16 bytes");
        }
        if (autn == null || autn.length != 16) {
            throw new IllegalArgumentException("autn must be 16 bytes");
        }
        if (application == null) {
            application = Application.USIM;
        }
    }

    @Override
    public String toString() {
        return "AuthRequest[" + application + "]";
    }
}
