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
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.ue.MobileEquipment;

/**
 * What {@code derive} adds to a sim-auth request: one AUTHENTICATE transaction on a simulated
 * Milenage slot (TS 35.208 set 1, SQN check off) with nothing, the 5G chain (RES*, KAUSF, KSEAF,
 * KAMF), or every derivation (5G, EAP-AKA' with its 208-byte MK, EPS) derived on the slot thread.
 *
 * <p>Run: {@code scripts/bench-jmh DeriveBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DeriveBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RAND = HEX.parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] AUTN = HEX.parseHex("3cbc31a43007800010f4e2e95de26b00");
    private static final String SNN = "5G:mnc001.mcc001.3gppnetwork.org";

    @Param({"none", "5g", "all"})
    public String derive;

    private Gateway gateway;
    private AuthRequest request;
    private AuthResult.Success answer;

    @Setup
    public void start() throws Exception {
        DeriveRequest.FiveG fiveG = new DeriveRequest.FiveG(SNN, "imsi-001010000000001", null);
        DeriveRequest what = switch (derive) {
            case "none" -> null;
            case "5g" -> new DeriveRequest(fiveG, null, null);
            case "all" -> new DeriveRequest(fiveG, new DeriveRequest.EapAkaPrime("WLAN", "0001010000000001@wlan"),
                    new DeriveRequest.Eps("001", "01"));
            default -> throw new IllegalArgumentException(derive);
        };
        request = new AuthRequest(Application.USIM, RAND, AUTN, what);
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.enabled = false
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = [ { id = 0, transport = simcard, simcard {
                    imsi = "001010000000001", iccid = "8988211000000000011",
                    k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf",
                    sqn-check = false } } ]
                }""").withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        if (!(slotAuthenticate() instanceof AuthResult.Success success)) {
            throw new IllegalStateException("the simulated slot did not authenticate");
        }
        answer = success;
    }

    /** The derivation alone, from a card's answer, as the slot thread runs it after AUTHENTICATE. */
    @Benchmark
    public Object derivation() {
        return request.derive() == null ? null : MobileEquipment.keys(request.derive(), RAND, AUTN, answer.res(),
                answer.ck(), answer.ik());
    }

    @Benchmark
    public AuthResult slotAuthenticate() {
        return gateway.service().authenticate(0, request).join();
    }

    @TearDown
    public void stop() {
        gateway.close();
    }
}
