package org.simgate.service;

/**
 * RAND and AUTN (16 bytes each) for AUTHENTICATE on the given application, and optionally the keys
 * to derive from a successful answer ({@code derive} null: none).
 */
public record AuthRequest(Application application, byte[] rand, byte[] autn, DeriveRequest derive) {
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

    /** AUTHENTICATE alone, nothing derived. */
    public AuthRequest(Application application, byte[] rand, byte[] autn) {
        this(application, rand, autn, null);
    }

    @Override
    public String toString() {
        return "AuthRequest[" + application + (derive != null ? ", derive" : "") + "]";
    }
}
