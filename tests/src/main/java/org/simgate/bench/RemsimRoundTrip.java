package org.simgate.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.typesafe.config.ConfigFactory;

import jnasmartcardio.PcscCalls;

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
import org.simgate.service.SlotStatus;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * Round trips through osmo-remsim's RSPRO and simgate, against a reference in the same run; rounds of
 * each alternate after a warm-up round, so that a busy machine weighs on both alike. Two comparisons:
 *
 * <ul>
 *   <li>{@code pcsc READER}: one card in a PC/SC reader (scripts/bench-remsim starts pcscd, vpcd and the
 *       card). Reference: a direct PC/SC loop (raw SCardTransmit, exclusive) of a modem's AKA TPDUs,
 *       AUTHENTICATE then GET RESPONSE. Measured: the same TPDUs sent by one remsim client (RSPRO over
 *       TCP) to simgate's bank, which serves the reader as its {@code transport = pcsc} slot 0, mapped by
 *       the in-repo RSPRO server. Between the two, a reload points slot 0 elsewhere so that the direct
 *       loop can have the card, and back. A third path, the ceiling of any bank: the same client to a
 *       one-thread bank in this process that calls SCardTransmit on the thread that reads the socket.</li>
 *   <li>{@code client}: a remsim client slot (slot 7, {@code transport = remsim}) that borrows simulated
 *       slot 0 through simgate's own bank, against the same APDU on slot 0 itself, both as a transaction
 *       in the process: what the client transport and the chain add to a card's pace.</li>
 * </ul>
 *
 * <p>{@code java -cp "tests/target/classes:$(cat tests/target/bench.classpath)" org.simgate.bench.RemsimRoundTrip
 * pcsc READER|client [seconds-per-round] [rounds]}
 */
public final class RemsimRoundTrip {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SELECT_MF = HEX.parseHex("00a4000c023f00");
    private static final byte[] SELECT_USIM = HEX.parseHex("00a4040c10a0000000871002ffffffff8907090000");
    /** TS 35.208 test set 1, SQN 000000000020: the card must not check SQN freshness (a benchmark replays it). */
    private static final byte[] AUTHENTICATE = HEX.parseHex("0088008122" + "10" + "00112233445566778899aabbccddeeff"
            + "10" + "3cbc31a43007800010f4e2e95de26b00");
    private static final byte[] GET_RESPONSE = HEX.parseHex("00c0000035");
    private static final ClientSlot CLIENT = new ClientSlot(7, 0);
    private static final BankSlot BANK = new BankSlot(1, 0);
    private static final String SIMCARD = "transport = simcard, allow-apdu = true, simcard { imsi = \"001010000000001\","
            + " iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\","
            + " opc = \"cd63cb71954a9f4e48a5994e37a02baf\" }";

    private RemsimRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("pcsc") && args.length > 1) {
            bankAgainstPcsc(args[1], seconds(args, 2), rounds(args, 3));
        } else if (args.length > 0 && args[0].equals("client")) {
            clientSlotAgainstItsCard(seconds(args, 1), rounds(args, 2));
        } else {
            System.err.println("usage: RemsimRoundTrip pcsc READER|client [seconds-per-round] [rounds]");
            System.exit(2);
        }
    }

    private static double seconds(String[] args, int at) {
        return args.length > at ? Double.parseDouble(args[at]) : 5;
    }

    private static int rounds(String[] args, int at) {
        return args.length > at ? Integer.parseInt(args[at]) : 3;
    }

    // ---------------------------------------------------------------- the bank against a direct PC/SC loop

    private static void bankAgainstPcsc(String reader, double seconds, int rounds) throws Exception {
        String quoted = com.typesafe.config.ConfigUtil.quoteString("^" + java.util.regex.Pattern.quote(reader) + "$");
        try (RemsimServer server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM))) {
            String bank = "remsim.bankd { enabled = true, server = \"127.0.0.1:" + server.rsproPort()
                    + "\", port = 0, slots = [0] }";
            GatewayConfig withCard = config("{ id = 0, transport = pcsc, allow-apdu = true, pcsc { reader = " + quoted
                    + ", mode = exclusive } }", bank);
            // any other reader (vpcd makes two): the config must name one that exists
            String elsewhere = com.typesafe.config.ConfigUtil.quoteString("^(?!" + java.util.regex.Pattern.quote(reader)
                    + "$).*");
            GatewayConfig withoutCard = config("{ id = 0, transport = pcsc, allow-apdu = true, pcsc { reader = "
                    + elsewhere + " } }", bank);
            AtomicReference<GatewayConfig> current = new AtomicReference<>(withCard);
            try (Gateway gateway = Gateway.start(withCard, current::get)) {
                server.tellClientsBankPort(bankPort(gateway));
                map(server);
                awaitPresent(gateway);
                try (RsproLink link = RsproLink.connect(bankPort(gateway))) {
                    link.tpdu(SELECT_USIM, "9000");
                    warm(() -> {
                        link.tpdu(AUTHENTICATE, "6135");
                        link.akaAnswer(link.tpdu(GET_RESPONSE, "9000"));
                    });
                }
                Measured direct = new Measured("direct PC/SC loop (the card's pace)");
                Measured viaBank = new Measured("remsim client -> simgate bank -> pcsc slot");
                Measured oneThread = new Measured("remsim client -> one-thread bank (ceiling)");
                int warmRounds = 0;
                for (int round = -1; round < rounds; round++) {
                    boolean warmup = round < 0;
                    awaitPresent(gateway);
                    try (RsproLink link = RsproLink.connect(bankPort(gateway))) {
                        link.tpdu(SELECT_USIM, "9000");
                        viaBank.run(seconds, warmup, () -> {
                            link.tpdu(AUTHENTICATE, "6135");
                            link.akaAnswer(link.tpdu(GET_RESPONSE, "9000"));
                        });
                    }
                    current.set(withoutCard);
                    gateway.reload().join();
                    directLoop(reader, seconds, warmup, direct);
                    oneThreadBank(reader, seconds, warmup, oneThread);
                    current.set(withCard);
                    gateway.reload().join();
                    // the reloads between the paths send the gateway's JIT back to work for a few rounds: warm
                    // until the bank's path runs a whole round with the top tier compiling under 1 % of it
                    if (warmup && ++warmRounds < 5 && viaBank.lastJitMillis() > seconds * 10) {
                        round--;
                        continue;
                    }
                    if (warmup) {
                        System.out.printf("warm-up rounds: %d (C2 compiled %d ms in the last one's bank path)%n",
                                warmRounds, viaBank.lastJitMillis());
                    }
                    if (!warmup) {
                        System.out.printf("round %d: direct %.0f AKA/s, bank %.0f AKA/s = %.0f %%, one-thread bank %.0f %%;"
                                + " C2 compiled %d/%d/%d ms; load average %s%n", round + 1, direct.lastRate(),
                                viaBank.lastRate(), 100 * viaBank.lastRate() / direct.lastRate(),
                                100 * oneThread.lastRate() / direct.lastRate(), direct.lastJitMillis(),
                                viaBank.lastJitMillis(), oneThread.lastJitMillis(), loadAverage());
                    }
                }
                System.out.printf("%-44s %10s %10s %10s%n", "path (AUTHENTICATE + GET RESPONSE)", "AKA/s", "p50",
                        "p99");
                direct.print();
                viaBank.print();
                System.out.printf("bank / direct PC/SC loop: %.1f %% of its rate (all rounds)%n",
                        100.0 * viaBank.rate() / direct.rate());
                oneThread.print();
                System.out.printf("one-thread bank / direct PC/SC loop: %.1f %% of its rate (all rounds): the most a bank"
                        + " reaches here%n", 100.0 * oneThread.rate() / direct.rate());
                long profile = Long.getLong("remsim.bench.profile-seconds", 0);
                if (profile > 0) {
                    awaitPresent(gateway);
                    try (RsproLink link = RsproLink.connect(bankPort(gateway))) {
                        link.tpdu(SELECT_USIM, "9000");
                        System.out.printf("profile: the bank's path alone for %d s%n", profile);
                        System.out.flush();
                        long end = System.nanoTime() + profile * 1_000_000_000L;
                        while (System.nanoTime() < end) {
                            link.tpdu(AUTHENTICATE, "6135");
                            link.akaAnswer(link.tpdu(GET_RESPONSE, "9000"));
                        }
                    }
                }
                System.out.println("threads of the process, per AKA, direct loop:");
                direct.printThreads();
                System.out.println("threads of the process, per AKA, through the bank:");
                viaBank.printThreads();
                System.out.println("threads of the process, per AKA, through the one-thread bank:");
                oneThread.printThreads();
            }
        }
    }

    /**
     * The bank's path runs in 2 s chunks until the JIT's top tier spends at most 2 % of a chunk compiling
     * (60 s at most): the gateway is measured at its steady state, as it runs for days, not while C2
     * still takes CPU from the requests on a small machine. The direct loop's code is a few JNA calls.
     */
    private static void warm(Op op) throws Exception {
        long started = System.nanoTime();
        double share = 1;
        while (System.nanoTime() - started < 60_000_000_000L && share > 0.02) {
            long before = ThreadTimes.now().getOrDefault("C2 CompilerThre", new long[3])[0];
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                op.run();
            }
            share = (ThreadTimes.now().getOrDefault("C2 CompilerThre", new long[3])[0] - before)
                    / (2.0 * ThreadTimes.HZ);
        }
        System.out.printf("bank path warmed for %.0f s (C2 compiled %.0f %% of the last 2 s)%n",
                (System.nanoTime() - started) / 1e9, share * 100);
    }

    private static void directLoop(String reader, double seconds, boolean warmup, Measured direct) throws Exception {
        PcscCalls pcsc = PcscCalls.load();
        long context = pcsc.establishContext();
        try {
            PcscCalls.Connection card = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (card == null) {
                try {
                    card = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_EXCLUSIVE,
                            PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1);
                } catch (PcscCalls.PcscError e) {
                    // the reloaded gateway may not have let the card go yet
                    if (e.code() != PcscCalls.SCARD_E_SHARING_VIOLATION || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
            PcscCalls.Connection connected = card;
            check(pcsc.transmit(card.handle(), card.protocol(), SELECT_USIM), "9000");
            direct.run(seconds, warmup, () -> {
                check(pcsc.transmit(connected.handle(), connected.protocol(), AUTHENTICATE), "6135");
                RsproLink.checkAka(check(pcsc.transmit(connected.handle(), connected.protocol(), GET_RESPONSE), "9000"));
            });
            pcsc.disconnect(card.handle(), PcscCalls.SCARD_LEAVE_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
    }

    /**
     * The least any bank can add, measured as a third path: one thread that reads the client's socket
     * and calls SCardTransmit itself (osmo-remsim-bankd's shape, minus everything a gateway does: no
     * other work between TPDUs, no slot state, no metrics). What separates it from the direct loop is
     * the RSPRO hop itself: a loopback TCP round trip and one more thread to wake per TPDU.
     */
    private static void oneThreadBank(String reader, double seconds, boolean warmup, Measured measured) throws Exception {
        PcscCalls pcsc = PcscCalls.load();
        long context = pcsc.establishContext();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            PcscCalls.Connection card = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_EXCLUSIVE,
                    PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1);
            Thread bank = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    socket.setTcpNoDelay(true);
                    RsproLink served = new RsproLink(socket);
                    while (true) {
                        RsproMessage msg = served.receive().msg();
                        if (msg instanceof RsproMessage.ConnectClientReq) {
                            served.send(new RsproMessage.ConnectClientRes(ComponentIdentity.of(
                                    ComponentType.REMSIM_BANKD, "bench", "bench", "1"),
                                    org.simgate.rspro.ResultCode.OK));
                            served.send(new RsproMessage.SetAtrReq(CLIENT, HEX.parseHex("3b00")));
                        } else if (msg instanceof RsproMessage.TpduModemToCard tpdu) {
                            served.send(new RsproMessage.TpduCardToModem(BANK, CLIENT, TpduFlags.NONE,
                                    pcsc.transmit(card.handle(), card.protocol(), tpdu.data())));
                        }
                    }
                } catch (Exception closed) {
                    // the client hung up: the round is over
                }
            }, "one-thread-bank");
            bank.start();
            try (RsproLink link = RsproLink.connect(listener.getLocalPort())) {
                link.tpdu(SELECT_USIM, "9000");
                measured.run(seconds, warmup, () -> {
                    link.tpdu(AUTHENTICATE, "6135");
                    link.akaAnswer(link.tpdu(GET_RESPONSE, "9000"));
                });
            }
            bank.join();
            pcsc.disconnect(card.handle(), PcscCalls.SCARD_LEAVE_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
    }

    private static void awaitPresent(Gateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (gateway.slots().get(0) == null || gateway.slots().get(0).state() != SlotStatus.State.PRESENT) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("slot 0 has no card: " + gateway.slots().get(0).status());
            }
            Thread.sleep(20);
        }
    }

    // ---------------------------------------------------------------- a remsim client slot against its card's slot

    private static void clientSlotAgainstItsCard(double seconds, int rounds) throws Exception {
        try (RemsimServer server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM))) {
            GatewayConfig config = config("{ id = 0, " + SIMCARD + " }\n{ id = 7, transport = remsim, allow-apdu = true,"
                    + " remsim { server = \"127.0.0.1:" + server.rsproPort() + "\", client-id = 7 } }",
                    "remsim.bankd { enabled = true, server = \"127.0.0.1:" + server.rsproPort()
                            + "\", port = 0, slots = [0] }");
            try (Gateway gateway = Gateway.start(config)) {
                server.tellClientsBankPort(bankPort(gateway));
                map(server);
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
                System.out.printf("%-44s %10s %10s %10s%n", "path (SELECT MF)", "APDUs/s", "p50", "p99");
                direct.print();
                borrowed.print();
                System.out.printf("remsim slot / its card's own slot: %.0f %% of its rate%n",
                        100.0 * borrowed.rate() / direct.rate());
            }
        }
    }

    // ---------------------------------------------------------------- shared

    private static GatewayConfig config(String slots, String bank) {
        return GatewayConfig.from(ConfigFactory.parseString("simgate { http.port = 0, https.enabled = false,"
                        + " line.enabled = false, management.enabled = false\n slots = [\n" + slots + "\n]\n" + bank + " }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    private static int bankPort(Gateway gateway) {
        return gateway.addresses().stream().filter(b -> b.name().equals(RemsimBankFront.NAME))
                .map(b -> ((InetSocketAddress) b.address()).getPort()).findFirst().orElseThrow();
    }

    /** Maps bank 1 slot 0 to client 7 slot 0 on the server and waits until the bank confirmed it. */
    private static void map(RemsimServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
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
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bank did not confirm the mapping");
            }
            Thread.sleep(20);
        }
    }

    private static byte[] check(byte[] answer, String sw) {
        String got = HEX.formatHex(answer, answer.length - 2, answer.length);
        if (!got.equals(sw)) {
            throw new IllegalStateException("card answered " + got + ", expected " + sw);
        }
        return answer;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private interface Op {
        void run() throws Exception;
    }

    /** Latencies of one path over every measured round, and what the process's threads did meanwhile. */
    private static final class Measured {
        private static final long SETTLE_NANOS = 1_000_000_000L;
        private final String name;
        private long[] latencies = new long[1 << 16];
        private int count;
        private long nanos;
        private int lastCount;
        private long lastNanos;
        private long lastJitMillis;
        private final Map<String, long[]> threads = new TreeMap<>();

        Measured(String name) {
            this.name = name;
        }

        void run(double seconds, boolean warmup, Op op) throws Exception {
            // a phase starts after a reload and a new connection: the JIT may still be at what they ran
            // (the reload's own code turns hot after a few rounds and is compiled then): let it finish
            long quietBy = System.nanoTime() + 5_000_000_000L;
            long jit = ThreadTimes.now().getOrDefault("C2 CompilerThre", new long[3])[0];
            while (System.nanoTime() < quietBy) {
                Thread.sleep(300);
                long now = ThreadTimes.now().getOrDefault("C2 CompilerThre", new long[3])[0];
                if (now == jit) {
                    break;
                }
                jit = now;
            }
            long settled = System.nanoTime() + SETTLE_NANOS;
            while (System.nanoTime() < settled) {
                op.run();
            }
            Map<String, long[]> before = ThreadTimes.now();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            int from = count;
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
            Map<String, long[]> now = ThreadTimes.now();
            lastJitMillis = (now.getOrDefault("C2 CompilerThre", new long[3])[0]
                    - before.getOrDefault("C2 CompilerThre", new long[3])[0]) * 1000 / ThreadTimes.HZ;
            if (!warmup) {
                lastNanos = System.nanoTime() - started;
                lastCount = count - from;
                nanos += lastNanos;
                now.forEach((thread, after) -> {
                    long[] was = before.getOrDefault(thread, new long[3]);
                    long[] sum = threads.computeIfAbsent(thread, t -> new long[3]);
                    for (int i = 0; i < 3; i++) {
                        sum[i] += after[i] - was[i];
                    }
                });
            }
        }

        double rate() {
            return count / (nanos / 1e9);
        }

        /** CPU the JIT's top tier spent compiling during the last round: the process was not at its steady state. */
        long lastJitMillis() {
            return lastJitMillis;
        }

        double lastRate() {
            return lastCount / (lastNanos / 1e9);
        }

        void print() {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            System.out.printf("%-44s %10.0f %7.3f ms %7.3f ms%n", name, rate(), sorted[count / 2] / 1e6,
                    sorted[(int) (count * 0.99)] / 1e6);
        }

        /** CPU and context switches per round trip, by thread name, for the threads that did anything. */
        void printThreads() {
            threads.forEach((thread, sum) -> {
                double cpuMicros = sum[0] * 1e6 / ThreadTimes.HZ / count;
                double voluntary = (double) sum[1] / count;
                if (cpuMicros >= 1 || voluntary >= 0.05) {
                    System.out.printf("  %-18s CPU %5.0f us, switches %.2f voluntary, %.2f involuntary%n", thread,
                            cpuMicros, voluntary, (double) sum[2] / count);
                }
            });
        }
    }

    /** CPU ticks and context switches of this process's threads, by name (digits dropped), from /proc. */
    private static final class ThreadTimes {
        static final long HZ = 100;

        static Map<String, long[]> now() throws IOException {
            Map<String, long[]> byName = new TreeMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim().replaceAll("[#0-9-]+$", "");
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        long voluntary = 0;
                        long involuntary = 0;
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                        long[] sum = byName.computeIfAbsent(name, n -> new long[3]);
                        sum[0] += cpu;
                        sum[1] += voluntary;
                        sum[2] += involuntary;
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended while we looked
                    }
                }
            }
            return byName;
        }
    }

    /** One remsim client's connection to the bank, RSPRO over a blocking socket; PINGs answered. */
    private static final class RsproLink implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        private RsproLink(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        /** Connects as client 7:0 and takes the card: ConnectClientRes ok, then the ATR. */
        static RsproLink connect(int port) throws Exception {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            RsproLink link = new RsproLink(socket);
            link.send(new RsproMessage.ConnectClientReq(
                    ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "bench", "bench", "1"), CLIENT));
            RsproMessage res = link.receive().msg();
            if (!(res instanceof RsproMessage.ConnectClientRes connected) || !connected.result().isOk()) {
                throw new IllegalStateException("the bank refused the client: " + res);
            }
            if (!(link.receive().msg() instanceof RsproMessage.SetAtrReq)) {
                throw new IllegalStateException("no ATR from the bank");
            }
            return link;
        }

        byte[] tpdu(byte[] command, String sw) throws Exception {
            send(new RsproMessage.TpduModemToCard(CLIENT, BANK, TpduFlags.NONE, command));
            RsproMessage answer = receive().msg();
            if (!(answer instanceof RsproMessage.TpduCardToModem tpdu)) {
                throw new IllegalStateException("the bank answered " + answer);
            }
            return check(tpdu.data(), sw);
        }

        void akaAnswer(byte[] answer) {
            checkAka(answer);
        }

        /** DB, RES, CK, IK, Kc, 9000: 0x37 bytes, as GET RESPONSE of 0x35 gives them. */
        static void checkAka(byte[] answer) {
            if (answer.length != 0x37 || answer[0] != (byte) 0xdb) {
                throw new IllegalStateException("unexpected AUTHENTICATE answer of " + answer.length + " bytes");
            }
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

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
