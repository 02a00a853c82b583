package org.simgate.security.registration;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** The one curve devices register with: NIST P-384 (secp384r1), the curve of {@code ecdsa-p384-sha384}. */
final class P384 {
    static final String SIGNATURE_ALGORITHM = "SHA384withECDSA";
    private static final ECParameterSpec PARAMETERS = parameters();

    private P384() {
    }

    static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate P-384 keys", e);
        }
    }

    /**
     * Whether the key is a point of P-384 itself: the same curve, generator and order (a key on
     * P-256, or on a look-alike curve, is not), and a point that satisfies the curve equation.
     */
    static boolean isOnCurve(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        if (!params.getCurve().equals(PARAMETERS.getCurve())
                || !params.getGenerator().equals(PARAMETERS.getGenerator())
                || !params.getOrder().equals(PARAMETERS.getOrder())
                || params.getCofactor() != PARAMETERS.getCofactor()) {
            return false;
        }
        ECPoint w = key.getW();
        if (w.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        BigInteger p = ((ECFieldFp) PARAMETERS.getCurve().getField()).getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(PARAMETERS.getCurve().getA().multiply(x)).add(PARAMETERS.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static ECParameterSpec parameters() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp384r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-384 curve", e);
        }
    }
}
