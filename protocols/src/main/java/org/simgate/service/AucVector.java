package org.simgate.service;

/**
 * An authentication vector as the AuC hands it out: RAND and AUTN for the card, XRES, CK and IK for
 * the network; XRES* and KAUSF only when a 5G serving network was named (else null). Every value but
 * RAND and AUTN is a secret: toString shows none of them.
 */
public record AucVector(byte[] rand, byte[] autn, byte[] xres, byte[] ck, byte[] ik, byte[] xresStar, byte[] kausf) {
    @Override
    public String toString() {
        return "AucVector[" + rand.length + "-byte rand, autn; xres, ck, ik" + (kausf == null ? "" : ", xres*, kausf")
                + " redacted]";
    }
}
