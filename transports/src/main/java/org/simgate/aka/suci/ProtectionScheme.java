package org.simgate.aka.suci;

/** The SUCI protection schemes of TS 33.501 Annex C, with their scheme identifiers (C.1). */
public enum ProtectionScheme {
    /** C.2: no concealment, the MSIN in clear. */
    NULL_SCHEME(0, "null-scheme"),
    /** C.3.4.1: ECIES over Curve25519 (X25519). */
    PROFILE_A(1, "Profile A"),
    /** C.3.4.2: ECIES over secp256r1 (P-256), ephemeral key sent compressed. */
    PROFILE_B(2, "Profile B");

    private final int id;
    private final String title;

    ProtectionScheme(int id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The protection scheme identifier a SUCI carries. */
    public int id() {
        return id;
    }

    /** How TS 33.501 names it. */
    public String title() {
        return title;
    }

    /** The scheme with this identifier; IllegalArgumentException for the ones simgate does not implement. */
    public static ProtectionScheme of(int id) {
        for (ProtectionScheme scheme : values()) {
            if (scheme.id == id) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("protection scheme " + id + " is not one of 0 (null-scheme), 1 (Profile A),"
                + " 2 (Profile B)");
    }
}
