package org.simgate.bench;

import com.typesafe.config.ConfigFactory;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.simgate.aka.AkaAlgorithm;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.Tuak;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SoftUicc;

/**
 * TUAK against Milenage: the card-side cost of one authentication (f2345 + f1, what the software card
 * computes per AUTHENTICATE), the software card's whole AUTHENTICATE + GET RESPONSE, and a whole
 * AUTHENTICATE transaction on a simulated slot as the
 * protocols see it (slot thread, UsimApplication, procedure bytes, software card; SQN check off so one
 * AUTN serves every iteration). Milenage is TS 35.208 set 1; TUAK is TS 35.233 set 1 (128-bit K,
 * one Keccak iteration) and set 6 (256-bit K, every output 256 bits, two iterations).
 *
 * <p>Run: {@code scripts/bench-jmh AkaAlgorithm -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class AkaAlgorithmBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RAND = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
    private static final byte[] SQN = HEX.parseHex("000000000020");
    private static final byte[] AMF = HEX.parseHex("8000");

    @Param({"milenage", "tuak-set1", "tuak-set6"})
    public String algorithm;

    private AkaAlgorithm aka;
    private Gateway gateway;
    private AuthRequest request;
    private SoftUicc card;
    private byte[] authenticate;
    private byte[] getResponse;

    @Setup
    public void start() throws Exception {
        String simcard;
        AkaKeys keys;
        switch (algorithm) {
            case "milenage" -> {
                keys = new AkaKeys.MilenageKeys(HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                        HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf"));
                simcard = "k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\"";
            }
            case "tuak-set1" -> {
                keys = AkaKeys.TuakKeys.withTop(HEX.parseHex("abababababababababababababababab"),
                        HEX.parseHex("5555555555555555555555555555555555555555555555555555555555555555"),
                        new Tuak.Lengths(64, 32, 128, 128), 1);
                simcard = "algorithm = tuak, k = \"abababababababababababababababab\","
                        + " top = \"5555555555555555555555555555555555555555555555555555555555555555\", res-length = 32";
            }
            case "tuak-set6" -> {
                keys = AkaKeys.TuakKeys.withTop(
                        HEX.parseHex("1574ca56881d05c189c82880f789c9cd4244955f4426aa2b69c29f15770e5aa5"),
                        HEX.parseHex("e59f6eb10ea406813f4991b0b9e02f181edf4c7e17b480f66d34da35ee88c95e"),
                        new Tuak.Lengths(256, 256, 256, 256), 2);
                simcard = "algorithm = tuak, k = \"1574ca56881d05c189c82880f789c9cd4244955f4426aa2b69c29f15770e5aa5\","
                        + " top = \"e59f6eb10ea406813f4991b0b9e02f181edf4c7e17b480f66d34da35ee88c95e\","
                        + " mac-length = 256, res-length = 256, ck-ik-length = 256, keccak-iterations = 2";
            }
            default -> throw new IllegalArgumentException(algorithm);
        }
        aka = keys.algorithm();
        card = new SoftUicc(SimcardProfile.of("001010000000001", "8988211000000000011", keys).withSqnCheck(false));
        card.process(HEX.parseHex("00a4040c07a0000000871002"));
        request = new AuthRequest(Application.USIM, RAND,
                new AuthenticationCentre(keys.algorithm()).generate(RAND, AuthenticationCentre.sqnValue(SQN), AMF).autn());
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.enabled = false
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = [ { id = 0, transport = simcard, simcard {
                    imsi = "001010000000001", iccid = "8988211000000000011", sqn-check = false, %s } } ]
                }""".formatted(simcard)).withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        byte[] autn = request.autn();
        authenticate = new byte[5 + 2 + 16 + 16];
        System.arraycopy(HEX.parseHex("0088008122"), 0, authenticate, 0, 5);
        authenticate[5] = 16;
        System.arraycopy(RAND, 0, authenticate, 6, 16);
        authenticate[22] = 16;
        System.arraycopy(autn, 0, authenticate, 23, 16);
        byte[] first = card.process(authenticate);
        getResponse = new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, first[1]};
        if ((card.process(getResponse)[0] & 0xff) != 0xDB || !(slotAuthenticate() instanceof AuthResult.Success)) {
            throw new IllegalStateException("the simulated slot did not authenticate");
        }
    }

    /** What the card computes per AUTHENTICATE: RES, CK, IK, AK, then MAC-A. */
    @Benchmark
    public byte[] cardFunctions() {
        AkaOutput out = aka.f2345(RAND);
        return aka.f1(RAND, SQN, AMF);
    }

    /** The software card alone: AUTHENTICATE (f2345, f1, SQN handling) and GET RESPONSE, no threads. */
    @Benchmark
    public byte[] cardAuthenticate() {
        card.process(authenticate);
        return card.process(getResponse);
    }

    /** One AUTHENTICATE transaction on the simulated slot, through SimService. */
    @Benchmark
    public AuthResult slotAuthenticate() {
        return gateway.service().authenticate(0, request).join();
    }

    @TearDown
    public void stop() {
        gateway.close();
    }
}
