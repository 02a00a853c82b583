package org.simgate.bench;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.ue.MobileEquipment;

/**
 * One SUCI concealment per profile, as the gateway does it after reading IMSI and EF.AD: a fresh
 * ephemeral key pair, ECDH with the TS 33.501 C.4 home network key, X9.63 KDF, AES-CTR, HMAC.
 *
 * <p>Run: {@code scripts/bench-jmh SuciBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SuciBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PROFILE_A_KEY =
            HEX.parseHex("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650");
    private static final byte[] PROFILE_B_KEY =
            HEX.parseHex("0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1");

    private final SecureRandom random = new SecureRandom();

    @Benchmark
    public SubscriptionConcealedIdentifier profileA() throws Exception {
        return MobileEquipment.suci("001010000000001", 2, "0", ProtectionScheme.PROFILE_A, 1, PROFILE_A_KEY, random);
    }

    @Benchmark
    public SubscriptionConcealedIdentifier profileB() throws Exception {
        return MobileEquipment.suci("001010000000001", 2, "0", ProtectionScheme.PROFILE_B, 2, PROFILE_B_KEY, random);
    }
}
