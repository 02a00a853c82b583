package org.simgate.service;

/** A GSM triplet: RAND, and the secrets SRES and Kc, which toString does not show. */
public record AucTriplet(byte[] rand, byte[] sres, byte[] kc) {
    @Override
    public String toString() {
        return "AucTriplet[rand, sres and kc redacted]";
    }
}
