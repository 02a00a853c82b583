package org.simgate.bench;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HexFormat;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.protocol.remsim.RemsimBankFront;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * One APDU on a remsim client slot (slot 7, {@code transport = remsim}) that borrows simulated slot 0
 * through simgate's own bank and the in-repo RSPRO server, beside the same APDU on slot 0 itself: what
 * the client transport and the chain (two RSPRO hops over loopback, the bank's slot thread) add to a
 * card's pace. Both as a transaction in the process; rounds alternate so that a busy machine weighs on
 * both alike.
 *
 * <p>{@code java -cp "tests/target/classes:$(cat tests/target/bench.classpath)"
 * org.simgate.bench.RemsimClientRoundTrip [seconds-per-round] [rounds]}
 */
public final class RemsimClientRoundTrip {
    private static final byte[] SELECT_MF = HexFormat.of().parseHex("00a4000c023f00");

    private RemsimClientRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (RemsimServer server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
             Gateway gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                     simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0
                       slots = [ { id = 0, transport = simcard, allow-apdu = true, simcard {
                         imsi = "001010000000001", iccid = "8988211000000000011"
                         k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } }
                         { id = 7, transport = remsim, allow-apdu = true, remsim {
                         server = "127.0.0.1:%d", client-id = 9 } } ]
                       remsim.bankd { enabled = true, server = "127.0.0.1:%d", port = 0, slots = [0] } }
                     """.formatted(server.rsproPort(), server.rsproPort()))
                     .withFallback(ConfigFactory.parseResources("application.conf")).resolve()))) {
            server.tellClientsBankPort(gateway.addresses().stream().filter(b -> b.name().equals(RemsimBankFront.NAME))
                    .map(b -> ((java.net.InetSocketAddress) b.address()).getPort()).findFirst().orElseThrow());
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(server.restBase() + "/slotmaps")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"bank\":{\"bankId\":1,\"slotNr\":0},"
                            + "\"client\":{\"clientId\":9,\"slotNr\":0}}")).build(), HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!gateway.slots().get(7).transport().isPresent()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the remsim slot got no card: " + gateway.slots().get(7).status());
                }
                Thread.sleep(20);
            }

            Measured direct = new Measured("slot 0: simcard, in process");
            Measured borrowed = new Measured("slot 7: remsim client -> bank -> slot 0");
            for (int round = -1; round < rounds; round++) {
                boolean warmup = round < 0;
                direct.run(seconds, warmup, () -> gateway.service().transaction(0, c -> c.transmit(SELECT_MF)).join());
                borrowed.run(seconds, warmup, () -> gateway.service().transaction(7, c -> c.transmit(SELECT_MF)).join());
            }
            System.out.printf("%-42s %12s %10s %10s%n", "path", "APDUs/s", "p50", "p99");
            direct.print();
            borrowed.print();
            System.out.printf("remsim slot / its card's own slot: %.0f %% of its rate%n",
                    100.0 * borrowed.rate() / direct.rate());
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    private static final class Measured {
        private final String name;
        private long[] latencies = new long[1 << 16];
        private int count;
        private long nanos;

        Measured(String name) {
            this.name = name;
        }

        void run(double seconds, boolean warmup, Op op) throws Exception {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                op.run();
                long took = System.nanoTime() - t;
                if (!warmup) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
            }
            if (!warmup) {
                nanos += System.nanoTime() - started;
            }
        }

        double rate() {
            return count / (nanos / 1e9);
        }

        void print() {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            System.out.printf("%-42s %12.0f %8.3f ms %8.3f ms%n", name, rate(), sorted[count / 2] / 1e6,
                    sorted[(int) (count * 0.99)] / 1e6);
        }
    }
}
