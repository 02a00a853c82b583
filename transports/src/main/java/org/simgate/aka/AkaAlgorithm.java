package org.simgate.aka;

/**
 * The authentication functions f1..f5* of TS 33.102 §6.3, as a USIM and its home network share
 * them. Milenage (TS 35.206) implements them today; TUAK (TS 35.231) joins later.
 * Instances hold the subscriber key and are not thread-safe: one per card, used from its slot's thread.
 */
public interface AkaAlgorithm {

    /** f1: network authentication code MAC-A over RAND, SQN (6 bytes) and AMF (2 bytes). */
    byte[] f1(byte[] rand, byte[] sqn, byte[] amf);

    /** f1*: resynchronisation code MAC-S. */
    byte[] f1star(byte[] rand, byte[] sqn, byte[] amf);

    /** f2..f5 at once, as a card computes them: RES, CK, IK and the anonymity key AK. */
    AkaOutput f2345(byte[] rand);

    /** f5*: the anonymity key that conceals SQN_MS in AUTS. */
    byte[] f5star(byte[] rand);
}
