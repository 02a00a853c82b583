package org.simgate.aka;

import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import org.simgate.transport.Hex;

/**
 * One authentication vector as the home network hands it out (TS 33.102 §6.3.2): the challenge
 * RAND and AUTN that go to the card, and what the card must answer, XRES, CK and IK. SQN and AMF
 * are kept so the network can move on from them. toString shows only what travels in the clear.
 */
public record AuthenticationVector(byte[] rand, byte[] autn, byte[] xres, byte[] ck, byte[] ik, long sqn, byte[] amf) {

    /** The answer values a card returns, for naming the ones that did not match. */
    public enum Value { RES, CK, IK, KC }

    public AuthenticationVector {
        rand = rand.clone();
        autn = autn.clone();
        xres = xres.clone();
        ck = ck.clone();
        ik = ik.clone();
        amf = amf.clone();
    }

    /** Kc = c3(CK, IK), what a USIM returns beside CK and IK for GSM ciphering (TS 33.102 §6.8.1.2). */
    public byte[] kc() {
        return GsmConversion.c3(ck, ik);
    }

    /**
     * Which of the card's answers differ from this vector, compared in constant time. A null kc is
     * not checked (cards may leave Kc out of a 3G answer).
     */
    public Set<Value> mismatches(byte[] res, byte[] ck, byte[] ik, byte[] kc) {
        Set<Value> wrong = EnumSet.noneOf(Value.class);
        if (!MessageDigest.isEqual(xres, res)) {
            wrong.add(Value.RES);
        }
        if (!MessageDigest.isEqual(this.ck, ck)) {
            wrong.add(Value.CK);
        }
        if (!MessageDigest.isEqual(this.ik, ik)) {
            wrong.add(Value.IK);
        }
        if (kc != null && !MessageDigest.isEqual(kc(), kc)) {
            wrong.add(Value.KC);
        }
        return wrong;
    }

    @Override
    public byte[] rand() {
        return rand.clone();
    }

    @Override
    public byte[] autn() {
        return autn.clone();
    }

    @Override
    public byte[] xres() {
        return xres.clone();
    }

    @Override
    public byte[] ck() {
        return ck.clone();
    }

    @Override
    public byte[] ik() {
        return ik.clone();
    }

    @Override
    public byte[] amf() {
        return amf.clone();
    }

    @Override
    public String toString() {
        // SQN is left out too: AUTN conceals it with AK because it can track a subscriber
        return "AuthenticationVector[rand=" + Hex.lower(rand) + ", autn=" + Hex.lower(autn)
                + ", xres, ck, ik redacted]";
    }
}
