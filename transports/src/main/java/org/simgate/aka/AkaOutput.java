package org.simgate.aka;

/** RES, CK, IK and AK from f2..f5. All four are secrets: toString shows none of them. */
public record AkaOutput(byte[] res, byte[] ck, byte[] ik, byte[] ak) {
    @Override
    public String toString() {
        return "AkaOutput[res=" + res.length + " bytes, ck, ik, ak redacted]";
    }
}
