package org.simgate.aka;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * MILENAGE (3GPP TS 35.206) with the standard constants r1..r5 = 64, 0, 32, 64, 96 bits and
 * c1..c5 = 0, 1, 2, 4, 8. Not thread-safe: it keeps one initialised AES cipher.
 */
public final class Milenage implements AkaAlgorithm {
    private final Cipher aes;
    private final byte[] opc;

    private Milenage(byte[] k, byte[] opc) {
        requireLength("K", k, 16);
        requireLength("OPc", opc, 16);
        this.aes = aes(k);
        this.opc = opc.clone();
    }

    /** A Milenage instance from K and OPc (as most cards store it). */
    public static Milenage withOpc(byte[] k, byte[] opc) {
        return new Milenage(k, opc);
    }

    /** A Milenage instance from K and the operator variant OP; OPc is derived. */
    public static Milenage withOp(byte[] k, byte[] op) {
        return new Milenage(k, opcFromOp(k, op));
    }

    /** OPc = OP xor E_K(OP). */
    public static byte[] opcFromOp(byte[] k, byte[] op) {
        requireLength("K", k, 16);
        requireLength("OP", op, 16);
        byte[] opc = encrypt(aes(k), op);
        xorInto(opc, op);
        return opc;
    }

    @Override
    public byte[] f1(byte[] rand, byte[] sqn, byte[] amf) {
        return slice(out1(rand, sqn, amf), 0, 8);
    }

    @Override
    public byte[] f1star(byte[] rand, byte[] sqn, byte[] amf) {
        return slice(out1(rand, sqn, amf), 8, 8);
    }

    @Override
    public AkaOutput f2345(byte[] rand) {
        byte[] temp = temp(rand);
        byte[] out2 = out(temp, 0, 0x01);
        return new AkaOutput(slice(out2, 8, 8), out(temp, 4, 0x02), out(temp, 8, 0x04), slice(out2, 0, 6));
    }

    @Override
    public byte[] f5star(byte[] rand) {
        return slice(out(temp(rand), 12, 0x08), 0, 6);
    }

    private byte[] temp(byte[] rand) {
        requireLength("RAND", rand, 16);
        byte[] in = rand.clone();
        xorInto(in, opc);
        return encrypt(aes, in);
    }

    /** OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc, with IN1 = SQN||AMF||SQN||AMF. */
    private byte[] out1(byte[] rand, byte[] sqn, byte[] amf) {
        requireLength("SQN", sqn, 6);
        requireLength("AMF", amf, 2);
        byte[] temp = temp(rand);
        byte[] in1 = new byte[16];
        System.arraycopy(sqn, 0, in1, 0, 6);
        System.arraycopy(amf, 0, in1, 6, 2);
        System.arraycopy(in1, 0, in1, 8, 8);
        byte[] block = new byte[16];
        for (int i = 0; i < 16; i++) {
            // r1 = 64 bits: rotating by 8 bytes
            block[i] = (byte) (temp[i] ^ in1[(i + 8) % 16] ^ opc[(i + 8) % 16]);
        }
        byte[] out = encrypt(aes, block);
        xorInto(out, opc);
        return out;
    }

    /** OUTn = E_K(rot(TEMP xor OPc, r) xor c) xor OPc, with r in bytes and c in the last byte. */
    private byte[] out(byte[] temp, int rotateBytes, int c) {
        byte[] block = new byte[16];
        for (int i = 0; i < 16; i++) {
            int j = (i + rotateBytes) % 16;
            block[i] = (byte) (temp[j] ^ opc[j]);
        }
        block[15] ^= (byte) c;
        byte[] out = encrypt(aes, block);
        xorInto(out, opc);
        return out;
    }

    private static Cipher aes(byte[] k) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 is not available in this JVM", e);
        }
    }

    private static byte[] encrypt(Cipher cipher, byte[] block) {
        try {
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block encryption failed", e);
        }
    }

    private static void xorInto(byte[] target, byte[] with) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= with[i];
        }
    }

    private static byte[] slice(byte[] from, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(from, offset, out, 0, length);
        return out;
    }

    private static void requireLength(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            // the value itself is a secret: only its length goes in the message
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (value == null ? "none" : value.length));
        }
    }
}
