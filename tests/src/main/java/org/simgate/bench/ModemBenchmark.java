package org.simgate.bench;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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
import org.simgate.simulator.ModemSimulator;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.modem.AtCsimModem;
import org.simgate.transport.modem.ModemSettings;
import org.simgate.transport.simcard.SimcardProfile;

/**
 * The modem transport over a real pty (socat) to the modem simulator and its software USIM:
 * <ul>
 *   <li>{@code apdu}: one AT+CSIM exchange straight on the transport (SELECT of a missing file:
 *       a 28-byte command line, a 26-byte answer), the per-APDU cost of the AT framing and the pty;
 *   <li>{@code authenticate}: a whole AKA as the protocols ask for it (SimService.authenticate on the
 *       modem slot: AUTHENTICATE, 61 35, GET RESPONSE, parse), the USIM selected once beforehand.
 * </ul>
 * {@code lineRate} 0 runs at whatever the pty carries (a pty ignores the baud rate, as USB modems do);
 * 115200 makes the simulator take the time a 115200-baud 8N1 line takes to carry every byte both
 * ways (ten bits a byte), which is what a modem on a real UART costs at that speed. The card has
 * sqn-check off, so one AUTN serves every iteration.
 *
 * <p>Run: {@code scripts/bench-jmh Modem -f 1 -wi 2 -w 2s -i 3 -r 3s} (needs socat)
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ModemBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SELECT_MISSING = HEX.parseHex("00a40004027fff");
    private static final AuthRequest REQUEST = new AuthRequest(Application.USIM,
            HEX.parseHex("00112233445566778899aabbccddeeff"), HEX.parseHex("3cbc31a43007800010f4e2e95de26b00"));

    @Param({"0", "115200"})
    public int lineRate;

    private Path dir;
    private ModemSimulator apduModem;
    private AtCsimModem transport;
    private ModemSimulator slotModem;
    private Gateway gateway;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("simgate-modem-bench");
        SimcardProfile card = SimcardProfile.of("001010000000001", "8988211000000000011",
                HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc"), HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf"))
                .withSqnCheck(false);
        apduModem = ModemSimulator.start(dir.resolve("apdu"), card);
        apduModem.lineRate(lineRate);
        transport = new AtCsimModem(ModemSettings.of(apduModem.port()));
        transport.connect();

        slotModem = ModemSimulator.start(dir.resolve("slot"), card);
        slotModem.lineRate(lineRate);
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.enabled = false
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = [ { id = 5, transport = modem, modem { port = %s } } ]
                }""".formatted(ConfigUtil.quoteString(slotModem.port())))
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        if (!(authenticate() instanceof AuthResult.Success)) {
            throw new IllegalStateException("the modem slot did not authenticate");
        }
    }

    @Benchmark
    public byte[] apdu() throws CardTransportException {
        return transport.transmit(SELECT_MISSING);
    }

    @Benchmark
    public AuthResult authenticate() {
        return gateway.service().authenticate(5, REQUEST).join();
    }

    @TearDown(Level.Trial)
    public void stop() {
        gateway.close();
        transport.close();
        apduModem.close();
        slotModem.close();
    }
}
