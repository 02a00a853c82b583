package org.simgate.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import com.typesafe.config.ConfigFactory;

import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.protocol.remsim.RemsimBankFront;
import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;
import org.simgate.rspro.ComponentType;
import org.simgate.rspro.RsproCodec;
import org.simgate.rspro.RsproMessage;
import org.simgate.rspro.RsproPdu;
import org.simgate.rspro.TpduFlags;
import org.simgate.rspro.ipa.IpaFrame;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * One remsim client's TPDU round trip through simgate's bank, beside the same APDU on the same simulated
 * slot through the line protocol (also one TCP round trip per APDU) and as a transaction in the process
 * (the slot's own pace, no network). Rounds alternate so that a busy machine weighs on all three alike.
 *
 * <p>{@code java -cp "tests/target/classes:$(cat tests/target/bench.classpath)"
 * org.simgate.bench.RemsimBankRoundTrip [seconds-per-round] [rounds]}
 */
public final class RemsimBankRoundTrip {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SELECT_MF = HEX.parseHex("00a4000c023f00");
    private static final ClientSlot CLIENT = new ClientSlot(7, 0);
    private static final BankSlot BANK = new BankSlot(1, 0);

    private RemsimBankRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (RemsimServer server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
             Gateway gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString("""
                     simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0
                       slots = [ { id = 0, transport = simcard, allow-apdu = true, simcard {
                         imsi = "001010000000001", iccid = "8988211000000000011"
                         k = "465b5ce8b199b49faa5f0a2ee238a6bc", opc = "cd63cb71954a9f4e48a5994e37a02baf" } } ]
                       remsim.bankd { enabled = true, server = "127.0.0.1:%d", port = 0, slots = [0] } }
                     """.formatted(server.rsproPort())).withFallback(ConfigFactory.parseResources("application.conf"))
                     .resolve()))) {
            int bankPort = gateway.addresses().stream().filter(b -> b.name().equals(RemsimBankFront.NAME))
                    .map(b -> ((InetSocketAddress) b.address()).getPort()).findFirst().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!http.send(HttpRequest.newBuilder(URI.create(server.restBase() + "/banks")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("simgate")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bank did not register");
                }
                Thread.sleep(20);
            }
            http.send(HttpRequest.newBuilder(URI.create(server.restBase() + "/slotmaps")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"bank\":{\"bankId\":1,\"slotNr\":0},"
                            + "\"client\":{\"clientId\":7,\"slotNr\":0}}")).build(), HttpResponse.BodyHandlers.discarding());
            while (!http.send(HttpRequest.newBuilder(URI.create(server.restBase() + "/slotmaps")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("ACTIVE")) {
                Thread.sleep(20);
            }

            try (Socket bank = new Socket(); Socket line = new Socket()) {
                bank.setTcpNoDelay(true);
                bank.connect(new InetSocketAddress("127.0.0.1", bankPort));
                RsproLink link = new RsproLink(bank);
                link.send(new RsproMessage.ConnectClientReq(
                        ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "bench", "bench", "1"), CLIENT));
                link.receive();
                link.receive();
                line.setTcpNoDelay(true);
                line.connect(gateway.lineAddress());
                byte[] lineRequest = ">simgate slot 0|\n>1:APDU:00A4000C023F00|\n\n".getBytes(StandardCharsets.US_ASCII);

                Measured direct = new Measured("in-process transaction (the slot's pace)");
                Measured viaLine = new Measured("line protocol, 1 connection");
                Measured viaBank = new Measured("remsim bank TPDU, 1 client");
                for (int round = -1; round < rounds; round++) {
                    boolean warmup = round < 0;
                    direct.run(seconds, warmup, () -> gateway.service().transaction(0, c -> c.transmit(SELECT_MF)).join());
                    viaLine.run(seconds, warmup, () -> lineRoundTrip(line, lineRequest));
                    viaBank.run(seconds, warmup, () -> {
                        link.send(new RsproMessage.TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, SELECT_MF));
                        link.receive();
                    });
                }
                System.out.printf("%-42s %12s %10s %10s%n", "path", "round trips/s", "p50", "p99");
                for (Measured m : new Measured[] {direct, viaLine, viaBank}) {
                    m.print();
                }
                System.out.printf("bank / line protocol: %.0f %% of its rate%n", 100.0 * viaBank.rate() / viaLine.rate());
            }
        }
    }

    private static void lineRoundTrip(Socket line, byte[] request) throws IOException {
        OutputStream out = line.getOutputStream();
        InputStream in = line.getInputStream();
        out.write(request);
        byte[] buffer = new byte[512];
        int length = 0;
        while (length < 3 || buffer[length - 1] != '\n' || buffer[length - 2] != '@' || buffer[length - 3] != '@') {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                throw new IOException("line connection closed");
            }
            length += n;
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    /** Latencies of one path over every measured round. */
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

    /** RSPRO over a blocking socket; PINGs answered. */
    private static final class RsproLink {
        private final DataInputStream in;
        private final OutputStream out;

        RsproLink(Socket socket) throws IOException {
            this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        void send(RsproMessage msg) throws IOException {
            out.write(IpaFrame.rspro(RsproCodec.encode(RsproPdu.of(msg))).toBytes());
        }

        RsproPdu receive() throws Exception {
            while (true) {
                int length = in.readUnsignedShort();
                int stream = in.readUnsignedByte();
                byte[] payload = new byte[length];
                in.readFully(payload);
                IpaFrame frame = new IpaFrame(stream, payload);
                if (frame.isRspro()) {
                    return RsproCodec.decode(payload, 1, payload.length - 1);
                }
                if (frame.isCcm() && frame.ccmType() == 0) {
                    out.write(new byte[] {0, 1, (byte) 0xFE, 1});
                }
            }
        }
    }
}
