package org.simgate.security.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HMAC with the Macs each thread keeps initialized per key: always the MAC of that key, whatever came before. */
class SignatureAlgorithmTest {
    @Test
    void manyKeysInTurnEachGetTheirOwnMac() throws Exception {
        Random random = new Random(4);
        List<SecretKey> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // more keys than a thread keeps Macs for: slots shared and re-initialized
            byte[] secret = new byte[16 + random.nextInt(80)]; // longer than a block too: hashed first
            random.nextBytes(secret);
            keys.add(new SecretKeySpec(secret, "HmacSHA256"));
        }
        for (int round = 0; round < 2_000; round++) {
            SecretKey key = keys.get(random.nextInt(keys.size()));
            byte[] base = ("\"@method\": POST\n" + round).getBytes(StandardCharsets.US_ASCII);
            Mac fresh = Mac.getInstance("HmacSHA256");
            fresh.init(key);
            byte[] expected = fresh.doFinal(base);
            assertArrayEquals(expected, SignatureAlgorithm.HMAC_SHA256.sign(key, base));
            assertTrue(SignatureAlgorithm.HMAC_SHA256.verify(key, base, expected));
            expected[round % expected.length] ^= 1;
            assertFalse(SignatureAlgorithm.HMAC_SHA256.verify(key, base, expected));
        }
    }
}
