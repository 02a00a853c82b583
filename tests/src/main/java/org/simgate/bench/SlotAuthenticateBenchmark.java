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
import org.simgate.gateway.metrics.GatewayMetrics;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.SimService;

/**
 * One full simulated AUTHENTICATE transaction as the protocols see it: SimService.authenticate
 * hands the request to the slot's thread, UsimApplication sends AUTHENTICATE through the
 * procedure-byte wrappers to the software card (61xx, GET RESPONSE), parses the answer, and the
 * future completes back on the caller. No sockets: what is left is the gateway's own cost.
 * The slot runs with sqn-check off and no state file, so one AUTN serves every iteration.
 *
 * <p>With {@code metrics = on} the call goes through the metered service the listeners get when
 * the management listener is on (counter by outcome, latency histogram): the difference between
 * the two is what metering costs per operation.
 *
 * <p>Run: {@code scripts/bench-jmh SlotAuthenticate}
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SlotAuthenticateBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final AuthRequest REQUEST = new AuthRequest(Application.USIM,
            HEX.parseHex("00112233445566778899aabbccddeeff"), HEX.parseHex("3cbc31a43007800010f4e2e95de26b00"));

    @Param({"off", "on"})
    public String metrics;

    private Gateway gateway;
    private GatewayMetrics meters;
    private SimService service;

    @Setup
    public void start() throws Exception {
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.enabled = false
                  line.enabled = false
                  management.enabled = false
                  https.enabled = false
                  slots = [ { id = 0, transport = simcard, simcard {
                    imsi = "001010000000001", iccid = "8988211000000000011",
                    k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf",
                    sqn-check = false } } ]
                }""").withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        if (metrics.equals("on")) {
            meters = new GatewayMetrics(gateway.slots());
            service = meters.meter(gateway.service(), "rest");
        } else {
            service = gateway.service();
        }
        if (!(authenticate() instanceof AuthResult.Success)) {
            throw new IllegalStateException("the simulated slot did not authenticate");
        }
    }

    @Benchmark
    public AuthResult authenticate() {
        return service.authenticate(0, REQUEST).join();
    }

    @TearDown
    public void stop() {
        gateway.close();
        if (meters != null) {
            meters.close();
        }
    }
}
