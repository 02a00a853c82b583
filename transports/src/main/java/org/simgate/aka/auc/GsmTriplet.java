package org.simgate.aka.auc;

import org.simgate.transport.Hex;

/**
 * A GSM authentication triplet made from a UMTS vector (TS 33.102 §6.8.1.2): RAND, SRES = c2(XRES)
 * and Kc = c3(CK, IK), as a USIM answers the same RAND in GSM context. toString shows only RAND.
 */
public record GsmTriplet(byte[] rand, byte[] sres, byte[] kc) {
    public GsmTriplet {
        rand = rand.clone();
        sres = sres.clone();
        kc = kc.clone();
    }

    @Override
    public byte[] rand() {
        return rand.clone();
    }

    @Override
    public byte[] sres() {
        return sres.clone();
    }

    @Override
    public byte[] kc() {
        return kc.clone();
    }

    @Override
    public String toString() {
        return "GsmTriplet[rand=" + Hex.lower(rand) + ", sres and kc redacted]";
    }
}
